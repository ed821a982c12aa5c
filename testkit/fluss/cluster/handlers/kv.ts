/**
 * Primary-key table handlers of the Fluss test cluster: PUT_KV applies KV batches to the
 * bucket's store (value = schema id as int16 LE + row bytes, like Fluss ValueEncoder; a record
 * without a row deletes), LOOKUP returns stored values (absent PbValue.values = not found).
 * Not modelled: the changelog a real PUT_KV appends to the log, insert_if_not_exists.
 */
import { decodeMessage, encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { FlussError } from '../../../../src/protocol/fluss/error-codes.js';
import { isFlussCodecError } from '../../../../src/protocol/fluss/codec-error.js';
import { PutKvRequest, PutKvResponse, LookupRequest, LookupResponse } from '../../../../src/protocol/fluss/messages/kv.js';
import { readKvBatches } from '../../../../src/protocol/fluss/records/kv-batch.js';
import type { HandlerContext } from '../node.js';
import { leaderBucket, type BucketLookup } from './buckets.js';

function pkBucket(ctx: HandlerContext, tableId: bigint, bucketId: number, partitionId?: bigint): BucketLookup {
  const found = leaderBucket(ctx, tableId, bucketId, partitionId);
  if (found.ok && !found.table.primaryKey) {
    return {
      ok: false,
      error_code: FlussError.NON_PRIMARY_KEY_TABLE_EXCEPTION,
      error_message: `the table ${found.table.database}.${found.table.name} is not a primary key table`,
    };
  }
  return found;
}

export function putKv(ctx: HandlerContext, body: Buffer): Buffer {
  const req = decodeMessage(PutKvRequest, body);
  const resp = req.buckets_req.map((b) => {
    const head = { bucket_id: b.bucket_id, partition_id: b.partition_id };
    const found = pkBucket(ctx, req.table_id, b.bucket_id, b.partition_id);
    if (!found.ok) return { ...head, error_code: found.error_code, error_message: found.error_message };
    let batches;
    try {
      batches = readKvBatches(b.records);
    } catch (e) {
      return { ...head, error_code: FlussError.CORRUPT_MESSAGE, error_message: isFlussCodecError(e) ? e.message : String(e) };
    }
    const bad = batches.find((kb) => !kb.crcValid);
    if (bad) return { ...head, error_code: FlussError.CORRUPT_MESSAGE, error_message: 'Record batch is corrupt (crc mismatch)' };
    const { bucket } = found;
    for (const kb of batches) {
      for (const r of kb.records) {
        const key = r.key.toString('hex');
        if (r.value === null) bucket.kv.delete(key);
        else {
          const v = Buffer.alloc(2 + r.value.length);
          v.writeInt16LE(kb.schemaId, 0);
          r.value.copy(v, 2);
          bucket.kv.set(key, v);
        }
        bucket.kvEndOffset += 1n;
      }
    }
    return { ...head, log_end_offset: bucket.kvEndOffset };
  });
  return encodeMessage(PutKvResponse, { buckets_resp: resp });
}

export function lookup(ctx: HandlerContext, body: Buffer): Buffer {
  const req = decodeMessage(LookupRequest, body);
  const resp = req.buckets_req.map((b) => {
    const head = { bucket_id: b.bucket_id, partition_id: b.partition_id };
    const found = pkBucket(ctx, req.table_id, b.bucket_id, b.partition_id);
    if (!found.ok) return { ...head, error_code: found.error_code, error_message: found.error_message };
    return { ...head, values: b.keys.map((k) => ({ values: found.bucket.kv.get(k.toString('hex')) })) };
  });
  return encodeMessage(LookupResponse, { buckets_resp: resp });
}
