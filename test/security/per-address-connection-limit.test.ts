/**
 * Attack: one client address opens as many connections as the listener allows, starving
 * everyone else. With limits.maxConnectionsPerAddress 2, a third connection from that address is
 * refused (SW_ERR_MAX_CONNECTIONS_PER_ADDRESS, counted from accept, before any handshake), while
 * another address still connects; closing one frees a slot.
 */
import t from 'tap';
import { startTestListener, waitForLine } from '../helpers/listener.js';
import { ToyAdapter, startToyBackend, toyFrame } from '../helpers/toy-protocol.js';
import { connectRaw, within } from '../helpers/raw-client.js';

t.test('per-address connection limit', async (t) => {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(true), bootstrap: [{ host: '127.0.0.1', port: backend.port }], limits: { maxConnectionsPerAddress: 2 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });

  const a1 = await connectRaw(gw.port, { localAddress: '127.0.0.5' });
  const a2 = await connectRaw(gw.port, { localAddress: '127.0.0.5' });
  t.teardown(() => {
    a1.close();
    a2.close();
  });
  await new Promise((r) => setTimeout(r, 100));
  const a3 = await connectRaw(gw.port, { localAddress: '127.0.0.5' });
  a3.send(toyFrame(1, 1));
  t.ok(await within(a3.closed, 5000), 'the third connection from 127.0.0.5 is closed');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MAX_CONNECTIONS_PER_ADDRESS');
  t.match(line.detail, /127\.0\.0\.5 has 2 \(limit 2\)/);

  const b = await connectRaw(gw.port, { localAddress: '127.0.0.6' });
  t.teardown(() => b.close());
  b.send(toyFrame(7, 1));
  t.notOk(await within(b.closed, 800), 'another address is admitted and stays connected');

  a1.close();
  await new Promise((r) => setTimeout(r, 200));
  const a4 = await connectRaw(gw.port, { localAddress: '127.0.0.5' });
  t.teardown(() => a4.close());
  a4.send(toyFrame(9, 1));
  t.notOk(await within(a4.closed, 800), 'a slot freed by a close is usable again');
  t.equal(gw.listener.admission.open, 3);
});
