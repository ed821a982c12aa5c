/**
 * UpstreamConnection reads a plaintext backend into one buffer it reuses as long as the sink
 * says nothing of the last read is kept (no allocation per read), and into fresh buffers when
 * the sink keeps bytes or holds an incomplete frame.
 */
import t, { type Test } from 'tap';
import net from 'node:net';
import { UpstreamConnection } from '../../../src/proxy/upstream.js';
import type { FrameSink } from '../../../src/proxy/framer.js';

/** A backend that sends `frames` once a client connects. */
async function backendSending(frames: Buffer[]): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    for (const f of frames) s.write(f);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

function bigFrame(size: number, seed: number): Buffer {
  const f = Buffer.allocUnsafe(4 + size);
  f.writeInt32BE(size, 0);
  for (let i = 4; i < f.length; i++) f[i] = (i * 31 + seed) & 0xff;
  return f;
}

/** Reads `frames` through an UpstreamConnection whose sink streams every frame; returns the distinct read buffers seen and the bytes. */
async function readStreamed(t: Test, frames: Buffer[], released: () => boolean): Promise<{ buffers: number; pieces: number; frames: Buffer[] }> {
  const backend = await backendSending(frames);
  const seen = new Set<ArrayBufferLike>();
  const got: Buffer[] = [];
  let cur: Buffer[] = [];
  let pieces = 0;
  const total = frames.reduce((n, f) => n + f.length, 0);
  let bytes = 0;
  let upstream: UpstreamConnection | null = null;
  await new Promise<void>((resolve, reject) => {
    const take = (b: Buffer, end: boolean): void => {
      seen.add(b.buffer);
      pieces++;
      cur.push(Buffer.from(b)); // copied at once: the buffer may be reused after this call
      bytes += b.length;
      if (end) {
        got.push(Buffer.concat(cur));
        cur = [];
      }
      if (bytes === total) resolve();
    };
    const sink: FrameSink = {
      frame: (f) => take(f, true),
      stream: () => true,
      streamPiece: (p, end) => take(p, end),
      released,
    };
    upstream = new UpstreamConnection({
      addresses: [{ host: '127.0.0.1', port: backend.port }],
      connectTimeoutMs: 5000,
      maxFrameBytes: 1 << 30,
      sink,
      onConnect: () => {},
      onClose: (err) => (err ? reject(err) : undefined),
      onDrain: () => {},
    });
  });
  (upstream as UpstreamConnection | null)?.close();
  await backend.close();
  t.ok(pieces > 3, `${pieces} pieces read`);
  return { buffers: seen.size, pieces, frames: got };
}

t.test('a sink that keeps nothing gets every read in the same buffer', async (t) => {
  const frames = [bigFrame(2_000_000, 1), bigFrame(1_000_000, 2)];
  const r = await readStreamed(t, frames, () => true);
  t.equal(r.buffers, 1, 'one read buffer for all reads');
  t.same(r.frames, frames, 'bytes intact');
});

t.test('a sink that keeps bytes gets a fresh buffer for every read', async (t) => {
  const frames = [bigFrame(2_000_000, 3)];
  const r = await readStreamed(t, frames, () => false);
  t.equal(r.buffers, r.pieces, 'a buffer per read');
  t.same(r.frames, frames, 'bytes intact');
});
