// TLS reload targets: a good new certificate is swapped in (and tracked for the expiry gauge);
// a broken certificate, a key that is not the certificate's, an expired certificate or an
// unreadable file throws and swaps nothing; unchanged files are no reload.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { serverTlsTarget, clientTlsTarget } from '../../../src/reload/tls-reload.js';
import { readClientTls } from '../../../src/tls/files.js';
import { fingerprints } from '../../../src/store/file-watch.js';
import { Metrics } from '../../../src/metrics.js';
import type { ServerTlsState } from '../../../src/tls/server-context.js';
import type { ServerTls } from '../../../src/config/types.js';
import { serverCert, serialOf, tempDir } from './fixtures.js';

t.test('server certificate target', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const files: ServerTls = { cert: path.join(dir, 'tls.crt'), key: path.join(dir, 'tls.key'), clientCa: null, clientAuth: 'none', minVersion: 'TLSv1.2' };
  const first = serverCert();
  fs.writeFileSync(files.cert, first.cert);
  fs.writeFileSync(files.key, first.key);
  const swapped: ServerTlsState[] = [];
  const metrics = new Metrics();
  const target = serverTlsTarget({ name: 'edge', setTls: (s) => swapped.push(s) }, files, metrics, await fingerprints([files.cert, files.key]));
  t.equal(target.what, 'certificates');
  t.same(target.files, [files.cert, files.key]);

  t.same(await target.reload(), { changed: false }, 'unchanged files: nothing to do');
  const second = serverCert({ days: 90 });
  fs.writeFileSync(files.cert, second.cert);
  fs.writeFileSync(files.key, second.key);
  const r = await target.reload();
  t.equal(r.changed, true);
  t.equal(r.detail?.serial, serialOf(second.cert), 'the log line names the new serial');
  t.equal(swapped.length, 1);
  t.equal(serialOf(swapped[0].options.cert as Buffer), serialOf(second.cert), 'the new certificate was swapped in');
  const expiry = (await metrics.registry.getSingleMetric('streamward_certificate_expiry_seconds')!.get()).values;
  t.equal(expiry.length, 1);
  t.ok(Math.abs(expiry[0].value - 90 * 86400) < 300, `expiry gauge follows the new certificate (${expiry[0].value})`);

  const bad: Array<[string, () => void, RegExp]> = [
    ['broken certificate', () => fs.writeFileSync(files.cert, '-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n'), /certificate is not valid PEM/],
    [
      'key of another certificate',
      () => {
        fs.writeFileSync(files.cert, second.cert);
        fs.writeFileSync(files.key, serverCert().key);
      },
      /do not form a usable TLS identity/,
    ],
    [
      'expired certificate',
      () => {
        const old = serverCert({ days: -1 });
        fs.writeFileSync(files.cert, old.cert);
        fs.writeFileSync(files.key, old.key);
      },
      /expired/,
    ],
    [
      'unreadable key',
      () => {
        fs.writeFileSync(files.cert, second.cert);
        fs.rmSync(files.key);
      },
      /cannot read private key .*tls\.key/,
    ],
  ];
  for (const [name, breakIt, why] of bad) {
    breakIt();
    await t.rejects(target.reload(), why, `${name}: rejected with the reason`);
    t.equal(swapped.length, 1, `${name}: nothing swapped`);
  }
  const third = serverCert();
  fs.writeFileSync(files.cert, third.cert);
  fs.writeFileSync(files.key, third.key);
  t.equal((await target.reload()).changed, true, 'fixed files load again');
  t.equal(serialOf(swapped[1].options.cert as Buffer), serialOf(third.cert));
});

t.test('client identity target updates the shared connect options in place', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const files = { ca: null, cert: path.join(dir, 'app.pem'), key: path.join(dir, 'app.key'), serverName: 'edge.example' };
  const one = serverCert();
  fs.writeFileSync(files.cert, one.cert);
  fs.writeFileSync(files.key, one.key);
  const options = readClientTls(files);
  t.equal(options.servername, 'edge.example');
  const target = clientTlsTarget('sidecar app', files, options, await fingerprints([files.cert, files.key]));
  const two = serverCert();
  fs.writeFileSync(files.cert, two.cert);
  fs.writeFileSync(files.key, one.key);
  await t.rejects(target.reload(), /do not form a usable TLS identity/);
  t.equal(serialOf(options.cert as Buffer), serialOf(one.cert), 'old identity kept');
  fs.writeFileSync(files.key, two.key);
  t.equal((await target.reload()).changed, true);
  t.equal(serialOf(options.cert as Buffer), serialOf(two.cert), 'same object, new identity');
  t.equal(options.servername, 'edge.example');
});
