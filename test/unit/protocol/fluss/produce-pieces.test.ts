// The skeleton of a Fluss PRODUCE_LOG frame read in pieces: cut at every chunk size, the strict
// decode of the skeleton gives the same message as the whole frame with every bucket's records
// emptied (unknown fields and field order kept); what the walk cannot re-emit exactly gives
// null, so the frame is read joined.
import t from 'tap';
import { produceLogSkeleton } from '../../../../src/protocol/fluss/produce-pieces.js';
import { encodeRequestFrame } from '../../../../src/protocol/fluss/frame.js';
import { decodeMessage, encodeMessage, MAX_DECODED_VALUES } from '../../../../src/protocol/fluss/proto-message.js';
import { ProduceLogRequest } from '../../../../src/protocol/fluss/messages/log.js';
import { ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { encodeTag, encodeVarint, WIRE_LEN, WIRE_VARINT } from '../../../../src/protocol/fluss/proto-wire.js';

const BODY_AT = 12;

function body(): Buffer {
  return encodeMessage(ProduceLogRequest, {
    acks: -1,
    table_id: 5n,
    timeout_ms: 30000,
    buckets_req: [0, 1, 2].map((b) => ({ bucket_id: b, partition_id: b === 1 ? 7n : undefined, records: Buffer.alloc(3000 + b * 500, 0x40 + b) })),
  });
}

const frameOf = (b: Buffer): Buffer => encodeRequestFrame(ApiKey.PRODUCE_LOG, 0, 9, b);
const cut = (f: Buffer, n: number): Buffer[] => Array.from({ length: Math.ceil(f.length / n) }, (_, i) => f.subarray(i * n, i * n + n));
const emptied = (m: ReturnType<typeof decodeMessage<typeof ProduceLogRequest.fields>>) => ({ ...m, buckets_req: m.buckets_req.map((b) => ({ ...b, records: Buffer.alloc(0) })) });

t.test('every chunk size: the skeleton decodes as the frame with emptied records', async (t) => {
  // an unknown top-level field (99, varint) and an unknown bucket field after the records stay in place
  const extraBucket = Buffer.concat([encodeMessage(ProduceLogRequest.fields.buckets_req.type, { bucket_id: 9, records: Buffer.alloc(2000, 1) }), encodeTag(12, WIRE_VARINT), encodeVarint(3)]);
  const raw = Buffer.concat([body(), encodeTag(4, WIRE_LEN), encodeVarint(extraBucket.length), extraBucket, encodeTag(99, WIRE_VARINT), encodeVarint(1)]);
  const frame = frameOf(raw);
  const whole = decodeMessage(ProduceLogRequest, frame, BODY_AT);
  t.equal(whole.buckets_req.length, 4);
  for (const size of [1, 2, 3, 7, 100, 4096, frame.length]) {
    const sk = produceLogSkeleton(cut(frame, size), frame.length);
    if (!sk) {
      t.fail(`cut ${size}: no skeleton`);
      continue;
    }
    t.ok(sk.length < 200, `cut ${size}: small (${sk.length} bytes)`);
    t.same(sk.subarray(4, BODY_AT), frame.subarray(4, BODY_AT), 'same header');
    t.same(decodeMessage(ProduceLogRequest, sk, BODY_AT), emptied(whole), `cut ${size}: same fields`);
    t.ok(sk.subarray(BODY_AT).includes(Buffer.concat([encodeTag(99, WIRE_VARINT), encodeVarint(1)])), 'the unknown field is kept');
  }
});

t.test('what the walk cannot re-emit exactly gives null', async (t) => {
  const good = frameOf(body());
  t.ok(produceLogSkeleton(cut(good, 50), good.length));
  const group = frameOf(Buffer.concat([body(), Buffer.from([(20 << 3) | 3])]));
  t.equal(produceLogSkeleton(cut(group, 50), group.length), null, 'a group wire type');
  const truncated = good.subarray(0, good.length - 10);
  const badLen = Buffer.from(truncated);
  badLen.writeInt32BE(badLen.length - 4, 0);
  t.equal(produceLogSkeleton(cut(badLen, 50), badLen.length), null, 'a bucket cut short');
  t.equal(produceLogSkeleton(cut(good, 50), good.length + 3), null, 'size prefix disagrees');
  const other = encodeRequestFrame(ApiKey.FETCH_LOG, 0, 1, body());
  t.equal(produceLogSkeleton(cut(other, 50), other.length), null, 'another api');
});

t.test('millions of two-byte fields (78 00): handed back after the field budget, without building a part per field', async (t) => {
  const pairs = (n: number) => Buffer.alloc(n * 2, Buffer.from([0x78, 0x00]));
  const many = frameOf(Buffer.concat([body(), pairs(1_000_000)]));
  const before = process.memoryUsage().heapUsed;
  const started = process.hrtime.bigint();
  t.equal(produceLogSkeleton(cut(many, 65536), many.length), null, 'over the budget: read joined (the strict decoder refuses it)');
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  t.ok(process.memoryUsage().heapUsed - before < 32 * 2 ** 20, 'no heap built per field');
  t.ok(ms < 5000, `stopped early (${ms.toFixed(0)} ms)`);
  const some = frameOf(Buffer.concat([body(), pairs(50_000)]));
  const sk = produceLogSkeleton(cut(some, 65536), some.length);
  t.ok(sk && sk.length < 100_300 + 200, 'under the budget: a skeleton (the pairs are kept, records emptied)');
});

t.test("many empty buckets: handed back past the strict decoder's value budget (it refuses them), no Buffer per bucket", async (t) => {
  const buckets = (n: number) => Buffer.alloc(n * 2, Buffer.from([0x22, 0x00])); // field 4 (buckets_req), length 0
  const over = frameOf(buckets(MAX_DECODED_VALUES + 1));
  t.throws(() => decodeMessage(ProduceLogRequest, over, BODY_AT), 'the strict decoder refuses that many buckets');
  t.equal(produceLogSkeleton(cut(over, 65536), over.length), null, 'one bucket over the budget: read joined');
  const at = frameOf(buckets(MAX_DECODED_VALUES - 10));
  const sk = produceLogSkeleton(cut(at, 65536), at.length);
  t.ok(sk, 'under the budget: a skeleton');
  t.same(sk?.subarray(BODY_AT), at.subarray(BODY_AT), 'empty buckets re-emitted byte for byte');
  // the whole 8 MiB attack body (millions of empty buckets) costs the walk no more than the
  // decoder's budget allows: it stops at the bucket budget and builds nothing per bucket
  const attack = frameOf(buckets(4_000_000));
  const before = process.memoryUsage().heapUsed;
  t.equal(produceLogSkeleton(cut(attack, 65536), attack.length), null, '4,000,000 empty buckets: read joined');
  t.ok(process.memoryUsage().heapUsed - before < 32 * 2 ** 20, 'no heap built per bucket');
});
