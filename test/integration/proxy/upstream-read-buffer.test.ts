/**
 * Plaintext backend reads land in one reused buffer (net's `onread`) while nothing keeps their
 * bytes. Every answer must still reach the client byte for byte, whatever the mix: small answers
 * copied out of the buffer, answers inside one read, answers streamed in pieces, answers joined,
 * and a client that stops reading (writes pending) so the buffer must not be reused.
 */
import t from 'tap';
import { ToyAdapter, startToyBackend, toyFrame, toyPattern, int32 } from '../../helpers/toy-protocol.js';
import { startTestListener } from '../../helpers/listener.js';
import { connectRaw } from '../../helpers/raw-client.js';

const SIZES = [10, 100_000, 3000, 40_000, 1_500_000, 20_000, 64, 700_000, 17_000, 5, 250_000, 60_000];

for (const ordered of [true, false]) {
  t.test(`${ordered ? 'ordered' : 'unordered'}: a mix of answer sizes arrives intact, also while the client stops reading`, async (t) => {
    const backend = await startToyBackend();
    const gw = await startTestListener({ adapter: new ToyAdapter(ordered), bootstrap: [{ host: '127.0.0.1', port: backend.port }] });
    t.teardown(async () => {
      await gw.stop();
      await backend.close();
    });
    const c = await connectRaw(gw.port);
    const requests = [...SIZES, ...SIZES.reverse()].map((size, id) => ({ id, size }));
    c.socket.pause(); // writes to the client queue up: read buffers are then kept, never reused
    for (const r of requests.slice(0, 12)) c.send(toyFrame(r.id, 6, int32(r.size)));
    await new Promise((r) => setTimeout(r, 300));
    c.socket.resume();
    for (const r of requests.slice(12)) c.send(toyFrame(r.id, 6, int32(r.size)));
    const frames = await c.waitFrames(requests.length, 30_000);
    const byId = new Map(frames.map((f) => [f.readInt32BE(4), f]));
    t.equal(byId.size, requests.length, 'one answer per request');
    for (const r of requests) {
      const f = byId.get(r.id);
      t.ok(f !== undefined && f.subarray(9).equals(toyPattern(r.id, r.size)), `answer ${r.id} (${r.size} bytes) intact`);
    }
    if (ordered)
      t.same(
        frames.map((f) => f.readInt32BE(4)),
        requests.map((r) => r.id),
        'in request order',
      );
    c.close();
  });
}
