/**
 * Fuzz target: Fluss record batches (records/log-batch.ts, kv-batch.ts): valid log and KV
 * batches (one or several in a blob), their mutations, and raw bytes.
 *
 * Crash: an exception other than FlussCodecError; a valid batch whose records, CRC or next
 * offset read back differently; a header whose size points outside the blob.
 */
import fc from 'fast-check';
import { FlussCodecError } from '../../src/protocol/fluss/codec-error.js';
import { buildLogBatch, isLogBatchCrcValid, nextOffsetAfter, readIndexedRecords, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { buildKvBatch, readKvBatches, type KvRecord } from '../../src/protocol/fluss/records/kv-batch.js';
import { applyMutations, rawBytesArb, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const payload = fc.uint8Array({ maxLength: 20 }).map((u) => Buffer.from(u));
const logSpec = fc.record({
  records: fc.array(payload, { maxLength: 5 }),
  schemaId: fc.integer({ min: -0x8000, max: 0x7fff }),
  writerId: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  batchSequence: fc.integer(),
  appendOnly: fc.boolean(),
});
const kvRecords = fc.array(fc.record({ key: payload, value: fc.option(payload, { nil: null }) }), { maxLength: 5 });

function checkLog(blob: Buffer, want: Buffer[][] | null): void {
  const batches = readLogBatches(blob);
  let end = 0;
  batches.forEach((h, i) => {
    oracle(h.position === end && h.position + h.sizeInBytes <= blob.length, 'log batch outside the blob');
    end = h.position + h.sizeInBytes;
    isLogBatchCrcValid(blob, h);
    nextOffsetAfter(h);
    if (h.magic === 0) {
      const recs = readIndexedRecords(blob, h);
      if (want) {
        oracle(isLogBatchCrcValid(blob, h), 'valid log batch fails its CRC');
        oracle(recs.length === want[i].length && recs.every((r, j) => r.equals(want[i][j])), 'log records read back differently');
      }
    }
  });
  if (want) oracle(batches.length === want.length, 'wrong number of log batches');
}

// the KV record format cannot tell an empty row from a deletion (null); real rows are never empty
const rowOf = (v: Buffer | null): Buffer => v ?? Buffer.alloc(0);
function same(a: KvRecord[], b: KvRecord[]): boolean {
  return a.length === b.length && a.every((r, i) => r.key.equals(b[i].key) && rowOf(r.value).equals(rowOf(b[i].value)));
}

function checkKv(blob: Buffer, want: KvRecord[][] | null): void {
  const batches = readKvBatches(blob);
  if (!want) return;
  oracle(batches.length === want.length && batches.every((b, i) => b.crcValid && same(want[i], b.records)), 'KV batch reads back differently');
}

export const flussRecordsTarget = target({
  name: 'fluss-record-batches',
  crash: 'log and KV batches: exceptions other than FlussCodecError; valid batches reading back differently or failing their CRC',
  arbitrary: fc.tuple(fc.array(logSpec, { minLength: 1, maxLength: 3 }), fc.array(kvRecords, { minLength: 1, maxLength: 2 }), variantsArb(12), rawBytesArb),
  expected: (e) => e instanceof FlussCodecError,
  check([logs, kvs, variants, raw], probe) {
    const log = Buffer.concat(logs.map((s) => buildLogBatch(s)));
    const kv = Buffer.concat(kvs.map((r) => buildKvBatch(r)));
    probe(log, () =>
      checkLog(
        log,
        logs.map((s) => s.records),
      ),
    );
    probe(kv, () => checkKv(kv, kvs));
    for (const muts of variants) {
      const bl = applyMutations(log, muts);
      const bk = applyMutations(kv, muts);
      probe(bl, () => checkLog(bl, null));
      probe(bk, () => checkKv(bk, null));
    }
    const r = Buffer.from(raw);
    probe(r, () => checkLog(r, null));
    probe(r, () => checkKv(r, null));
  },
});
