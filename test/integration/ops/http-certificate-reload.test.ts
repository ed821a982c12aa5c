// The served certificate of an HTTP (Flink REST) listener rotates like a Kafka or Fluss
// listener's: a Kubernetes-style `..data` swap is picked up by the file watch, new handshakes get
// the new certificate, a connection opened before stays up, and a broken file keeps the old one.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import t from 'tap';
import { startFlinkBackend } from '../../../testkit/http/flink-backend.js';
import { createServerCert } from '../../../src/tls/certs.js';
import { kubeVolume, serialOf, testCa } from '../../unit/reload/fixtures.js';
import { sample, startOpsGateway, tempDir, waitFor } from './setup.js';

function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerCertificate().serialNumber);
      s.destroy();
    });
    s.once('error', reject);
  });
}

t.test('HTTP listener certificate hot reload', async (t) => {
  const backend = await startFlinkBackend();
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await backend.close();
    remove();
  });
  const ca = testCa();
  const tlsDir = path.join(dir, 'tls');
  fs.mkdirSync(tlsDir);
  const first = createServerCert(ca, { cn: 'localhost' });
  const volume = kubeVolume(tlsDir, { 'tls.crt': first.cert, 'tls.key': first.key });
  fs.writeFileSync(path.join(dir, 'users.yaml'), 'version: 1\nusers: {}\n');
  const ops = await startOpsGateway(
    dir,
    `
clusters: { flink: { protocol: http, url: "${backend.url}" } }
listeners:
  - { name: ui, cluster: flink, bind: 127.0.0.1:0, tls: { cert: tls/tls.crt, key: tls/tls.key }, authentication: [basic] }
credentials: users.yaml
admin: { bind: 127.0.0.1:0 }
`,
    { audit: null },
  );
  t.teardown(() => ops.stop());
  const port = ops.gw.http.get('ui')!.port;
  const count = async (outcome: string) => sample(await ops.scrape(), 'streamward_reloads_total', { what: 'certificates', outcome });

  t.equal(await servedSerial(port, ca.cert), serialOf(first.cert), 'the first certificate is served');
  const open = await new Promise<tls.TLSSocket>((r) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca: ca.cert, servername: 'localhost' }, () => r(s));
  });
  const second = createServerCert(ca, { cn: 'localhost', days: 60 });
  volume.update({ 'tls.crt': second.cert, 'tls.key': second.key });
  await waitFor(async () => (await servedSerial(port, ca.cert)) === serialOf(second.cert), 5000, 'new certificate served');
  t.pass('new handshakes get the new certificate');
  t.notOk(open.destroyed, 'the connection made before the rotation is still open');
  open.destroy();
  t.equal(await count('success'), 1, 'one successful certificate reload counted');

  volume.update({ 'tls.crt': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'tls.key': second.key });
  await waitFor(async () => (await count('failure')) === 1, 5000, 'the broken file counted as a failed reload');
  t.equal(await servedSerial(port, ca.cert), serialOf(second.cert), 'a broken file keeps the certificate in force');
  t.ok(
    ops.lines.some((l) => l.err === 'SW_ERR_RELOAD_FAILED' && l.target === 'listener ui'),
    'the failed reload is logged for the listener',
  );
});
