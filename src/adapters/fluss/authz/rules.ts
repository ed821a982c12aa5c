/**
 * The Fluss authorization rule of every api key (1000..1064): which operation is checked on
 * which resource, where the resource's name comes from, and how a denial looks. These are the
 * checks a Fluss server with `authorizer.enabled=true` makes in its RPC services (RpcServiceBase,
 * CoordinatorService, TabletService), with the gateway rules marked `gateway` where the server
 * checks nothing or checks state the gateway cannot see. A key without a row is denied.
 *
 * Enforcement (denial shape):
 *   open          no check (API_VERSIONS; AUTHENTICATE is answered by the authentication stage)
 *   private       server-to-server key: refused (the adapter refuses these before this stage)
 *   whole         ERROR_RESPONSE 48 "Principal ... have no authorization to operate OP on resource ..."
 *   bucket        per-bucket error_code 48 "No permission to OP table t in database db", others served
 *   lookup        LOOKUP: insert_if_not_exists -> WRITE whole; historical -> READ whole; else READ bucket
 *   filtered      unauthorized names silently left out of the answer
 *   exists_false  answered `exists = false` (DATABASE_EXISTS exempts the database `fluss`)
 *   any_of        INIT_WRITER: WRITE on at least one of the listed tables
 *   in_body       SCAN_KV: the error goes in the ScanKvResponse body
 *   acl_admin     served by the gateway from its own ACL store
 */
import { isPrivateApi } from '../../../protocol/fluss/api-keys.js';

export type FlussOperation = 'ALL' | 'READ' | 'WRITE' | 'CREATE' | 'DROP' | 'ALTER' | 'DESCRIBE';
export type FlussResourceType = 'CLUSTER' | 'DATABASE' | 'TABLE';

export type ResourceSource =
  | 'none'
  /** (CLUSTER, fluss-cluster). */
  | 'cluster'
  /** Request field 1 `database_name`. */
  | 'database_name'
  /** Request field 1 `table_path`, as TABLE `db.t`. */
  | 'table_path'
  /** The database of request field 1 `table_path` (CREATE_TABLE). */
  | 'table_path_database'
  /** Repeated `table_path` (GET_METADATA, INIT_WRITER). */
  | 'table_paths'
  /** One `table_id` field, resolved to its path through the table directory. */
  | 'table_id'
  /** Several `table_id` fields; every one is checked. */
  | 'table_ids'
  /** Names the backend's answer carries (listings, producer offsets). */
  | 'response'
  /** Tables the server keeps for the request's producer id (asked of the backend). */
  | 'server_state'
  /** The ACL bindings / filters of the ACL admin APIs. */
  | 'acl_bindings';

export type Enforcement = 'open' | 'private' | 'whole' | 'bucket' | 'lookup' | 'filtered' | 'exists_false' | 'any_of' | 'in_body' | 'acl_admin';

export interface FlussAuthzRule {
  readonly key: number;
  readonly operation: FlussOperation | null;
  readonly resourceType: FlussResourceType | null;
  readonly source: ResourceSource;
  readonly enforcement: Enforcement;
  /** True where the gateway decides differently from (or where nothing is checked by) a Fluss server. */
  readonly gateway?: true;
}

type Row = [number, FlussOperation | null, FlussResourceType | null, ResourceSource, Enforcement, ('gateway' | undefined)?];

