/**
 * Resource views of the remaining public requests: just the fields that name a database, table
 * path or table id, plus the response fields that reveal a table id -> path mapping or must be
 * filtered. Views are partial descriptors for READING; other fields are skipped.
 *
 *   table_path (1):  AlterTable, ListPartitionInfos, GetLakeSnapshot, GetLatestKvSnapshots,
 *                    CreatePartition, DropPartition  -> admin.ts TablePathRequest
 *   table_id (1):    GetKvSnapshotMetadata, GetTableStats, ListRemoteLogManifests, ListKvSnapshots
 *   nested table_id: RegisterProducerOffsets (table_offsets 2 -> 1),
 *                    AcquireKvSnapshotLease (snapshots_to_lease 3 -> 1),
 *                    ReleaseKvSnapshotLease (buckets_to_release 2 -> 1)
 */
import { message } from '../proto-message.js';
import { PbTableBucket } from './common.js';

/** Requests whose resource is `table_id` in field 1. */
export const TableIdRequest = message('TableIdRequest', {
  table_id: { no: 1, type: 'int64', required: true },
  partition_id: { no: 2, type: 'int64' },
});
export const GetKvSnapshotMetadataRequest = TableIdRequest;
export const GetTableStatsRequest = TableIdRequest;
export const ListRemoteLogManifestsRequest = TableIdRequest;
export const ListKvSnapshotsRequest = TableIdRequest;

/** GetLatestKvSnapshotsResponse and GetLakeSnapshotResponse: table_id 1 pairs with the request path. */
export const TableIdResponse = message('TableIdResponse', {
  table_id: { no: 1, type: 'int64', required: true },
});

export const PbBucketOffset = message('PbBucketOffset', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  log_end_offset: { no: 4, type: 'int64' },
});

export const PbProducerTableOffsets = message('PbProducerTableOffsets', {
  table_id: { no: 1, type: 'int64', required: true },
  bucket_offsets: { no: 2, type: PbBucketOffset, repeated: true },
});

export const RegisterProducerOffsetsRequest = message('RegisterProducerOffsetsRequest', {
  producer_id: { no: 1, type: 'string', required: true },
  table_offsets: { no: 2, type: PbProducerTableOffsets, repeated: true },
  ttl_ms: { no: 3, type: 'int64' },
});

/** GetProducerOffsetsRequest and DeleteProducerOffsetsRequest. */
export const ProducerIdRequest = message('ProducerIdRequest', {
  producer_id: { no: 1, type: 'string', required: true },
});

/** Filtered by READ per table_offsets[].table_id (field 3). */
export const GetProducerOffsetsResponse = message('GetProducerOffsetsResponse', {
  producer_id: { no: 1, type: 'string' },
  expiration_time: { no: 2, type: 'int64' },
  table_offsets: { no: 3, type: PbProducerTableOffsets, repeated: true },
});

export const PbKvSnapshotLeaseForBucket = message('PbKvSnapshotLeaseForBucket', {
  partition_id: { no: 1, type: 'int64' },
  bucket_id: { no: 2, type: 'int32', required: true },
  snapshot_id: { no: 3, type: 'int64', required: true },
});

export const PbKvSnapshotLeaseForTable = message('PbKvSnapshotLeaseForTable', {
  table_id: { no: 1, type: 'int64', required: true },
  bucket_snapshots: { no: 2, type: PbKvSnapshotLeaseForBucket, repeated: true },
});

export const AcquireKvSnapshotLeaseRequest = message('AcquireKvSnapshotLeaseRequest', {
  lease_id: { no: 1, type: 'string', required: true },
  lease_duration_ms: { no: 2, type: 'int64', required: true },
  snapshots_to_lease: { no: 3, type: PbKvSnapshotLeaseForTable, repeated: true },
});

export const ReleaseKvSnapshotLeaseRequest = message('ReleaseKvSnapshotLeaseRequest', {
  lease_id: { no: 1, type: 'string', required: true },
  buckets_to_release: { no: 2, type: PbTableBucket, repeated: true },
});

/** DropKvSnapshotLeaseRequest: the lease's tables are server-side state. */
export const LeaseIdRequest = message('LeaseIdRequest', {
  lease_id: { no: 1, type: 'string', required: true },
});
