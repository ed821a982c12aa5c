/**
 * The Fluss api key table (keys 1000..1064; 0..999 are reserved for Kafka on Kafka listeners).
 *
 * Per key: name, supported version range, visibility (PUBLIC = clients, PRIVATE = server to
 * server; Fluss itself never enforces it) and which server type registers a handler for it.
 * A Fluss server answers NOTHING to a key its server type does not serve.
 * Facts from Fluss ApiKeys and the RPC gateway interfaces (RpcGateway and AdminReadOnlyGateway:
 * both; AdminGateway and CoordinatorGateway: coordinator; TabletServerGateway: tablet server).
 */

export type ApiVisibility = 'PUBLIC' | 'PRIVATE';
export type ServedBy = 'coordinator' | 'tablet' | 'both';

export interface ApiKeyInfo {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly visibility: ApiVisibility;
  readonly servedBy: ServedBy;
}

/** Fluss ServerType ids as sent in ApiVersionsResponse.server_type. */
export const ServerType = { COORDINATOR: 1, TABLET_SERVER: 2, UNKNOWN: -1 } as const;
export type ServerTypeId = (typeof ServerType)[keyof typeof ServerType];

type Row = [number, string, number, number, ApiVisibility, ServedBy];

const ROWS: Row[] = [
  [1000, 'API_VERSIONS', 0, 0, 'PUBLIC', 'both'],
  [1001, 'CREATE_DATABASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1002, 'DROP_DATABASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1003, 'LIST_DATABASES', 0, 0, 'PUBLIC', 'both'],
  [1004, 'DATABASE_EXISTS', 0, 0, 'PUBLIC', 'both'],
  [1005, 'CREATE_TABLE', 0, 0, 'PUBLIC', 'coordinator'],
  [1006, 'DROP_TABLE', 0, 0, 'PUBLIC', 'coordinator'],
  [1007, 'GET_TABLE_INFO', 0, 0, 'PUBLIC', 'both'],
  [1008, 'LIST_TABLES', 0, 0, 'PUBLIC', 'both'],
  [1009, 'LIST_PARTITION_INFOS', 0, 0, 'PUBLIC', 'both'],
  [1010, 'TABLE_EXISTS', 0, 0, 'PUBLIC', 'both'],
  [1011, 'GET_TABLE_SCHEMA', 0, 0, 'PUBLIC', 'both'],
  [1012, 'GET_METADATA', 0, 0, 'PUBLIC', 'both'],
  [1013, 'UPDATE_METADATA', 0, 0, 'PRIVATE', 'tablet'],
  [1014, 'PRODUCE_LOG', 0, 0, 'PUBLIC', 'tablet'],
  [1015, 'FETCH_LOG', 0, 0, 'PUBLIC', 'tablet'],
  [1016, 'PUT_KV', 0, 2, 'PUBLIC', 'tablet'],
  [1017, 'LOOKUP', 0, 1, 'PUBLIC', 'tablet'],
  [1018, 'NOTIFY_LEADER_AND_ISR', 0, 0, 'PRIVATE', 'tablet'],
  [1019, 'STOP_REPLICA', 0, 0, 'PRIVATE', 'tablet'],
  [1020, 'ADJUST_ISR', 0, 0, 'PRIVATE', 'coordinator'],
  [1021, 'LIST_OFFSETS', 0, 0, 'PUBLIC', 'tablet'],
  [1022, 'COMMIT_KV_SNAPSHOT', 0, 0, 'PRIVATE', 'coordinator'],
  [1023, 'GET_LATEST_KV_SNAPSHOTS', 0, 0, 'PUBLIC', 'both'],
  [1024, 'GET_KV_SNAPSHOT_METADATA', 0, 0, 'PUBLIC', 'both'],
  [1025, 'GET_FILESYSTEM_SECURITY_TOKEN', 0, 0, 'PUBLIC', 'both'],
  [1026, 'INIT_WRITER', 0, 0, 'PUBLIC', 'tablet'],
  [1027, 'COMMIT_REMOTE_LOG_MANIFEST', 0, 0, 'PRIVATE', 'coordinator'],
  [1028, 'NOTIFY_REMOTE_LOG_OFFSETS', 0, 0, 'PRIVATE', 'tablet'],
  [1029, 'NOTIFY_KV_SNAPSHOT_OFFSET', 0, 0, 'PRIVATE', 'tablet'],
  [1030, 'COMMIT_LAKE_TABLE_SNAPSHOT', 0, 0, 'PRIVATE', 'coordinator'],
  [1031, 'NOTIFY_LAKE_TABLE_OFFSET', 0, 0, 'PRIVATE', 'tablet'],
  [1032, 'GET_LAKE_SNAPSHOT', 0, 0, 'PUBLIC', 'both'],
  [1033, 'LIMIT_SCAN', 0, 0, 'PUBLIC', 'tablet'],
  [1034, 'PREFIX_LOOKUP', 0, 1, 'PUBLIC', 'tablet'],
  [1035, 'GET_DATABASE_INFO', 0, 0, 'PUBLIC', 'both'],
  [1036, 'CREATE_PARTITION', 0, 0, 'PUBLIC', 'coordinator'],
  [1037, 'DROP_PARTITION', 0, 0, 'PUBLIC', 'coordinator'],
  [1038, 'AUTHENTICATE', 0, 0, 'PUBLIC', 'both'],
  [1039, 'CREATE_ACLS', 0, 0, 'PUBLIC', 'coordinator'],
  [1040, 'LIST_ACLS', 0, 0, 'PUBLIC', 'both'],
  [1041, 'DROP_ACLS', 0, 0, 'PUBLIC', 'coordinator'],
  [1042, 'LAKE_TIERING_HEARTBEAT', 0, 0, 'PRIVATE', 'coordinator'],
  [1043, 'CONTROLLED_SHUTDOWN', 0, 0, 'PRIVATE', 'coordinator'],
  [1044, 'ALTER_TABLE', 0, 0, 'PUBLIC', 'coordinator'],
  [1045, 'DESCRIBE_CLUSTER_CONFIGS', 0, 0, 'PUBLIC', 'both'],
  [1046, 'ALTER_CLUSTER_CONFIGS', 0, 0, 'PUBLIC', 'coordinator'],
  [1047, 'ADD_SERVER_TAG', 0, 0, 'PUBLIC', 'coordinator'],
  [1048, 'REMOVE_SERVER_TAG', 0, 0, 'PUBLIC', 'coordinator'],
  [1049, 'REBALANCE', 0, 0, 'PUBLIC', 'coordinator'],
  [1050, 'LIST_REBALANCE_PROGRESS', 0, 0, 'PUBLIC', 'coordinator'],
  [1051, 'CANCEL_REBALANCE', 0, 0, 'PUBLIC', 'coordinator'],
  [1052, 'PREPARE_LAKE_TABLE_SNAPSHOT', 0, 0, 'PRIVATE', 'coordinator'],
  [1053, 'REGISTER_PRODUCER_OFFSETS', 0, 0, 'PUBLIC', 'coordinator'],
  [1054, 'GET_PRODUCER_OFFSETS', 0, 0, 'PUBLIC', 'coordinator'],
  [1055, 'DELETE_PRODUCER_OFFSETS', 0, 0, 'PUBLIC', 'coordinator'],
  [1056, 'ACQUIRE_KV_SNAPSHOT_LEASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1057, 'RELEASE_KV_SNAPSHOT_LEASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1058, 'DROP_KV_SNAPSHOT_LEASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1059, 'GET_TABLE_STATS', 0, 0, 'PUBLIC', 'tablet'],
  [1060, 'ALTER_DATABASE', 0, 0, 'PUBLIC', 'coordinator'],
  [1061, 'SCAN_KV', 0, 0, 'PUBLIC', 'tablet'],
  [1062, 'GET_CLUSTER_HEALTH', 0, 0, 'PUBLIC', 'both'],
  [1063, 'LIST_REMOTE_LOG_MANIFESTS', 0, 0, 'PUBLIC', 'coordinator'],
  [1064, 'LIST_KV_SNAPSHOTS', 0, 0, 'PUBLIC', 'coordinator'],
];

export const API_KEYS: readonly ApiKeyInfo[] = ROWS.map(([key, name, minVersion, maxVersion, visibility, servedBy]) => Object.freeze({ key, name, minVersion, maxVersion, visibility, servedBy }));

const BY_KEY = new Map(API_KEYS.map((a) => [a.key, a]));

/** Api key numbers by name, e.g. `ApiKey.GET_METADATA === 1012`. */
export const ApiKey = {
  API_VERSIONS: 1000,
  CREATE_DATABASE: 1001,
  DROP_DATABASE: 1002,
  LIST_DATABASES: 1003,
  DATABASE_EXISTS: 1004,
  CREATE_TABLE: 1005,
  DROP_TABLE: 1006,
  GET_TABLE_INFO: 1007,
  LIST_TABLES: 1008,
  LIST_PARTITION_INFOS: 1009,
  TABLE_EXISTS: 1010,
  GET_TABLE_SCHEMA: 1011,
  GET_METADATA: 1012,
  UPDATE_METADATA: 1013,
  PRODUCE_LOG: 1014,
  FETCH_LOG: 1015,
  PUT_KV: 1016,
  LOOKUP: 1017,
  NOTIFY_LEADER_AND_ISR: 1018,
  STOP_REPLICA: 1019,
  ADJUST_ISR: 1020,
  LIST_OFFSETS: 1021,
  COMMIT_KV_SNAPSHOT: 1022,
  GET_LATEST_KV_SNAPSHOTS: 1023,
  GET_KV_SNAPSHOT_METADATA: 1024,
  GET_FILESYSTEM_SECURITY_TOKEN: 1025,
  INIT_WRITER: 1026,
  COMMIT_REMOTE_LOG_MANIFEST: 1027,
  NOTIFY_REMOTE_LOG_OFFSETS: 1028,
  NOTIFY_KV_SNAPSHOT_OFFSET: 1029,
  COMMIT_LAKE_TABLE_SNAPSHOT: 1030,
  NOTIFY_LAKE_TABLE_OFFSET: 1031,
  GET_LAKE_SNAPSHOT: 1032,
  LIMIT_SCAN: 1033,
  PREFIX_LOOKUP: 1034,
  GET_DATABASE_INFO: 1035,
  CREATE_PARTITION: 1036,
  DROP_PARTITION: 1037,
  AUTHENTICATE: 1038,
  CREATE_ACLS: 1039,
  LIST_ACLS: 1040,
  DROP_ACLS: 1041,
  LAKE_TIERING_HEARTBEAT: 1042,
  CONTROLLED_SHUTDOWN: 1043,
  ALTER_TABLE: 1044,
  DESCRIBE_CLUSTER_CONFIGS: 1045,
  ALTER_CLUSTER_CONFIGS: 1046,
  ADD_SERVER_TAG: 1047,
  REMOVE_SERVER_TAG: 1048,
  REBALANCE: 1049,
  LIST_REBALANCE_PROGRESS: 1050,
  CANCEL_REBALANCE: 1051,
  PREPARE_LAKE_TABLE_SNAPSHOT: 1052,
  REGISTER_PRODUCER_OFFSETS: 1053,
  GET_PRODUCER_OFFSETS: 1054,
  DELETE_PRODUCER_OFFSETS: 1055,
  ACQUIRE_KV_SNAPSHOT_LEASE: 1056,
  RELEASE_KV_SNAPSHOT_LEASE: 1057,
  DROP_KV_SNAPSHOT_LEASE: 1058,
  GET_TABLE_STATS: 1059,
  ALTER_DATABASE: 1060,
  SCAN_KV: 1061,
  GET_CLUSTER_HEALTH: 1062,
  LIST_REMOTE_LOG_MANIFESTS: 1063,
  LIST_KV_SNAPSHOTS: 1064,
} as const;
export type ApiKeyName = keyof typeof ApiKey;

export function apiKeyInfo(key: number): ApiKeyInfo | undefined {
  return BY_KEY.get(key);
}

/** The api name for logs and metrics; `UNKNOWN(<key>)` for keys outside the table. */
export function apiName(key: number): string {
  return BY_KEY.get(key)?.name ?? `UNKNOWN(${key})`;
}

export function isPrivateApi(key: number): boolean {
  return BY_KEY.get(key)?.visibility === 'PRIVATE';
}

export function isVersionSupported(key: number, version: number): boolean {
  const info = BY_KEY.get(key);
  return info !== undefined && version >= info.minVersion && version <= info.maxVersion;
}

/** True when a server of this type registers a handler for the key. */
export function servesApi(serverType: ServerTypeId, key: number): boolean {
  const info = BY_KEY.get(key);
  if (!info) return false;
  if (info.servedBy === 'both') return serverType === ServerType.COORDINATOR || serverType === ServerType.TABLET_SERVER;
  return info.servedBy === (serverType === ServerType.COORDINATOR ? 'coordinator' : serverType === ServerType.TABLET_SERVER ? 'tablet' : '');
}

/** The keys a server of this type serves, ascending (the order its ApiVersionsResponse uses). */
export function apisServedBy(serverType: ServerTypeId): ApiKeyInfo[] {
  return API_KEYS.filter((a) => servesApi(serverType, a.key));
}
