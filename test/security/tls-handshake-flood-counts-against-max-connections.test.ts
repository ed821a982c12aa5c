/**
 * Attack: open connections to a TLS listener and start handshakes that never finish. They used
 * not to count against limits.maxConnections (only established connections did), so a flood of
 * them held sockets and memory without limit. Now every socket counts from accept: with
 * maxConnections 3 and three stalled handshakes, a fourth client is refused
 * (SW_ERR_MAX_CONNECTIONS); the stalled ones are closed after limits.handshakeTimeout
 * (SW_ERR_HANDSHAKE_TIMEOUT) and the slots come back.
 */
import t from 'tap';
import net from 'node:net';
import { startTestListener, waitForLine } from '../helpers/listener.js';
import { ToyAdapter, startToyBackend } from '../helpers/toy-protocol.js';
import { testPki, testServerTls } from '../helpers/pki.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { readFileSync } from 'node:fs';

t.test('stalled TLS handshakes count against maxConnections and time out', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({
    adapter: new ToyAdapter(true),
    bootstrap: [{ host: '127.0.0.1', port: backend.port }],
    tls: await testServerTls('none'),
    limits: { maxConnections: 3, handshakeTimeoutMs: 1500 },
  });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const ca = readFileSync((await testPki()).ca);

  // Three handshakes that stop after the TLS record header of a ClientHello.
  const stalled = await Promise.all(
    [0, 1, 2].map(
      () =>
        new Promise<net.Socket>((resolve) => {
          const s = net.connect({ host: '127.0.0.1', port: gw.port }, () => {
            s.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]));
            resolve(s);
          });
          s.on('error', () => {});
        }),
    ),
  );
  const closedStalled = stalled.map((s) => new Promise<void>((r) => s.once('close', () => r())));
  await new Promise((r) => setTimeout(r, 200));
  t.equal(gw.listener.admission.open, 3, 'the handshakes in progress are counted');

  await t.rejects(connectRaw(gw.port, { tls: { ca, servername: 'localhost' } }), 'a fourth client is refused while they hold the slots');
  const refusal = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MAX_CONNECTIONS');
  t.match(refusal.detail, /limit 3/);

  t.ok(await within(Promise.all(closedStalled), 10_000), 'the stalled handshakes are closed after handshakeTimeout');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HANDSHAKE_TIMEOUT');
  const ok = await connectRaw(gw.port, { tls: { ca, servername: 'localhost' } });
  t.teardown(() => ok.close());
  t.pass('a real client gets in once the slots are free');
});
