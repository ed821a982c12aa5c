/**
 * Bounded decoding of backend responses by the address walkers and response skippers: every
 * array count is checked against the bytes left with the element's minimum size before the loop
 * (refused at the count's own offset), tagged-section counts too, and walking costs linear time.
 */
import t from 'tap';
import { lowestTimeRatio } from '../../../helpers/timing.js';
import { performance } from 'node:perf_hooks';
import { collectAddresses, rewriteAddresses } from '../../../../src/protocol/kafka/rewrite.js';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { encodeUvarint, withSizePrefix } from '../../../../src/protocol/kafka/writer.js';

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

/** Metadata v0 response: corr, Brokers[count] of `n` minimal brokers (id, "", port), no topics. */
function metadataV0(count: number, n: number): Buffer {
  const broker = Buffer.concat([int32(1), Buffer.from([0, 0]), int32(9092)]);
  return withSizePrefix(int32(7), int32(count), ...Array.from({ length: n }, () => broker));
}

/** Fetch v16 response with one topic, one partition holding `txns` aborted transactions. */
function fetchV16(txns: number, declaredTxns = txns): Buffer {
  const txn = Buffer.concat([Buffer.alloc(16), Buffer.from([0])]);
  const partition = Buffer.concat([
    Buffer.alloc(4 + 2 + 8 + 8 + 8),
    encodeUvarint(declaredTxns + 1),
    ...Array.from({ length: txns }, () => txn),
    int32(-1), // PreferredReadReplica
    Buffer.from([0, 0]), // Records null, tagged
  ]);
  const topic = Buffer.concat([Buffer.alloc(16), encodeUvarint(2), partition, Buffer.from([0])]);
  return withSizePrefix(int32(7), Buffer.from([0]), int32(0), Buffer.from([0, 0]), int32(0), encodeUvarint(2), topic, Buffer.from([0]));
}

function decodeError(fn: () => unknown): KafkaDecodeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KafkaDecodeError) return e;
    throw e;
  }
  throw new Error('no KafkaDecodeError');
}

t.test('Metadata: exactly N minimal brokers pass, a count of N+1 is refused at the count', async (t) => {
  t.equal(collectAddresses(3, 0, metadataV0(50, 50)).length, 50, 'the minimum size is not an overestimate');
  const e = decodeError(() => collectAddresses(3, 0, metadataV0(51, 50)));
  t.match(e.message, /impossible array count 51 \(each element needs 10 byte/);
  t.equal(e.offset, 8, 'refused at the count, before any broker is read');
});

t.test('a count of 2^31-1 with a tiny body is refused in well under 10 ms', async (t) => {
  const frame = metadataV0(0x7fffffff, 1);
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) t.throws(() => rewriteAddresses(3, 0, frame, () => ({ host: 'gw', port: 1 })), KafkaDecodeError);
  const each = (performance.now() - t0) / 100;
  t.ok(each < 10, `refused in ${each.toFixed(3)} ms`);
});

t.test('Fetch skipper: aborted transactions count checked with 17 bytes each', async (t) => {
  t.same(collectAddresses(1, 16, fetchV16(3)), [], 'three minimal transactions pass');
  const e = decodeError(() => collectAddresses(1, 16, fetchV16(3, 4)));
  t.match(e.message, /impossible array count 4 \(each element needs 17 byte/);
});

t.test('Fetch: the top-level tagged-field count is bounded by the bytes left', async (t) => {
  const frame = fetchV16(0);
  const bad = Buffer.concat([frame.subarray(0, frame.length - 1), encodeUvarint(1000)]);
  bad.writeInt32BE(bad.length - 4, 0);
  t.match(decodeError(() => collectAddresses(1, 16, bad)).message, /impossible tagged-field count 1000/);
});

t.test('walking a worst-case Fetch response costs linear time', async (t) => {
  // The same bytes as 16 small frames and as one 16x frame: linear code takes about as long
  // either way, quadratic code 16x; 8x leaves room for a loaded machine.
  const k = 16;
  const small = fetchV16(4_000);
  const large = fetchV16(4_000 * k);
  const ratio = lowestTimeRatio(
    () => collectAddresses(1, 16, large),
    () => {
      for (let i = 0; i < k; i++) collectAddresses(1, 16, small);
    },
    { enough: 8 },
  );
  t.ok(ratio < 8, `one 16x frame took ${ratio.toFixed(1)}x the time of 16 small ones`);
});