const ROWS: Row[] = [
  [1000, null, null, 'none', 'open'],
  [1001, 'CREATE', 'CLUSTER', 'cluster', 'whole'],
  [1002, 'DROP', 'DATABASE', 'database_name', 'whole'],
  [1003, 'DESCRIBE', 'DATABASE', 'response', 'filtered'],
  [1004, 'DESCRIBE', 'DATABASE', 'database_name', 'exists_false'],
  [1005, 'CREATE', 'DATABASE', 'table_path_database', 'whole'],
  [1006, 'DROP', 'TABLE', 'table_path', 'whole'],
  [1007, 'DESCRIBE', 'TABLE', 'table_path', 'whole'],
  [1008, 'DESCRIBE', 'TABLE', 'response', 'filtered'],
  [1009, 'DESCRIBE', 'TABLE', 'table_path', 'whole'],
  [1010, 'DESCRIBE', 'TABLE', 'table_path', 'exists_false'],
  [1011, 'DESCRIBE', 'TABLE', 'table_path', 'whole'],
  [1012, 'DESCRIBE', 'TABLE', 'table_paths', 'filtered'],
  [1014, 'WRITE', 'TABLE', 'table_id', 'whole'],
  // Fluss skips the check when follower_server_id >= 0; the gateway refuses such fetches.
  [1015, 'READ', 'TABLE', 'table_ids', 'bucket'],
  [1016, 'WRITE', 'TABLE', 'table_id', 'whole'],
  [1017, 'READ', 'TABLE', 'table_id', 'lookup'],
  [1021, 'DESCRIBE', 'TABLE', 'table_id', 'whole'],
  [1023, 'DESCRIBE', 'TABLE', 'table_path', 'whole'],
  [1024, 'DESCRIBE', 'TABLE', 'table_id', 'whole'],
  // Fluss checks nothing (TODO upstream #752); the token opens every table's remote files.
  [1025, 'READ', 'CLUSTER', 'cluster', 'whole', 'gateway'],
  [1026, 'WRITE', 'TABLE', 'table_paths', 'any_of'],
  [1032, 'DESCRIBE', 'TABLE', 'table_path', 'whole'],
  [1033, 'READ', 'TABLE', 'table_id', 'whole'],
  [1034, 'READ', 'TABLE', 'table_id', 'bucket'],
  [1035, 'DESCRIBE', 'DATABASE', 'database_name', 'whole'],
  [1036, 'WRITE', 'TABLE', 'table_path', 'whole'],
  [1037, 'WRITE', 'TABLE', 'table_path', 'whole'],
  [1038, null, null, 'none', 'open'],
  [1039, 'ALL', null, 'acl_bindings', 'acl_admin'],
  [1040, 'DESCRIBE', null, 'acl_bindings', 'acl_admin'],
  [1041, 'ALL', null, 'acl_bindings', 'acl_admin'],
  [1044, 'ALTER', 'TABLE', 'table_path', 'whole'],
  [1045, 'DESCRIBE', 'CLUSTER', 'cluster', 'whole'],
  [1046, 'ALTER', 'CLUSTER', 'cluster', 'whole'],
  [1047, 'ALTER', 'CLUSTER', 'cluster', 'whole'],
  [1048, 'ALTER', 'CLUSTER', 'cluster', 'whole'],
  [1049, 'WRITE', 'CLUSTER', 'cluster', 'whole'],
  [1050, 'DESCRIBE', 'CLUSTER', 'cluster', 'whole'],
  [1051, 'WRITE', 'CLUSTER', 'cluster', 'whole'],
  [1053, 'WRITE', 'TABLE', 'table_ids', 'whole'],
  [1054, 'READ', 'TABLE', 'response', 'filtered'],
  // Without a backend to ask, WRITE on the CLUSTER stands in (it implies WRITE on every table).
  [1055, 'WRITE', 'TABLE', 'server_state', 'whole'],
  [1056, 'READ', 'TABLE', 'table_ids', 'whole'],
  [1057, 'READ', 'TABLE', 'table_ids', 'whole'],
  // The server checks READ on the lease's tables; no api tells the gateway which they are.
  [1058, 'READ', 'CLUSTER', 'cluster', 'whole', 'gateway'],
  [1059, 'READ', 'TABLE', 'table_id', 'whole'],
  [1060, 'ALTER', 'DATABASE', 'database_name', 'whole'],
  [1061, 'READ', 'TABLE', 'table_id', 'in_body'],
  [1062, 'DESCRIBE', 'CLUSTER', 'cluster', 'whole'],
  [1063, 'DESCRIBE', 'TABLE', 'table_id', 'whole'],
  [1064, 'DESCRIBE', 'TABLE', 'table_id', 'whole'],
];

/** PRIVATE keys: UPDATE_METADATA, NOTIFY_*, STOP_REPLICA, ADJUST_ISR, COMMIT_*, tiering, shutdown. */
const PRIVATE_KEYS = [1013, 1018, 1019, 1020, 1022, 1027, 1028, 1029, 1030, 1031, 1042, 1043, 1052];

function build(): Map<number, FlussAuthzRule> {
  const out = new Map<number, FlussAuthzRule>();
  for (const [key, operation, resourceType, source, enforcement, gateway] of ROWS) {
    out.set(key, Object.freeze({ key, operation, resourceType, source, enforcement, ...(gateway ? { gateway: true as const } : {}) }));
  }
  for (const key of PRIVATE_KEYS) {
    if (!isPrivateApi(key)) throw new Error(`rule table: ${key} is not PRIVATE in the api key table`);
    out.set(key, Object.freeze({ key, operation: null, resourceType: null, source: 'none', enforcement: 'private' }));
  }
  return out;
}

export const FLUSS_AUTHZ_RULES: ReadonlyMap<number, FlussAuthzRule> = build();

/** The rule for an api key; undefined means "no rule": the request is denied. */
export function flussAuthzRule(apiKey: number): FlussAuthzRule | undefined {
  return FLUSS_AUTHZ_RULES.get(apiKey);
}
