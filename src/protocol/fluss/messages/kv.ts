/**
 * Primary-key table traffic: PUT_KV (1016, v0..2), LOOKUP (1017, v0..1), PREFIX_LOOKUP (1034),
 * LIMIT_SCAN (1033), SCAN_KV (1061). PutKv `records` is a KV record batch (records/kv-batch.ts);
 * lookup keys are encoded key bytes; a lookup value absent in PbValue means "not found".
 * Lookup with insert_if_not_exists = true writes. A lookup bucket with original_partition_name
 * is a historical lookup.
 */
import { message } from '../proto-message.js';

export const PbPutKvReqForBucket = message('PbPutKvReqForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  records: { no: 3, type: 'bytes', required: true },
});

export const PutKvRequest = message('PutKvRequest', {
  acks: { no: 1, type: 'int32', required: true },
  table_id: { no: 2, type: 'int64', required: true },
  timeout_ms: { no: 3, type: 'int32', required: true },
  target_columns: { no: 4, type: 'int32', repeated: true, packed: true },
  buckets_req: { no: 5, type: PbPutKvReqForBucket, repeated: true },
  agg_mode: { no: 6, type: 'int32' },
});

export const PbPutKvRespForBucket = message('PbPutKvRespForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  error_code: { no: 3, type: 'int32' },
  error_message: { no: 4, type: 'string' },
  log_end_offset: { no: 5, type: 'int64' },
  pressure: { no: 6, type: 'float' },
});

export const PutKvResponse = message('PutKvResponse', {
  buckets_resp: { no: 1, type: PbPutKvRespForBucket, repeated: true },
});

export const PbLookupReqForBucket = message('PbLookupReqForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  keys: { no: 3, type: 'bytes', repeated: true },
  original_partition_name: { no: 4, type: 'string' },
});

export const LookupRequest = message('LookupRequest', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_req: { no: 2, type: PbLookupReqForBucket, repeated: true },
  insert_if_not_exists: { no: 3, type: 'bool' },
  acks: { no: 4, type: 'int32' },
  timeout_ms: { no: 5, type: 'int32' },
});

export const PbValue = message('PbValue', {
  values: { no: 1, type: 'bytes' },
});

export const PbLookupRespForBucket = message('PbLookupRespForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  error_code: { no: 3, type: 'int32' },
  error_message: { no: 4, type: 'string' },
  values: { no: 5, type: PbValue, repeated: true },
  original_partition_name: { no: 6, type: 'string' },
});

export const LookupResponse = message('LookupResponse', {
  buckets_resp: { no: 1, type: PbLookupRespForBucket, repeated: true },
});

export const PbPrefixLookupReqForBucket = message('PbPrefixLookupReqForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  keys: { no: 3, type: 'bytes', repeated: true },
});

export const PrefixLookupRequest = message('PrefixLookupRequest', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_req: { no: 2, type: PbPrefixLookupReqForBucket, repeated: true },
});

export const LimitScanRequest = message('LimitScanRequest', {
  table_id: { no: 2, type: 'int64', required: true },
  partition_id: { no: 3, type: 'int64' },
  bucket_id: { no: 4, type: 'int32', required: true },
  limit: { no: 5, type: 'int32', required: true },
});

export const PbScanReqForBucket = message('PbScanReqForBucket', {
  table_id: { no: 1, type: 'int64', required: true },
  partition_id: { no: 2, type: 'int64' },
  bucket_id: { no: 3, type: 'int32', required: true },
  limit: { no: 4, type: 'int64' },
});

export const ScanKvRequest = message('ScanKvRequest', {
  scanner_id: { no: 1, type: 'bytes' },
  bucket_scan_req: { no: 2, type: PbScanReqForBucket },
  call_seq_id: { no: 3, type: 'int32' },
  batch_size_bytes: { no: 4, type: 'int32' },
  close_scanner: { no: 5, type: 'bool' },
});

/** ScanKv reports errors in its body (error_code 1, error_message 2), not as ERROR_RESPONSE. */
export const ScanKvResponse = message('ScanKvResponse', {
  error_code: { no: 1, type: 'int32' },
  error_message: { no: 2, type: 'string' },
  scanner_id: { no: 3, type: 'bytes' },
  has_more_results: { no: 4, type: 'bool' },
  records: { no: 5, type: 'bytes' },
  log_offset: { no: 6, type: 'int64' },
});
