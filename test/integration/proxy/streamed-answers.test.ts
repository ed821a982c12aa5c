/**
 * Large backend answers the session passes on untouched are streamed: the client receives the
 * first bytes while the backend is still sending the rest (nothing held until the frame is in),
 * without ever breaking response order (Kafka) or interleaving another answer into the frame
 * (Fluss), and a backend that dies mid-answer closes the client connection.
 */
import t, { type Test } from 'tap';
import { ToyAdapter, startToyBackend, toyFrame, int32 } from '../../helpers/toy-protocol.js';
import { startTestListener, waitForLine } from '../../helpers/listener.js';
import { connectRaw, within, type RawClient } from '../../helpers/raw-client.js';

const SIZE = 2_000_000;

/** A request for a SIZE-byte answer of which the backend holds back the second half for holdMs. */
function heldAnswer(id: number, holdMs: number): Buffer {
  return toyFrame(id, 5, Buffer.concat([int32(SIZE), int32(holdMs)]));
}

/** Resolves with performance.now() once the client has received `n` raw bytes. */
function bytesReceived(c: RawClient, n: number): Promise<number> {
  let seen = 0;
  return new Promise((resolve) => {
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen < n) return;
      c.socket.off('data', onData);
      resolve(performance.now());
    };
    c.socket.on('data', onData);
  });
}

async function setup(t: Test, ordered: boolean) {
  const backend = await startToyBackend();
  const gw = await startTestListener({ adapter: new ToyAdapter(ordered), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  return { backend, gw, c: await connectRaw(gw.port) };
}

const intact = (f: Buffer): boolean => f.length === 9 + SIZE && f.subarray(9).every((b) => b === 0xab);

t.test('the client gets the first half of a large answer before the backend sends the rest', async (t) => {
  const { backend, c } = await setup(t, true);
  const firstHalf = bytesReceived(c, SIZE / 2 - 1000);
  c.send(heldAnswer(1, 2000));
  const firstHalfAt = await firstHalf;
  const [f] = await c.waitFrames(1, 20_000);
  t.ok(backend.restSentAt() > 0, 'the backend held the rest back');
  t.ok(firstHalfAt < backend.restSentAt(), `first half at the client ${(backend.restSentAt() - firstHalfAt).toFixed(0)} ms before the backend sent the rest`);
  t.ok(intact(f), 'answer intact');
  c.close();
});

t.test('ordered: a large answer arriving before an earlier one waits for it (never streamed out of order)', async (t) => {
  const { c } = await setup(t, true);
  c.send(Buffer.concat([toyFrame(1, 0, int32(300)), heldAnswer(2, 50)]));
  const frames = await c.waitFrames(2, 20_000);
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [1, 2],
    'request order kept',
  );
  t.ok(intact(frames[1]), 'large answer intact');
  c.close();
});

t.test('unordered: an answer ready while another is streamed waits until that frame has ended', async (t) => {
  const { c } = await setup(t, false);
  const started = bytesReceived(c, 100_000);
  c.send(heldAnswer(1, 800));
  await started;
  c.send(toyFrame(2, 2)); // answered by the gateway at once
  const frames = await c.waitFrames(2, 20_000);
  t.same(
    frames.map((f) => f.readInt32BE(4)),
    [1, 2],
  );
  t.ok(intact(frames[0]), 'the streamed frame was not cut by the local answer');
  t.equal(frames[1][8], 0x82, 'the local answer follows whole');
  c.close();
});

t.test('the backend dying mid-stream closes the client connection, logged', async (t) => {
  const { backend, gw, c } = await setup(t, true);
  const started = bytesReceived(c, 100_000);
  c.send(heldAnswer(1, 5000));
  await started;
  for (const s of backend.sockets) s.destroy();
  t.ok(await within(c.closed, 5000), 'client connection closed');
  t.equal(c.frames.length, 0, 'no frame completed');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UPSTREAM_CLOSED');
  t.match(line.detail, /mid-response/);
});
