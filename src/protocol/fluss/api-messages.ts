/**
 * Which message descriptor reads the body of each api key's request and success response, for
 * the keys the gateway inspects. Views marked partial in messages/ decode only resource fields.
 * Keys absent here carry no resource beyond the cluster (or are PRIVATE).
 * For typed access import the descriptors from messages/ directly; this map is for generic code.
 */
import type { MessageDescriptor } from './proto-message.js';
import { ApiKey } from './api-keys.js';
import { ApiVersionsRequest, ApiVersionsResponse, AuthenticateRequest, AuthenticateResponse } from './messages/handshake.js';
import {
  CreateDatabaseRequest,
  DropDatabaseRequest,
  AlterDatabaseRequest,
  DatabaseNameRequest,
  GetDatabaseInfoResponse,
  ExistsResponse,
  ListDatabasesRequest,
  ListDatabasesResponse,
  ListTablesResponse,
  CreateTableRequest,
  DropTableRequest,
  TablePathRequest,
  GetTableInfoResponse,
  GetTableSchemaRequest,
  GetTableSchemaResponse,
  EmptyMessage,
  PartitionChangeRequest,
  ListPartitionInfosRequest,
  GetLatestKvSnapshotsRequest,
} from './messages/admin.js';
import { MetadataRequest, MetadataResponse } from './messages/metadata.js';
import { InitWriterRequest, InitWriterResponse, ProduceLogRequest, ProduceLogResponse, FetchLogRequest, FetchLogResponse, ListOffsetsRequest, ListOffsetsResponse } from './messages/log.js';
import { PutKvRequest, PutKvResponse, LookupRequest, LookupResponse, PrefixLookupRequest, LimitScanRequest, ScanKvRequest, ScanKvResponse } from './messages/kv.js';
import { CreateAclsRequest, CreateAclsResponse, ListAclsRequest, ListAclsResponse, DropAclsRequest, DropAclsResponse } from './messages/acl.js';
import {
  TableIdRequest,
  TableIdResponse,
  RegisterProducerOffsetsRequest,
  ProducerIdRequest,
  GetProducerOffsetsResponse,
  AcquireKvSnapshotLeaseRequest,
  ReleaseKvSnapshotLeaseRequest,
  LeaseIdRequest,
} from './messages/resources.js';

export interface ApiMessages {
  readonly request: MessageDescriptor;
  readonly response?: MessageDescriptor;
}

const K = ApiKey;
const entries: [number, ApiMessages][] = [
  [K.API_VERSIONS, { request: ApiVersionsRequest, response: ApiVersionsResponse }],
  [K.AUTHENTICATE, { request: AuthenticateRequest, response: AuthenticateResponse }],
  [K.CREATE_DATABASE, { request: CreateDatabaseRequest, response: EmptyMessage }],
  [K.DROP_DATABASE, { request: DropDatabaseRequest, response: EmptyMessage }],
  [K.ALTER_DATABASE, { request: AlterDatabaseRequest, response: EmptyMessage }],
  [K.LIST_DATABASES, { request: ListDatabasesRequest, response: ListDatabasesResponse }],
  [K.DATABASE_EXISTS, { request: DatabaseNameRequest, response: ExistsResponse }],
  [K.GET_DATABASE_INFO, { request: DatabaseNameRequest, response: GetDatabaseInfoResponse }],
  [K.LIST_TABLES, { request: DatabaseNameRequest, response: ListTablesResponse }],
  [K.CREATE_TABLE, { request: CreateTableRequest, response: EmptyMessage }],
  [K.DROP_TABLE, { request: DropTableRequest, response: EmptyMessage }],
  [K.ALTER_TABLE, { request: TablePathRequest, response: EmptyMessage }],
  [K.GET_TABLE_INFO, { request: TablePathRequest, response: GetTableInfoResponse }],
  [K.TABLE_EXISTS, { request: TablePathRequest, response: ExistsResponse }],
  [K.GET_TABLE_SCHEMA, { request: GetTableSchemaRequest, response: GetTableSchemaResponse }],
  [K.LIST_PARTITION_INFOS, { request: ListPartitionInfosRequest }],
  [K.CREATE_PARTITION, { request: PartitionChangeRequest, response: EmptyMessage }],
  [K.DROP_PARTITION, { request: PartitionChangeRequest, response: EmptyMessage }],
  [K.GET_LATEST_KV_SNAPSHOTS, { request: GetLatestKvSnapshotsRequest, response: TableIdResponse }],
  [K.GET_LAKE_SNAPSHOT, { request: TablePathRequest, response: TableIdResponse }],
  [K.GET_METADATA, { request: MetadataRequest, response: MetadataResponse }],
  [K.INIT_WRITER, { request: InitWriterRequest, response: InitWriterResponse }],
  [K.PRODUCE_LOG, { request: ProduceLogRequest, response: ProduceLogResponse }],
  [K.FETCH_LOG, { request: FetchLogRequest, response: FetchLogResponse }],
  [K.LIST_OFFSETS, { request: ListOffsetsRequest, response: ListOffsetsResponse }],
  [K.PUT_KV, { request: PutKvRequest, response: PutKvResponse }],
  [K.LOOKUP, { request: LookupRequest, response: LookupResponse }],
  [K.PREFIX_LOOKUP, { request: PrefixLookupRequest }],
  [K.LIMIT_SCAN, { request: LimitScanRequest }],
  [K.SCAN_KV, { request: ScanKvRequest, response: ScanKvResponse }],
  [K.GET_KV_SNAPSHOT_METADATA, { request: TableIdRequest }],
  [K.GET_TABLE_STATS, { request: TableIdRequest }],
  [K.LIST_REMOTE_LOG_MANIFESTS, { request: TableIdRequest }],
  [K.LIST_KV_SNAPSHOTS, { request: TableIdRequest }],
  [K.REGISTER_PRODUCER_OFFSETS, { request: RegisterProducerOffsetsRequest }],
  [K.GET_PRODUCER_OFFSETS, { request: ProducerIdRequest, response: GetProducerOffsetsResponse }],
  [K.DELETE_PRODUCER_OFFSETS, { request: ProducerIdRequest, response: EmptyMessage }],
  [K.ACQUIRE_KV_SNAPSHOT_LEASE, { request: AcquireKvSnapshotLeaseRequest }],
  [K.RELEASE_KV_SNAPSHOT_LEASE, { request: ReleaseKvSnapshotLeaseRequest, response: EmptyMessage }],
  [K.DROP_KV_SNAPSHOT_LEASE, { request: LeaseIdRequest, response: EmptyMessage }],
  [K.CREATE_ACLS, { request: CreateAclsRequest, response: CreateAclsResponse }],
  [K.LIST_ACLS, { request: ListAclsRequest, response: ListAclsResponse }],
  [K.DROP_ACLS, { request: DropAclsRequest, response: DropAclsResponse }],
  [K.GET_FILESYSTEM_SECURITY_TOKEN, { request: EmptyMessage }],
  [K.DESCRIBE_CLUSTER_CONFIGS, { request: EmptyMessage }],
  [K.GET_CLUSTER_HEALTH, { request: EmptyMessage }],
];

export const API_MESSAGES: ReadonlyMap<number, ApiMessages> = new Map(entries);

export function requestDescriptor(apiKey: number): MessageDescriptor | undefined {
  return API_MESSAGES.get(apiKey)?.request;
}

export function responseDescriptor(apiKey: number): MessageDescriptor | undefined {
  return API_MESSAGES.get(apiKey)?.response;
}
