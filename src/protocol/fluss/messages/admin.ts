/**
 * Database and table admin messages (keys 1001..1011, 1035, 1044, 1060). The resource is the
 * request's `database_name` (field 1) or `table_path` (field 1). The *Json bytes fields are
 * opaque JSON documents (table / database descriptors, schemas).
 */
import { message } from '../proto-message.js';
import { PbTablePath, PbPartitionSpec } from './common.js';

export const CreateDatabaseRequest = message('CreateDatabaseRequest', {
  database_name: { no: 1, type: 'string', required: true },
  ignore_if_exists: { no: 2, type: 'bool', required: true },
  database_json: { no: 3, type: 'bytes' },
});

export const DropDatabaseRequest = message('DropDatabaseRequest', {
  database_name: { no: 1, type: 'string', required: true },
  ignore_if_not_exists: { no: 2, type: 'bool', required: true },
  cascade: { no: 3, type: 'bool', required: true },
});

/** AlterDatabaseRequest, resource field only (config_changes 3 and comment 4 not declared). */
export const AlterDatabaseRequest = message('AlterDatabaseRequest', {
  database_name: { no: 1, type: 'string', required: true },
  ignore_if_not_exists: { no: 2, type: 'bool', required: true },
});

/** GetDatabaseInfoRequest, DatabaseExistsRequest and ListTablesRequest share this shape. */
export const DatabaseNameRequest = message('DatabaseNameRequest', {
  database_name: { no: 1, type: 'string', required: true },
});
export const GetDatabaseInfoRequest = DatabaseNameRequest;
export const DatabaseExistsRequest = DatabaseNameRequest;
export const ListTablesRequest = DatabaseNameRequest;

export const GetDatabaseInfoResponse = message('GetDatabaseInfoResponse', {
  database_json: { no: 3, type: 'bytes', required: true },
  created_time: { no: 4, type: 'int64', required: true },
  modified_time: { no: 5, type: 'int64', required: true },
});

/** DatabaseExistsResponse and TableExistsResponse. */
export const ExistsResponse = message('ExistsResponse', {
  exists: { no: 1, type: 'bool', required: true },
});
export const DatabaseExistsResponse = ExistsResponse;
export const TableExistsResponse = ExistsResponse;

export const ListDatabasesRequest = message('ListDatabasesRequest', {
  include_summary: { no: 1, type: 'bool' },
});

export const PbDatabaseSummary = message('PbDatabaseSummary', {
  database_name: { no: 1, type: 'string', required: true },
  created_time: { no: 2, type: 'int64', required: true },
  table_count: { no: 3, type: 'int32', required: true },
});

export const ListDatabasesResponse = message('ListDatabasesResponse', {
  database_name: { no: 1, type: 'string', repeated: true },
  database_summary: { no: 2, type: PbDatabaseSummary, repeated: true },
});

export const ListTablesResponse = message('ListTablesResponse', {
  table_name: { no: 1, type: 'string', repeated: true },
});

export const CreateTableRequest = message('CreateTableRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  table_json: { no: 2, type: 'bytes', required: true },
  ignore_if_exists: { no: 3, type: 'bool', required: true },
});

export const DropTableRequest = message('DropTableRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  ignore_if_not_exists: { no: 2, type: 'bool', required: true },
});

/**
 * Requests whose only resource is `table_path` (field 1): GetTableInfo, TableExists,
 * AlterTable, ListPartitionInfos, GetLakeSnapshot, GetLatestKvSnapshots, Create/DropPartition.
 * Decoding with it skips every other field.
 */
export const TablePathRequest = message('TablePathRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
});
export const GetTableInfoRequest = TablePathRequest;
export const TableExistsRequest = TablePathRequest;

export const GetTableInfoResponse = message('GetTableInfoResponse', {
  table_id: { no: 1, type: 'int64', required: true },
  schema_id: { no: 2, type: 'int32', required: true },
  table_json: { no: 3, type: 'bytes', required: true },
  created_time: { no: 4, type: 'int64', required: true },
  modified_time: { no: 5, type: 'int64', required: true },
  remote_data_dir: { no: 6, type: 'string' },
});

export const GetTableSchemaRequest = message('GetTableSchemaRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  schema_id: { no: 2, type: 'int32' },
});

export const GetTableSchemaResponse = message('GetTableSchemaResponse', {
  schema_id: { no: 1, type: 'int32', required: true },
  schema_json: { no: 2, type: 'bytes', required: true },
});

/** CreatePartitionRequest and DropPartitionRequest (same shape). */
export const PartitionChangeRequest = message('PartitionChangeRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  partition_spec: { no: 2, type: PbPartitionSpec, required: true },
  ignore_if_not_exists: { no: 3, type: 'bool', required: true },
});
export const CreatePartitionRequest = PartitionChangeRequest;
export const DropPartitionRequest = PartitionChangeRequest;

export const ListPartitionInfosRequest = message('ListPartitionInfosRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  partial_partition_spec: { no: 2, type: PbPartitionSpec },
});

export const GetLatestKvSnapshotsRequest = message('GetLatestKvSnapshotsRequest', {
  table_path: { no: 1, type: PbTablePath, required: true },
  partition_name: { no: 2, type: 'string' },
});

/** Bodies with no fields (CreateDatabaseResponse, DropTableResponse, ...). */
export const EmptyMessage = message('EmptyMessage', {});
