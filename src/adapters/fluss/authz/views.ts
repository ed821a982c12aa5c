/**
 * Partial message views for authorization: only the fields that name a table (id or path) or
 * a bucket, so deciding never decodes record bytes or other payload. Reading views skip every
 * field they do not declare; the "error" messages at the bottom are complete for what they
 * declare and are used to ENCODE per-bucket errors (field numbers from FlussApi.proto:
 * Pb*RespForBucket partition_id 1, bucket_id 2, error_code 3, error_message 4 in fetch, lookup
 * and prefix lookup alike).
 */
import { message } from '../../../protocol/fluss/proto-message.js';
import { PbTablePath } from '../../../protocol/fluss/messages/common.js';

/** table_id in field 1 / 2 / 3 of a request (which one depends on the api). */
export const TableIdField1 = message('TableIdField1', { table_id: { no: 1, type: 'int64', required: true } });
export const TableIdField2 = message('TableIdField2', { table_id: { no: 2, type: 'int64', required: true } });
export const TableIdField3 = message('TableIdField3', { table_id: { no: 3, type: 'int64', required: true } });

export const BucketRef = message('BucketRef', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
});

export const FetchTableView = message('FetchTableView', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_req: { no: 4, type: BucketRef, repeated: true },
});

export const FetchLogView = message('FetchLogView', {
  follower_server_id: { no: 1, type: 'int32', required: true },
  tables_req: { no: 3, type: FetchTableView, repeated: true },
});

export const ListOffsetsView = message('ListOffsetsView', {
  follower_server_id: { no: 1, type: 'int32', required: true },
  table_id: { no: 3, type: 'int64', required: true },
});

export const LookupBucketView = message('LookupBucketView', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  original_partition_name: { no: 4, type: 'string' },
});

/** LookupRequest and PrefixLookupRequest (the latter has no fields 3 and 4 on the request). */
export const LookupView = message('LookupView', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_req: { no: 2, type: LookupBucketView, repeated: true },
  insert_if_not_exists: { no: 3, type: 'bool' },
});

const TableMetadataRef = message('TableMetadataRef', {
  table_path: { no: 1, type: PbTablePath, required: true },
  table_id: { no: 2, type: 'int64', required: true },
});

/** MetadataResponse: the table_metadata entries (path, id). */
export const MetadataTablesView = message('MetadataTablesView', {
  table_metadata: { no: 3, type: TableMetadataRef, repeated: true },
});
export { TableMetadataRef };

/** PbPartitionMetadata / PbProducerTableOffsets: table_id in field 1. */
export const EntryTableId = TableIdField1;

/** PbDatabaseSummary: database_name in field 1. */
export const DatabaseSummaryName = message('DatabaseSummaryName', { database_name: { no: 1, type: 'string', required: true } });

export const ProducerTableIdsView = message('ProducerTableIdsView', {
  table_offsets: { no: 2, type: TableIdField1, repeated: true },
});

export const LeaseTableIdsView = message('LeaseTableIdsView', {
  snapshots_to_lease: { no: 3, type: TableIdField1, repeated: true },
});

export const ReleaseTableIdsView = message('ReleaseTableIdsView', {
  buckets_to_release: { no: 2, type: TableIdField1, repeated: true },
});

// ---- encoders for answers the gateway writes itself ----

export const BucketError = message('BucketError', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  error_code: { no: 3, type: 'int32' },
  error_message: { no: 4, type: 'string' },
});

/** PbFetchLogRespForTable carrying only failed buckets. */
export const FetchTableErrors = message('FetchTableErrors', {
  table_id: { no: 1, type: 'int64', required: true },
  buckets_resp: { no: 2, type: BucketError, repeated: true },
});

/** FetchLogResponse with only failed tables (tables_resp 1). */
export const FetchErrorsResponse = message('FetchErrorsResponse', {
  tables_resp: { no: 1, type: FetchTableErrors, repeated: true },
});

/** LookupResponse / PrefixLookupResponse with only failed buckets (buckets_resp 1). */
export const BucketErrorsResponse = message('BucketErrorsResponse', {
  buckets_resp: { no: 1, type: BucketError, repeated: true },
});
