import t from 'tap';
import { Framer } from '../../../src/proxy/framer.js';

function frame(body: Buffer): Buffer {
  const f = Buffer.alloc(4 + body.length);
  f.writeInt32BE(body.length, 0);
  body.copy(f, 4);
  return f;
}

const frames = [frame(Buffer.from('hello')), frame(Buffer.alloc(0)), frame(Buffer.alloc(3000, 7)), frame(Buffer.from([1, 2, 3]))];
const stream = Buffer.concat(frames);

function collect(chunks: Buffer[], max = 1 << 20): Buffer[] {
  const f = new Framer(max);
  const out: Buffer[] = [];
  for (const c of chunks) f.push(c, (x) => out.push(Buffer.from(x)));
  return out;
}

t.test('whole stream in one chunk yields every frame with its prefix', async (t) => {
  t.same(collect([stream]), frames);
});

t.test('one byte at a time yields the same frames', async (t) => {
  const chunks = [...stream].map((b) => Buffer.from([b]));
  t.same(collect(chunks), frames);
});

t.test('random chunk boundaries yield the same frames', async (t) => {
  for (let round = 0; round < 50; round++) {
    const chunks: Buffer[] = [];
    let i = 0;
    while (i < stream.length) {
      const n = 1 + Math.floor(Math.random() * 700);
      chunks.push(stream.subarray(i, i + n));
      i += n;
    }
    t.same(collect(chunks), frames, `round ${round}`);
  }
});

t.test('trailing garbage stays pending, is not yielded', async (t) => {
  const f = new Framer(1 << 20);
  const out: Buffer[] = [];
  f.push(Buffer.concat([stream, Buffer.from([0, 0, 0, 9, 1, 2])]), (x) => out.push(x));
  t.equal(out.length, frames.length);
  t.equal(f.pendingBytes, 6);
});

t.test('a frame inside one chunk is a view, not a copy', async (t) => {
  const f = new Framer(1 << 20);
  let got: Buffer | undefined;
  f.push(frames[0], (x) => (got = x));
  t.equal(got!.buffer, frames[0].buffer);
});

t.test('oversized length is refused before the body is buffered', async (t) => {
  const f = new Framer(100);
  const head = Buffer.alloc(4);
  head.writeInt32BE(101, 0);
  t.throws(() => f.push(head, () => {}), { name: 'GatewayError', code: 'SW_ERR_FRAME_TOO_LARGE' });
  t.equal(f.pendingBytes, 0, 'nothing kept after a refused size');
});

t.test('oversized length split over chunks is refused once 4 bytes are known', async (t) => {
  const f = new Framer(100);
  f.push(Buffer.from([0, 0]), () => {});
  t.throws(() => f.push(Buffer.from([1, 0]), () => {}), { name: 'GatewayError', code: 'SW_ERR_FRAME_TOO_LARGE' });
});

t.test('negative length is refused', async (t) => {
  const f = new Framer(100);
  t.throws(() => f.push(Buffer.from([0xff, 0xff, 0xff, 0xfe]), () => {}), { name: 'GatewayError', code: 'SW_ERR_FRAME_NEGATIVE' });
});

t.test('a frame exactly at the limit passes', async (t) => {
  t.same(collect([frame(Buffer.alloc(100, 1))], 100).length, 1);
});

t.test('a spanning frame the caller only forwards comes as uncopied pieces', async (t) => {
  const big = frame(Buffer.alloc(10_000, 3));
  const chunks = [big.subarray(0, 7), big.subarray(7, 5000), Buffer.concat([big.subarray(5000), frames[0]])];
  const f = new Framer(1 << 20);
  const whole: Buffer[] = [];
  const pieced: Buffer[][] = [];
  let heads = 0;
  const sink = {
    frame: (x: Buffer) => whole.push(Buffer.from(x)),
    pieces: (p: Buffer[], total: number) => {
      t.equal(total, big.length);
      pieced.push(p);
    },
    forwardOnly: (head: Buffer) => {
      heads++;
      t.ok(head.length >= 12, 'the decision sees at least 12 bytes');
      return head.readInt32BE(0) > 1000;
    },
  };
  for (const c of chunks) f.push(c, sink);
  t.equal(heads, 1);
  t.equal(pieced.length, 1);
  t.same(Buffer.concat(pieced[0]), big, 'pieces add up to the frame');
  t.equal(pieced[0][pieced[0].length - 1].buffer, chunks[2].buffer, 'the last piece is a view of the received chunk');
  t.same(whole, [frames[0]], 'the small frame after it comes whole');
});

t.test('a spanning frame the caller reads is joined', async (t) => {
  const big = frame(Buffer.alloc(3000, 9));
  const f = new Framer(1 << 20);
  const whole: Buffer[] = [];
  const sink = { frame: (x: Buffer) => whole.push(x), pieces: () => t.fail('no pieces'), forwardOnly: () => false };
  f.push(big.subarray(0, 100), sink);
  f.push(big.subarray(100), sink);
  t.same(whole, [big]);
});

t.test('the limit can change between frames; a pre-auth limit refuses from the prefix with its own code', async (t) => {
  const framer = new Framer(1024, 'SW_ERR_PREAUTH_FRAME_TOO_LARGE');
  const got: Buffer[] = [];
  const small = Buffer.alloc(4 + 100);
  small.writeInt32BE(100, 0);
  framer.push(small, (f) => got.push(f));
  t.equal(got.length, 1);
  framer.setLimit(1 << 20);
  const big = Buffer.alloc(4 + 4096);
  big.writeInt32BE(4096, 0);
  framer.push(big, (f) => got.push(f));
  t.equal(got.length, 2, 'the raised limit applies to the next frame');

  const pre = new Framer(1024, 'SW_ERR_PREAUTH_FRAME_TOO_LARGE');
  const head = Buffer.alloc(4);
  head.writeInt32BE(20 * 1024 * 1024 + 8, 0);
  t.throws(() => pre.push(head, () => t.fail('no frame')), { code: 'SW_ERR_PREAUTH_FRAME_TOO_LARGE' });
  t.equal(pre.pendingBytes, 0, 'nothing of the body was buffered');
});
