/**
 * GET_METADATA (1012) messages: the request names tables / partitions; the response names the
 * coordinator (field 1) and tablet servers (field 2) with host and port, which a gateway must
 * rewrite (see rewrite.ts), plus per-table bucket leaders.
 */
import { message } from '../proto-message.js';
import { PbPhysicalTablePath, PbTablePath } from './common.js';

export const MetadataRequest = message('MetadataRequest', {
  table_path: { no: 1, type: PbTablePath, repeated: true },
  partitions_path: { no: 2, type: PbPhysicalTablePath, repeated: true },
  partitions_id: { no: 3, type: 'int64', repeated: true, packed: true },
});

export const PbServerNode = message('PbServerNode', {
  node_id: { no: 1, type: 'int32', required: true },
  host: { no: 2, type: 'string', required: true },
  port: { no: 3, type: 'int32', required: true },
  listeners: { no: 4, type: 'string' },
  rack: { no: 5, type: 'string' },
});

export const PbBucketMetadata = message('PbBucketMetadata', {
  bucket_id: { no: 1, type: 'int32', required: true },
  leader_id: { no: 2, type: 'int32' },
  replica_id: { no: 3, type: 'int32', repeated: true, packed: true },
  leader_epoch: { no: 4, type: 'int32' },
});

export const PbTableMetadata = message('PbTableMetadata', {
  table_path: { no: 1, type: PbTablePath, required: true },
  table_id: { no: 2, type: 'int64', required: true },
  schema_id: { no: 3, type: 'int32', required: true },
  table_json: { no: 4, type: 'bytes', required: true },
  bucket_metadata: { no: 5, type: PbBucketMetadata, repeated: true },
  created_time: { no: 6, type: 'int64', required: true },
  modified_time: { no: 7, type: 'int64', required: true },
  remote_data_dir: { no: 8, type: 'string' },
});

export const PbPartitionMetadata = message('PbPartitionMetadata', {
  table_id: { no: 1, type: 'int64', required: true },
  partition_name: { no: 2, type: 'string', required: true },
  partition_id: { no: 3, type: 'int64', required: true },
  bucket_metadata: { no: 4, type: PbBucketMetadata, repeated: true },
});

export const MetadataResponse = message('MetadataResponse', {
  coordinator_server: { no: 1, type: PbServerNode },
  tablet_servers: { no: 2, type: PbServerNode, repeated: true },
  table_metadata: { no: 3, type: PbTableMetadata, repeated: true },
  partition_metadata: { no: 4, type: PbPartitionMetadata, repeated: true },
});
