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

/** Feeds `chunks` to a framer whose sink streams every frame `wants` accepts; returns what it saw. */
function streamed(chunks: Buffer[], wants: (head: Buffer, total: number) => boolean) {
  const f = new Framer(1 << 20);
  const events: Array<{ kind: 'frame' | 'piece' | 'offer'; bytes: Buffer; end?: boolean; total?: number }> = [];
  const sink = {
    frame: (x: Buffer) => events.push({ kind: 'frame', bytes: Buffer.from(x) }),
    stream: (head: Buffer, total: number) => {
      events.push({ kind: 'offer', bytes: Buffer.from(head), total });
      return wants(head, total);
    },
    streamPiece: (piece: Buffer, end: boolean) => events.push({ kind: 'piece', bytes: Buffer.from(piece), end }),
  };
  for (const c of chunks) f.push(c, sink);
  return { events, framer: f };
}

/** Pieces of consecutive streamed frames joined back into frames (split at each end mark). */
function joinedStreams(events: ReturnType<typeof streamed>['events']): Buffer[] {
  const out: Buffer[] = [];
  let cur: Buffer[] = [];
  for (const e of events) {
    if (e.kind !== 'piece') continue;
    cur.push(e.bytes);
    if (e.end) {
      out.push(Buffer.concat(cur));
      cur = [];
    }
  }
  return out;
}

t.test('stream: a frame spanning chunks is offered once with its head and then passed on piece by piece', async (t) => {
  const big = frame(Buffer.alloc(10_000, 9));
  const all = Buffer.concat([frames[0], big, frames[3]]);
  const chunks = [all.subarray(0, 30), all.subarray(30, 200), all.subarray(200, 5000), all.subarray(5000, 9000), all.subarray(9000)];
  const { events, framer } = streamed(chunks, () => true);
  const offers = events.filter((e) => e.kind === 'offer');
  t.equal(offers.length, 1, 'offered once');
  t.ok(offers[0].bytes.length >= 64, 'with at least HEAD_BYTES of its head');
  t.same(offers[0].bytes.subarray(0, 64), big.subarray(0, 64));
  t.equal(offers[0].total, big.length);
  t.same(joinedStreams(events), [big], 'the pieces make the frame');
  t.ok(events.filter((e) => e.kind === 'piece').length >= 3, 'passed on as it arrived');
  t.same(
    events.filter((e) => e.kind === 'frame').map((e) => e.bytes),
    [frames[0], frames[3]],
    'the frames around it are whole',
  );
  t.equal(framer.pendingBytes, 0);
});

t.test('stream: pieces leave before the frame is complete', async (t) => {
  const big = frame(Buffer.alloc(10_000, 9));
  const { events, framer } = streamed([big.subarray(0, 100), big.subarray(100, 6000)], () => true);
  t.equal(
    events.filter((e) => e.kind === 'piece').reduce((n, e) => n + e.bytes.length, 0),
    6000,
    'every byte received so far is passed on',
  );
  t.equal(framer.pendingBytes, 6000, 'the frame is still open');
});

t.test('stream: a declined frame is yielded whole once complete, and not offered again', async (t) => {
  const big = frame(Buffer.alloc(10_000, 9));
  const chunks = [big.subarray(0, 10), big.subarray(10, 100), big.subarray(100, 4000), big.subarray(4000)];
  const { events } = streamed(chunks, () => false);
  t.equal(events.filter((e) => e.kind === 'offer').length, 1);
  t.same(
    events.filter((e) => e.kind === 'frame').map((e) => e.bytes),
    [big],
  );
});

t.test('stream: random chunk boundaries, alternate frames streamed, every frame intact', async (t) => {
  const list = [frame(Buffer.alloc(3000, 1)), frame(Buffer.from('x')), frame(Buffer.alloc(5000, 2)), frame(Buffer.alloc(70, 3)), frame(Buffer.alloc(4000, 4))];
  const all = Buffer.concat(list);
  for (let round = 0; round < 50; round++) {
    const chunks: Buffer[] = [];
    for (let i = 0; i < all.length;) {
      const n = 1 + Math.floor(Math.random() * 900);
      chunks.push(all.subarray(i, i + n));
      i += n;
    }
    let k = 0;
    const { events } = streamed(chunks, () => k++ % 2 === 0);
    const whole = events.filter((e) => e.kind === 'frame').map((e) => e.bytes);
    const got = [...whole, ...joinedStreams(events)].sort((a, b) => Buffer.compare(a, b));
    t.same(
      got,
      [...list].sort((a, b) => Buffer.compare(a, b)),
      `round ${round}`,
    );
  }
});
