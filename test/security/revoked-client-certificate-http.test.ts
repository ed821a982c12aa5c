/**
 * Attack: keep a Flink REST (HTTP listener) connection open with a client certificate that has
 * since been revoked. A reloaded `tls.crl` must close open connections whose certificate it
 * revokes (SW_ERR_CLIENT_CERT_REVOKED), not only refuse new handshakes; others stay open.
 */
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import t from 'tap';
import { startFlinkBackend } from '../../testkit/http/flink-backend.js';
import { testPki } from '../helpers/pki.js';
import { TestCrl } from '../helpers/crl.js';
import { sample, startOpsGateway, tempDir, waitFor } from '../integration/ops/setup.js';

/** An mTLS connection that has sent one request and read its answer head; `closed` settles on close. */
async function openClient(port: number, pki: Awaited<ReturnType<typeof testPki>>, who: 'alice' | 'bob'): Promise<{ socket: tls.TLSSocket; closed: Promise<void> }> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    servername: 'localhost',
    ca: fs.readFileSync(pki.ca),
    cert: fs.readFileSync(pki.clients[who].cert),
    key: fs.readFileSync(pki.clients[who].key),
  });
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  socket.on('error', () => {});
  await new Promise<void>((r, j) => {
    socket.once('secureConnect', () => r());
    socket.once('error', j);
  });
  const head = await new Promise<string>((r) => {
    socket.once('data', (d: Buffer) => r(d.toString('latin1')));
    socket.write('GET /overview HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
  if (!head.startsWith('HTTP/1.1 200')) throw new Error(`unexpected answer: ${head.slice(0, 80)}`);
  return { socket, closed };
}

t.test('a reloaded CRL closes open HTTP connections of the certificates it revokes', async (t) => {
  const pki = await testPki();
  const backend = await startFlinkBackend();
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await backend.close();
    remove();
  });
  const crlFile = path.join(dir, 'clients.crl.pem');
  const crl = new TestCrl({ cert: pki.ca, key: pki.caKey });
  crl.write(crlFile);
  fs.writeFileSync(
    path.join(dir, 'acls.yaml'),
    'acls:\n  - {protocol: flink, principal: "User:alice", resourceType: CLUSTER, resourceName: flink-cluster, operation: ALL}\n  - {protocol: flink, principal: "User:bob", resourceType: CLUSTER, resourceName: flink-cluster, operation: ALL}\n',
  );
  const ops = await startOpsGateway(
    dir,
    `
clusters: { flink: { protocol: http, url: "${backend.url}" } }
listeners:
  - name: ui
    cluster: flink
    bind: 127.0.0.1:0
    tls: { cert: "${pki.server.cert}", key: "${pki.server.key}", clientCa: "${pki.ca}", clientAuth: required, crl: clients.crl.pem }
    authentication: [mtls]
principals: { mtls: { rules: ['RULE:^CN=([^,]+).*$/$1/', DEFAULT] } }
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
`,
    { audit: null },
  );
  t.teardown(() => ops.stop());
  const port = ops.gw.http.get('ui')!.port;
  const bob = await openClient(port, pki, 'bob');
  const alice = await openClient(port, pki, 'alice');
  t.teardown(() => {
    bob.socket.destroy();
    alice.socket.destroy();
  });

  crl.revoke(pki.clients.bob.cert);
  crl.write(crlFile);
  await waitFor(async () => sample(await ops.scrape(), 'streamward_reloads_total', { what: 'certificates', outcome: 'success' }) === 1, 5000, 'the CRL reloaded');
  const closed = await Promise.race([bob.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  t.equal(closed, true, "bob's open connection is closed once the CRL revokes his certificate");
  t.ok(
    ops.lines.some((l) => l.err === 'SW_ERR_CLIENT_CERT_REVOKED'),
    'one SW_ERR_CLIENT_CERT_REVOKED line',
  );
  const again = await new Promise<string>((r) => {
    alice.socket.once('data', (d: Buffer) => r(d.toString('latin1')));
    alice.socket.write('GET /overview HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });
  t.match(again, /^HTTP\/1\.1 200/, "alice's open connection still works");
  const refused = await new Promise<boolean>((resolve) => {
    const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: fs.readFileSync(pki.ca), cert: fs.readFileSync(pki.clients.bob.cert), key: fs.readFileSync(pki.clients.bob.key) });
    s.on('error', () => {});
    s.once('secureConnect', () => s.write('GET /overview HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    s.once('data', (d: Buffer) => resolve(!d.toString('latin1').startsWith('HTTP/1.1 200')));
    s.once('close', () => resolve(true));
    t.teardown(() => s.destroy());
  });
  t.equal(refused, true, 'a new connection with the revoked certificate gets no answer');
  await waitFor(async () => ops.lines.filter((l) => l.err === 'SW_ERR_CLIENT_CERT_REVOKED').length >= 2, 5000, 'the refused handshake logged as revoked');
  t.pass('the refused handshake is logged as SW_ERR_CLIENT_CERT_REVOKED, not as a generic certificate problem');
});
