/**
 * Whole-request rules: one operation on the resource(s) a request names; any denial fails the
 * request with ERROR_RESPONSE 48 (unknown table ids with 21), as AuthorizationException does in
 * a Fluss server. Where the resource's name comes from is the rule's `source`:
 *   cluster              fluss-cluster (ALTER_CLUSTER_CONFIGS with no change passes, as in Fluss)
 *   database_name        request field 1
 *   table_path           request field 1 as `db.t` (GET_TABLE_INFO & co. also teach the directory)
 *   table_path_database  the database of request field 1 (CREATE_TABLE)
 *   table_id(s)          the request's table id field(s), through the table directory
 *   server_state         DELETE_PRODUCER_OFFSETS: the producer's tables, asked of the backend
 */
import { ApiKey } from '../../../protocol/fluss/api-keys.js';
import { walkFields } from '../../../protocol/fluss/proto-wire.js';
import { DatabaseNameRequest, TablePathRequest } from '../../../protocol/fluss/messages/admin.js';
import { ProducerIdRequest } from '../../../protocol/fluss/messages/resources.js';
import { FLUSS_CLUSTER_NAME } from '../../../acl/codes.js';
import { checkNamed, checkTableIds, forwardAsIs, type AuthzCall, type Outcome } from './call.js';
import { refuseFollower } from './follower.js';
import { tableRef } from './texts.js';
import type { FlussRequest } from '../request.js';
import { ListOffsetsView, TableIdField1, TableIdField2, ProducerTableIdsView, LeaseTableIdsView, ReleaseTableIdsView } from './views.js';

const field1 = (r: FlussRequest): bigint => r.decoded(TableIdField1).table_id;
const field2 = (r: FlussRequest): bigint => r.decoded(TableIdField2).table_id;

/** Where the one table id of each `table_id` api is (LIST_OFFSETS, field 3, also reads follower_server_id). */
const TABLE_ID_OF: ReadonlyMap<number, (r: FlussRequest) => bigint> = new Map([
  [ApiKey.PRODUCE_LOG, field2],
  [ApiKey.PUT_KV, field2],
  [ApiKey.LIMIT_SCAN, field2],
  [ApiKey.GET_KV_SNAPSHOT_METADATA, field1],
  [ApiKey.GET_TABLE_STATS, field1],
  [ApiKey.LIST_REMOTE_LOG_MANIFESTS, field1],
  [ApiKey.LIST_KV_SNAPSHOTS, field1],
]);

/** The table ids of the `table_ids` apis handled here (FETCH_LOG is per bucket: buckets.ts). */
function tableIdsOf(apiKey: number, r: FlussRequest): bigint[] {
  switch (apiKey) {
    case ApiKey.REGISTER_PRODUCER_OFFSETS:
      return r.decoded(ProducerTableIdsView).table_offsets.map((t) => t.table_id);
    case ApiKey.ACQUIRE_KV_SNAPSHOT_LEASE:
      return r.decoded(LeaseTableIdsView).snapshots_to_lease.map((t) => t.table_id);
    case ApiKey.RELEASE_KV_SNAPSHOT_LEASE:
      return r.decoded(ReleaseTableIdsView).buckets_to_release.map((t) => t.table_id);
    default:
      throw new Error(`no table id list known for api key ${apiKey}`);
  }
}

/** Apis whose answer pairs the request's table path with its table id (field 1). */
const LEARNS_ID = new Set<number>([ApiKey.GET_TABLE_INFO, ApiKey.GET_LATEST_KV_SNAPSHOTS, ApiKey.GET_LAKE_SNAPSHOT]);

export function wholeRequest(c: AuthzCall): Outcome {
  const key = c.info.apiKey;
  switch (c.rule.source) {
    case 'cluster':
      if (key === ApiKey.ALTER_CLUSTER_CONFIGS && !walkFields(c.body).some((f) => f.no === 1)) return null;
      return checkNamed(c, 'CLUSTER', FLUSS_CLUSTER_NAME);
    case 'database_name':
      return checkNamed(c, 'DATABASE', c.request.decoded(DatabaseNameRequest).database_name);
    case 'table_path_database':
      return checkNamed(c, 'DATABASE', c.request.decoded(TablePathRequest).table_path.database_name);
    case 'table_path': {
      const p = c.request.decoded(TablePathRequest).table_path;
      const t = tableRef(p.database_name, p.table_name);
      const v = checkNamed(c, 'TABLE', t.name);
      if (!v && LEARNS_ID.has(key)) c.expect({ kind: 'learn-id', table: t });
      return v;
    }
    case 'table_id': {
      if (key === ApiKey.LIST_OFFSETS) {
        const r = c.request.decoded(ListOffsetsView);
        return refuseFollower(c, r.follower_server_id) ?? checkTableIds(c, [r.table_id]);
      }
      const read = TABLE_ID_OF.get(key);
      if (!read) throw new Error(`no table id field known for api key ${key}`);
      return checkTableIds(c, [read(c.request)]);
    }
    case 'table_ids':
      return checkTableIds(c, [...new Set(tableIdsOf(key, c.request))]);
    case 'server_state':
      return producerState(c);
    default:
      throw new Error(`whole-request rule with source ${c.rule.source}`);
  }
}

/**
 * DELETE_PRODUCER_OFFSETS: Fluss needs WRITE on every table the producer id holds offsets for.
 * The gateway asks the backend which tables those are; without a backend (or when it cannot
 * answer) WRITE on the CLUSTER stands in, which implies WRITE on every table.
 */
function producerState(c: AuthzCall): Outcome {
  const backend = c.access.tables.backend;
  const onCluster = () => checkNamed(c, 'CLUSTER', FLUSS_CLUSTER_NAME);
  if (!backend) return onCluster();
  const producerId = c.request.decoded(ProducerIdRequest).producer_id;
  return backend.producerOffsetTables(producerId).then(
    (ids) => {
      const v = checkTableIds(c, ids);
      return v instanceof Promise ? v : (v ?? forwardAsIs(c));
    },
    (e: unknown) => {
      c.access.ctx.log.warn({ err: 'SW_ERR_UPSTREAM_UNREACHABLE', detail: (e as Error).message }, 'producer offsets unknown; WRITE on the cluster required');
      return onCluster() ?? forwardAsIs(c);
    },
  );
}
