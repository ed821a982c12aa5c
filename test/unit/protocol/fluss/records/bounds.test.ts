/**
 * Bounded decoding of Fluss record batches: declared counts against the bytes left, the per-blob
 * object budget, trailing bytes, linear time in the blob size.
 */
import t from 'tap';
import { fastestRefusal, lowestTimeRatio } from '../../../../helpers/timing.js';
import { buildLogBatch, readIndexedRecords, readLogBatchHeader, readLogBatches } from '../../../../../src/protocol/fluss/records/log-batch.js';
import { buildKvBatch, readKvBatches } from '../../../../../src/protocol/fluss/records/kv-batch.js';
import { MAX_RECORD_OBJECTS_PER_FRAME } from '../../../../../src/protocol/fluss/records/bounds.js';
import { FlussCodecError } from '../../../../../src/protocol/fluss/codec-error.js';

/** Fastest of `reps` runs: the least disturbed by other load on the machine. */
const msOf = (fn: () => void, reps = 9): number => fastestRefusal(fn, reps).ms;

/** A KV batch of `n` minimal records (empty key, no row): 5 bytes each. */
function tinyKvBatch(n: number): Buffer {
  const b = Buffer.alloc(28 + 5 * n);
  b.writeInt32LE(b.length - 4, 0);
  b.writeInt32LE(n, 24);
  for (let i = 0; i < n; i++) b.writeInt32LE(1, 28 + 5 * i);
  return b;
}

/** A magic-0 log batch of `n` empty indexed records. */
function tinyLogBatch(n: number): Buffer {
  return buildLogBatch({ records: Array.from({ length: n }, () => Buffer.alloc(0)) });
}

t.test('a declared count of 2^31-1 in a tiny batch is refused at the count, fast', async (t) => {
  const kv = buildKvBatch([{ key: Buffer.from('k'), value: null }]);
  kv.writeInt32LE(0x7fffffff, 24);
  t.throws(() => readKvBatches(kv), { name: 'FlussCodecError', message: /record count 2147483647 impossible/ });
  const log = tinyLogBatch(1);
  log.writeInt32LE(0x7fffffff, 44);
  const h = readLogBatchHeader(log);
  t.throws(() => readIndexedRecords(log, h), { message: /record count 2147483647 impossible/ });
  const heapBefore = process.memoryUsage().heapUsed;
  const ms = msOf(() => {
    for (let i = 0; i < 100; i++) t.throws(() => readKvBatches(kv), FlussCodecError);
  });
  t.ok(ms / 100 < 10, `refusal took ${(ms / 100).toFixed(3)} ms`);
  t.ok(process.memoryUsage().heapUsed - heapBefore < 16 * 1024 * 1024, 'nothing large allocated');
});

t.test('a count just over what the bytes hold is refused before any record is read', async (t) => {
  const kv = tinyKvBatch(10);
  kv.writeInt32LE(11, 24);
  t.throws(() => readKvBatches(kv), { message: /record count 11 impossible in 50 byte/ });
  const log = tinyLogBatch(10);
  log.writeInt32LE(11, 44);
  t.throws(() => readIndexedRecords(log, readLogBatchHeader(log)), { message: /record count 11 impossible in 50 byte/ });
});

t.test('a negative record count is refused', async (t) => {
  const kv = tinyKvBatch(0);
  kv.writeInt32LE(-1, 24);
  t.throws(() => readKvBatches(kv), { message: /record count -1/ });
  const log = tinyLogBatch(0);
  log.writeInt32LE(-5, 44);
  t.throws(() => readLogBatches(log), { message: /negative record count/ });
});

t.test('bytes after the declared records are refused (two readers could disagree)', async (t) => {
  const kv = tinyKvBatch(3);
  kv.writeInt32LE(2, 24);
  t.throws(() => readKvBatches(kv), { message: /bytes after the declared records/ });
  const log = tinyLogBatch(3);
  log.writeInt32LE(2, 44);
  t.throws(() => readIndexedRecords(log, readLogBatchHeader(log)), { message: /bytes after the declared records/ });
});

t.test('one blob builds at most MAX_RECORD_OBJECTS_PER_FRAME objects', async (t) => {
  t.equal(readKvBatches(tinyKvBatch(MAX_RECORD_OBJECTS_PER_FRAME - 1))[0].records.length, MAX_RECORD_OBJECTS_PER_FRAME - 1);
  t.throws(() => readKvBatches(tinyKvBatch(MAX_RECORD_OBJECTS_PER_FRAME)), { message: /more than 100000 objects/ });
  const half = tinyKvBatch(MAX_RECORD_OBJECTS_PER_FRAME / 2);
  t.throws(() => readKvBatches(Buffer.concat([half, half, half])), { message: /more than 100000 objects/ }, 'counted across batches');
  const big = tinyLogBatch(MAX_RECORD_OBJECTS_PER_FRAME + 1);
  t.throws(() => readIndexedRecords(big, readLogBatchHeader(big)), { message: /more than 100000 objects/ });
  const empty = tinyLogBatch(0);
  const many = Buffer.concat(Array.from({ length: MAX_RECORD_OBJECTS_PER_FRAME + 1 }, () => empty));
  t.throws(() => readLogBatches(many), { message: /more than 100000 objects/ }, 'batch headers count too');
});

t.test('worst-case blobs cost time linear in their size', async (t) => {
  // The same bytes read as 16 small blobs and as one blob 16x larger: linear code takes about
  // as long either way (a little more for the large one: its objects outlive a GC scavenge),
  // quadratic code 16x. 8x leaves room for a loaded machine.
  const k = 16;
  const small = tinyKvBatch(2_000);
  const large = tinyKvBatch(2_000 * k);
  const ratio = lowestTimeRatio(
    () => readKvBatches(large),
    () => {
      for (let i = 0; i < k; i++) readKvBatches(small);
    },
    { enough: 8 },
  );
  t.ok(ratio < 8, `one 16x blob took ${ratio.toFixed(1)}x the time of 16 small ones`);
  const ls = tinyLogBatch(2_000);
  const ll = tinyLogBatch(2_000 * k);
  const lsh = readLogBatchHeader(ls);
  const llh = readLogBatchHeader(ll);
  const lratio = lowestTimeRatio(
    () => readIndexedRecords(ll, llh),
    () => {
      for (let i = 0; i < k; i++) readIndexedRecords(ls, lsh);
    },
    { enough: 8 },
  );
  t.ok(lratio < 8, `one 16x blob took ${lratio.toFixed(1)}x the time of 16 small ones`);
});
