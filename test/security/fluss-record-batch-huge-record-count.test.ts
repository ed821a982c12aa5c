/**
 * Attack: a Fluss PUT_KV / PRODUCE_LOG records blob whose batch declares 2^31-1 records (or
 * millions of 5-byte records filling the frame) to make the gateway loop and build one object per
 * declared record. The reader must refuse at the count, before reading, and cap what one blob
 * builds, with the codec's own error.
 */
import t from 'tap';
import { fastestRefusal } from '../helpers/timing.js';
import { buildKvBatch, readKvBatches } from '../../src/protocol/fluss/records/kv-batch.js';
import { buildLogBatch, readIndexedRecords, readLogBatchHeader } from '../../src/protocol/fluss/records/log-batch.js';
import { isFlussCodecError } from '../../src/protocol/fluss/codec-error.js';

t.test('kv batch declaring 2^31-1 records in 40 bytes', async (t) => {
  const b = buildKvBatch([{ key: Buffer.from('k'), value: Buffer.from('v') }]);
  b.writeInt32LE(0x7fffffff, 24);
  const { error, ms } = fastestRefusal(() => readKvBatches(b));
  t.ok(isFlussCodecError(error), 'refused with FlussCodecError');
  t.match(String(error), /record count 2147483647 impossible/, 'refused at the count, not after reading records');
  t.ok(ms < 10, `refused in ${ms.toFixed(2)} ms`);
});

t.test('log batch declaring 2^31-1 indexed records', async (t) => {
  const b = buildLogBatch({ records: [Buffer.from('x')] });
  b.writeInt32LE(0x7fffffff, 44);
  const { error, ms } = fastestRefusal(() => readIndexedRecords(b, readLogBatchHeader(b)));
  t.match(String(error), /record count 2147483647 impossible/);
  t.ok(ms < 10, `refused in ${ms.toFixed(2)} ms`);
});

t.test('a 10 MiB blob of 2 million 5-byte records is refused, not materialised', async (t) => {
  const n = 2_000_000;
  const b = Buffer.alloc(28 + 5 * n);
  b.writeInt32LE(b.length - 4, 0);
  b.writeInt32LE(n, 24);
  for (let i = 0; i < n; i++) b.writeInt32LE(1, 28 + 5 * i);
  const heap = process.memoryUsage().heapUsed;
  const { error, ms } = fastestRefusal(() => readKvBatches(b));
  t.match(String(error), /more than 100000 objects/);
  t.ok(ms < 50, `refused in ${ms.toFixed(2)} ms`);
  t.ok(process.memoryUsage().heapUsed - heap < 32 * 1024 * 1024, 'no per-record heap');
});
