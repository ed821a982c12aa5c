/**
 * Attack: keep using a client certificate after it was revoked. The gateway had no CRL check,
 * so a revoked certificate stayed good until it expired. Now `tls.crl` (PEM, one file or a
 * list) is checked at every handshake: a revoked certificate is refused with
 * SW_ERR_CLIENT_CERT_REVOKED, and a new CRL is picked up by the TLS reload without a restart:
 * new handshakes see the new list, and open connections whose certificate it revokes are closed
 * (before, a connection made before the revocation kept working for as long as it stayed open).
 * The CRL is signed by the test CA with the system `openssl ca -gencrl`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { startTestListener, waitForLine } from '../helpers/listener.js';
import { connectRaw } from '../helpers/raw-client.js';
import { testPki } from '../helpers/pki.js';
import { TestCrl } from '../helpers/crl.js';
import { FlussAdapter } from '../../src/adapters/fluss/adapter.js';
import { anonymousPolicy } from '../../src/adapters/auth-policy.js';
import { Metrics } from '../../src/metrics.js';
import { loadServerTls } from '../../src/tls/server-context.js';
import { serverTlsTarget } from '../../src/reload/tls-reload.js';
import { fingerprints } from '../../src/store/file-watch.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import type { ServerTls } from '../../src/config/types.js';

t.test('a revoked client certificate is refused at the handshake; a new CRL applies on reload', async (t) => {
  const pki = await testPki();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-crl-test-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const crlFile = path.join(dir, 'clients.crl.pem');
  const crl = new TestCrl({ cert: pki.ca, key: pki.caKey });
  crl.write(crlFile); // nothing revoked yet

  const files: ServerTls = { cert: pki.server.cert, key: pki.server.key, clientCa: pki.ca, clientAuth: 'required', minVersion: 'TLSv1.2', crl: [crlFile] };
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const metrics = new Metrics();
  const state = loadServerTls({ cert: files.cert, key: files.key, clientCa: pki.ca, clientAuth: 'required', minVersion: 'TLSv1.2', crl: files.crl });
  const [host, port] = cluster.bootstrap.split(':');
  const gw = await startTestListener({ metrics, adapter: new FlussAdapter({ auth: anonymousPolicy('test', metrics) }), bootstrap: [{ host, port: Number(port) }], tls: state });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const reload = serverTlsTarget(gw.listener, files, metrics, await fingerprints([files.cert, files.key, pki.ca, crlFile]));

  /** True when `who` gets an answer to LIST_DATABASES over a fresh mTLS connection. */
  const served = async (who: 'alice' | 'bob'): Promise<boolean> => {
    const c = await connectRaw(gw.port, {
      tls: { ca: fs.readFileSync(pki.ca), servername: 'localhost', cert: fs.readFileSync(pki.clients[who].cert), key: fs.readFileSync(pki.clients[who].key) },
    }).catch(() => null);
    if (!c) return false;
    try {
      c.send(encodeRequestFrame(ApiKey.LIST_DATABASES, 0, 1, Buffer.alloc(0)));
      const answered = c.waitFrames(1, 5000).then(
        () => true,
        () => false,
      );
      return await Promise.race([answered, c.closed.then(() => false)]);
    } finally {
      c.close();
    }
  };

  t.equal(await served('bob'), true, 'bob is served while his certificate is not revoked');
  const bobBefore = await connectRaw(gw.port, {
    tls: { ca: fs.readFileSync(pki.ca), servername: 'localhost', cert: fs.readFileSync(pki.clients.bob.cert), key: fs.readFileSync(pki.clients.bob.key) },
  });
  t.teardown(() => bobBefore.close());
  const aliceBefore = await connectRaw(gw.port, {
    tls: { ca: fs.readFileSync(pki.ca), servername: 'localhost', cert: fs.readFileSync(pki.clients.alice.cert), key: fs.readFileSync(pki.clients.alice.key) },
  });
  t.teardown(() => aliceBefore.close());

  crl.revoke(pki.clients.bob.cert);
  crl.write(crlFile);
  const r = await reload.reload();
  t.equal(r.changed, true, 'the TLS reload picked up the new CRL');
  const bobClosed = await Promise.race([bobBefore.closed.then(() => true), new Promise<boolean>((res) => setTimeout(() => res(false), 5000))]);
  t.equal(bobClosed, true, "bob's connection opened before the new CRL is closed by the reload");
  t.ok(
    gw.lines.some((l) => l.err === 'SW_ERR_CLIENT_CERT_REVOKED' && /reloaded CRL/.test(String(l.detail))),
    'with one SW_ERR_CLIENT_CERT_REVOKED line naming the reloaded CRL',
  );
  aliceBefore.send(encodeRequestFrame(ApiKey.LIST_DATABASES, 0, 7, Buffer.alloc(0)));
  await aliceBefore.waitFrames(1, 5000);
  t.pass("alice's connection opened before the new CRL still works");

  t.equal(await served('bob'), false, "bob's revoked certificate is refused");
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT_REVOKED');
  t.match(String(line.detail), /revoked/i);
  t.equal(await served('alice'), true, 'alice is not affected');

  t.test('a CRL that does not parse is refused by the reload; the last good one stays', async (t) => {
    fs.writeFileSync(crlFile, '-----BEGIN X509 CRL-----\nnot a crl\n-----END X509 CRL-----\n');
    await t.rejects(reload.reload(), /CRL/);
    t.equal(await served('bob'), false, 'bob stays refused');
    t.equal(await served('alice'), true);
  });
});

t.test('config: tls.crl takes one file or a list, resolved like the other TLS files, and needs clientCa', async (t) => {
  const { MINIMAL, parse, problemsOf } = await import('../unit/config/fixture.js');
  const one = parse(`${MINIMAL}    tls: { cert: s.pem, key: s.key, clientCa: ca.pem, crl: clients.crl }\n    authentication: [mtls]\n`).listeners[0]!;
  t.same(one.mode === 'gateway' && one.tls?.crl, ['/cfg/clients.crl']);
  const list = parse(`${MINIMAL}    tls: { cert: s.pem, key: s.key, clientCa: ca.pem, crl: [a.crl, b.crl] }\n    authentication: [mtls]\n`).listeners[0]!;
  t.same(list.mode === 'gateway' && list.tls?.crl, ['/cfg/a.crl', '/cfg/b.crl']);
  t.match(problemsOf(`${MINIMAL}    tls: { cert: s.pem, key: s.key, crl: a.crl }\n`).join('\n'), /tls\.crl.*needs tls\.clientCa/);
});
