/** Log record batches: CRC-32C, header layout (little-endian), leader stamping. */
import t from 'tap';
import { crc32c } from '../../../../../src/protocol/fluss/records/crc32c.js';
import { buildLogBatch, readLogBatches, readLogBatchHeader, isLogBatchCrcValid, stampLogBatch, nextOffsetAfter, readIndexedRecords } from '../../../../../src/protocol/fluss/records/log-batch.js';
import { buildKvBatch, readKvBatches } from '../../../../../src/protocol/fluss/records/kv-batch.js';

t.test('crc32c check value', async (t) => {
  t.equal(crc32c(Buffer.from('123456789')), 0xe3069283);
  t.equal(crc32c(Buffer.alloc(32)), 0x8a9136aa);
});

t.test('build and read a magic-0 batch', async (t) => {
  const recs = [Buffer.from('a'), Buffer.from('bcd'), Buffer.alloc(0)];
  const b = buildLogBatch({ records: recs, writerId: 5n, batchSequence: 3 });
  t.equal(b.length, 48 + 6 + 8 + 5);
  t.same(b.subarray(8, 13), Buffer.from([b.length - 12, 0, 0, 0, 0]), 'length LE, magic 0');
  const [h] = readLogBatches(b);
  t.same([h.recordCount, h.lastOffsetDelta, h.writerId, h.batchSequence, h.schemaId, h.baseOffset], [3, 2, 5n, 3, 1, 0n]);
  t.ok(isLogBatchCrcValid(b, h));
  t.same(
    readIndexedRecords(b, h).map((r) => r.toString()),
    ['a', 'bcd', ''],
  );
  b[60] ^= 1;
  t.notOk(isLogBatchCrcValid(b, readLogBatchHeader(b)), 'a flipped record byte breaks the CRC');
});

t.test('stamping base offset and commit timestamp keeps the CRC valid', async (t) => {
  const b = Buffer.concat([buildLogBatch({ records: [Buffer.from('x')] }), buildLogBatch({ records: [Buffer.from('y'), Buffer.from('z')] })]);
  const hs = readLogBatches(b);
  t.equal(hs.length, 2);
  stampLogBatch(b, hs[0], 100n, 1234n);
  stampLogBatch(b, hs[1], nextOffsetAfter(hs[0]), 1234n);
  const again = readLogBatches(b);
  t.same(
    again.map((h) => h.baseOffset),
    [100n, 101n],
  );
  t.equal(b.readBigInt64LE(hs[1].position), 101n, 'base offset little-endian at offset 0');
  t.equal(b.readBigInt64LE(13), 1234n, 'commit timestamp at offset 13');
  t.equal(nextOffsetAfter(again[1]), 103n);
  t.ok(again.every((h) => isLogBatchCrcValid(b, h)));
});

t.test('truncated batches are refused', async (t) => {
  const b = buildLogBatch({ records: [Buffer.from('x')] });
  t.throws(() => readLogBatches(b.subarray(0, b.length - 1)), /size outside/);
  t.throws(() => readLogBatches(b.subarray(0, 10)), /truncated/);
  const bad = Buffer.from(b);
  bad[12] = 9;
  t.throws(() => readLogBatches(bad), /magic 9/);
});

t.test('kv batches', async (t) => {
  const b = buildKvBatch(
    [
      { key: Buffer.from('k1'), value: Buffer.from('v1') },
      { key: Buffer.from('k2'), value: null },
    ],
    { writerId: 3n },
  );
  const [kb] = readKvBatches(b);
  t.ok(kb.crcValid);
  t.equal(kb.writerId, 3n);
  t.same(
    kb.records.map((r) => [r.key.toString(), r.value?.toString() ?? null]),
    [
      ['k1', 'v1'],
      ['k2', null],
    ],
  );
  const bad = Buffer.from(b);
  bad[b.length - 1] ^= 1;
  t.notOk(readKvBatches(bad)[0].crcValid);
});
