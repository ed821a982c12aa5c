/**
 * Log table traffic: INIT_WRITER (1026), PRODUCE_LOG (1014), FETCH_LOG (1015), LIST_OFFSETS
 * (1021). Bucket traffic goes to the bucket leader. `records` fields are opaque record batches
 * (little-endian inside, see records/log-batch.ts). FetchLog/ListOffsets follower_server_id -1
 * means a client; >= 0 claims to be a replica. ListOffsets offset_type: 0 earliest, 1 latest,
 * 2 timestamp.
 */
import { message } from '../proto-message.js';
import { PbTablePath } from './common.js';

export const InitWriterRequest = message('InitWriterRequest', {
  table_path: { no: 1, type: PbTablePath, repeated: true },
});

export const InitWriterResponse = message('InitWriterResponse', {
  writer_id: { no: 1, type: 'int64', required: true },
});

export const PbProduceLogReqForBucket = message('PbProduceLogReqForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  records: { no: 3, type: 'bytes', required: true },
});

export const ProduceLogRequest = message('ProduceLogRequest', {
  acks: { no: 1, type: 'int32', required: true },
  table_id: { no: 2, type: 'int64', required: true },
  timeout_ms: { no: 3, type: 'int32', required: true },
  buckets_req: { no: 4, type: PbProduceLogReqForBucket, repeated: true },
});

export const PbProduceLogRespForBucket = message('PbProduceLogRespForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  error_code: { no: 3, type: 'int32' },
  error_message: { no: 4, type: 'string' },
  base_offset: { no: 5, type: 'int64' },
});

export const ProduceLogResponse = message('ProduceLogResponse', {
  buckets_resp: { no: 1, type: PbProduceLogRespForBucket, repeated: true },
});

export const PbFetchLogReqForBucket = message('PbFetchLogReqForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  fetch_offset: { no: 3, type: 'int64', required: true },
  max_fetch_bytes: { no: 4, type: 'int32', required: true },
});

/** filter_predicate (5, PbPredicate) is not declared: it passes through undecoded. */
export const PbFetchLogReqForTable = message('PbFetchLogReqForTable', {
  table_id: { no: 1, type: 'int64', required: true },
  projection_pushdown_enabled: { no: 2, type: 'bool', required: true },
  projected_fields: { no: 3, type: 'int32', repeated: true, packed: true },
  buckets_req: { no: 4, type: PbFetchLogReqForBucket, repeated: true },
  filter_schema_id: { no: 6, type: 'int32' },
});

export const FetchLogRequest = message('FetchLogRequest', {
  follower_server_id: { no: 1, type: 'int32', required: true },
  max_bytes: { no: 2, type: 'int32', required: true },
  tables_req: { no: 3, type: PbFetchLogReqForTable, repeated: true },
  max_wait_ms: { no: 4, type: 'int32' },
  min_bytes: { no: 5, type: 'int32' },
  read_preference: { no: 6, type: 'int32' },
});

/** remote_log_fetch_info (7) is not declared (storage locations only). */
export const PbFetchLogRespForBucket = message('PbFetchLogRespForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  error_code: { no: 3, type: 'int32' },
  error_message: { no: 4, type: 'string' },
  high_watermark: { no: 5, type: 'int64' },
  log_start_offset: { no: 6, type: 'int64' },
  records: { no: 8, type: 'bytes' },
  filtered_end_offset: { no: 9, type: 'int64' },
});

export const PbFetchLogRespForTable = message('PbFetchLogRespForTable', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_resp: { no: 2, type: PbFetchLogRespForBucket, repeated: true },
});

export const FetchLogResponse = message('FetchLogResponse', {
  tables_resp: { no: 1, type: PbFetchLogRespForTable, repeated: true },
});

export const ListOffsetsRequest = message('ListOffsetsRequest', {
  follower_server_id: { no: 1, type: 'int32', required: true },
  offset_type: { no: 2, type: 'int32', required: true },
  table_id: { no: 3, type: 'int64', required: true },
  partition_id: { no: 4, type: 'int64' },
  bucket_id: { no: 5, type: 'int32', repeated: true, packed: true },
  startTimestamp: { no: 6, type: 'int64' },
});

export const PbListOffsetsRespForBucket = message('PbListOffsetsRespForBucket', {
  bucket_id: { no: 1, type: 'int32', required: true },
  error_code: { no: 2, type: 'int32' },
  error_message: { no: 3, type: 'string' },
  offset: { no: 4, type: 'int64' },
});

export const ListOffsetsResponse = message('ListOffsetsResponse', {
  buckets_resp: { no: 1, type: PbListOffsetsRespForBucket, repeated: true },
});

export const OffsetType = { EARLIEST: 0, LATEST: 1, TIMESTAMP: 2 } as const;
