/**
 * Conformance of the Fluss authorization stage with the per-api checks of a Fluss server with
 * `authorizer.enabled=true` (RpcServiceBase, CoordinatorService, TabletService at Fluss HEAD),
 * for every api key 1000..1064. The EXPECTED table below is written from those facts (and marks
 * the gateway's own rules); for each key the test drives the stage with a hand-built request:
 *   - a principal without ACLs gets the denial shape of the row (whole 48 naming exactly that
 *     operation and resource, per-bucket 48, filtered out, exists=false, any-of text, error in
 *     body, PRIVATE refusal), and
 *   - a principal granted exactly that operation on exactly that resource gets through.
 * Table `db.t` has id 7; the database is `db`.
 */
import t, { type Test } from 'tap';
import { API_KEYS, ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { FLUSS_AUTHZ_RULES } from '../../../../src/adapters/fluss/authz/rules.js';
import { encodeMessage, decodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { ProtoWriter } from '../../../../src/protocol/fluss/proto-wire.js';
import * as m from '../../../../src/protocol/fluss/messages/all.js';
import { harness, grant, errorOf, okOf, forwardedBody, backendOk, decodeOk, makeTables, DENY_TEXT } from './authz/fixtures.js';
import type { Verdict } from '../../../../src/proxy/protocol.js';
import type { AclEntry } from '../../../../src/acl/types.js';

type Shape = 'open' | 'private' | 'whole' | 'bucket' | 'filtered' | 'exists_false' | 'any_of' | 'in_body' | 'acl_admin';
type Row = [key: number, op: string | null, type: 'CLUSTER' | 'DATABASE' | 'TABLE' | null, shape: Shape, note?: string];

const C = 'CLUSTER',
  D = 'DATABASE',
  T = 'TABLE';
const EXPECTED: Row[] = [
  [1000, null, null, 'open'],
  [1001, 'CREATE', C, 'whole'],
  [1002, 'DROP', D, 'whole'],
  [1003, 'DESCRIBE', D, 'filtered'],
  [1004, 'DESCRIBE', D, 'exists_false'],
  [1005, 'CREATE', D, 'whole'],
  [1006, 'DROP', T, 'whole'],
  [1007, 'DESCRIBE', T, 'whole'],
  [1008, 'DESCRIBE', T, 'filtered'],
  [1009, 'DESCRIBE', T, 'whole'],
  [1010, 'DESCRIBE', T, 'exists_false'],
  [1011, 'DESCRIBE', T, 'whole'],
  [1012, 'DESCRIBE', T, 'filtered'],
  [1013, null, null, 'private'],
  [1014, 'WRITE', T, 'whole'],
  [1015, 'READ', T, 'bucket'],
  [1016, 'WRITE', T, 'whole'],
  [1017, 'READ', T, 'bucket', 'plain lookup; insert WRITE / historical READ are whole'],
  [1018, null, null, 'private'],
  [1019, null, null, 'private'],
  [1020, null, null, 'private'],
  [1021, 'DESCRIBE', T, 'whole'],
  [1022, null, null, 'private'],
  [1023, 'DESCRIBE', T, 'whole'],
  [1024, 'DESCRIBE', T, 'whole'],
  [1025, 'READ', C, 'whole', 'gateway rule: Fluss checks nothing'],
  [1026, 'WRITE', T, 'any_of'],
  [1027, null, null, 'private'],
  [1028, null, null, 'private'],
  [1029, null, null, 'private'],
  [1030, null, null, 'private'],
  [1031, null, null, 'private'],
  [1032, 'DESCRIBE', T, 'whole'],
  [1033, 'READ', T, 'whole'],
  [1034, 'READ', T, 'bucket'],
  [1035, 'DESCRIBE', D, 'whole'],
  [1036, 'WRITE', T, 'whole'],
  [1037, 'WRITE', T, 'whole'],
  [1038, null, null, 'open', 'authentication stage'],
  [1039, 'ALL', D, 'acl_admin', 'binding on TABLE db.t needs ALL on DATABASE db'],
  [1040, 'DESCRIBE', D, 'acl_admin'],
  [1041, 'ALL', D, 'acl_admin'],
  [1042, null, null, 'private'],
  [1043, null, null, 'private', 'PRIVATE key; Fluss checks ALTER on CLUSTER'],
  [1044, 'ALTER', T, 'whole'],
  [1045, 'DESCRIBE', C, 'whole'],
  [1046, 'ALTER', C, 'whole'],
  [1047, 'ALTER', C, 'whole'],
  [1048, 'ALTER', C, 'whole'],
  [1049, 'WRITE', C, 'whole'],
  [1050, 'DESCRIBE', C, 'whole'],
  [1051, 'WRITE', C, 'whole'],
  [1052, null, null, 'private'],
  [1053, 'WRITE', T, 'whole'],
  [1054, 'READ', T, 'filtered'],
  [1055, 'WRITE', T, 'whole', 'tables from the backend'],
  [1056, 'READ', T, 'whole'],
  [1057, 'READ', T, 'whole'],
  [1058, 'READ', C, 'whole', "gateway rule: Fluss checks READ on the lease's tables"],
  [1059, 'READ', T, 'whole'],
  [1060, 'ALTER', D, 'whole'],
  [1061, 'READ', T, 'in_body'],
  [1062, 'DESCRIBE', C, 'whole'],
  [1063, 'DESCRIBE', T, 'whole'],
  [1064, 'DESCRIBE', T, 'whole'],
];

const NAME = { CLUSTER: 'fluss-cluster', DATABASE: 'db', TABLE: 'db.t' } as const;
const PATH = { database_name: 'db', table_name: 't' };
const id1 = (no = 1) => new ProtoWriter().varintField(no, 7n).finish();
const empty = Buffer.alloc(0);
const enc = encodeMessage;

/** A valid request body naming `db` / `db.t` (id 7) for every key. */
const BODY: Record<number, Buffer> = {
  1000: enc(m.ApiVersionsRequest, { client_software_name: 'fluss', client_software_version: '0.1.0' }),
  1001: enc(m.CreateDatabaseRequest, { database_name: 'db', ignore_if_exists: false }),
  1002: enc(m.DropDatabaseRequest, { database_name: 'db', ignore_if_not_exists: false, cascade: false }),
  1003: enc(m.ListDatabasesRequest, {}),
  1004: enc(m.DatabaseNameRequest, { database_name: 'db' }),
  1005: enc(m.CreateTableRequest, { table_path: PATH, table_json: Buffer.from('{}'), ignore_if_exists: false }),
  1006: enc(m.DropTableRequest, { table_path: PATH, ignore_if_not_exists: false }),
  1008: enc(m.DatabaseNameRequest, { database_name: 'db' }),
  1012: enc(m.MetadataRequest, { table_path: [PATH] }),
  1014: id1(2),
  1015: enc(m.FetchLogRequest, {
    follower_server_id: -1,
    max_bytes: 1,
    tables_req: [{ table_id: 7n, projection_pushdown_enabled: false, buckets_req: [{ bucket_id: 0, fetch_offset: 0n, max_fetch_bytes: 1 }] }],
  }),
  1016: id1(2),
  1017: enc(m.LookupRequest, { table_id: 7n, buckets_req: [{ bucket_id: 0 }] }),
  1021: enc(m.ListOffsetsRequest, { follower_server_id: -1, offset_type: 1, table_id: 7n }),
  1024: id1(),
  1025: empty,
  1026: enc(m.InitWriterRequest, { table_path: [PATH] }),
  1033: id1(2),
  1034: enc(m.PrefixLookupRequest, { table_id: 7n, buckets_req: [{ bucket_id: 0 }] }),
  1035: enc(m.DatabaseNameRequest, { database_name: 'db' }),
  1039: enc(m.CreateAclsRequest, { acl: [{ resource_type: 4, resource_name: 'db.t', principal_name: 'bob', principal_type: 'User', host: '*', operation_type: 3, permission_type: 2 }] }),
  1040: enc(m.ListAclsRequest, { acl_filter: { resource_type: 1, operation_type: 1, permission_type: 1 } }),
  1041: enc(m.DropAclsRequest, { acl_filter: [{ resource_type: 4, resource_name: 'db.t', operation_type: 1, permission_type: 1 }] }),
  1046: new ProtoWriter().bytesField(1, new ProtoWriter().stringField(1, 'k').finish()).finish(),
  1053: enc(m.RegisterProducerOffsetsRequest, { producer_id: 'p', table_offsets: [{ table_id: 7n }] }),
  1054: enc(m.ProducerIdRequest, { producer_id: 'p' }),
  1055: enc(m.ProducerIdRequest, { producer_id: 'p' }),
  1056: enc(m.AcquireKvSnapshotLeaseRequest, { lease_id: 'l', lease_duration_ms: 1n, snapshots_to_lease: [{ table_id: 7n }] }),
  1057: enc(m.ReleaseKvSnapshotLeaseRequest, { lease_id: 'l', buckets_to_release: [{ table_id: 7n, bucket_id: 0 }] }),
  1059: id1(),
  1060: enc(m.AlterDatabaseRequest, { database_name: 'db', ignore_if_not_exists: false }),
  1061: enc(m.ScanKvRequest, { bucket_scan_req: { table_id: 7n, bucket_id: 0 }, call_seq_id: 0, batch_size_bytes: 1 }),
  1063: id1(),
  1064: id1(),
};
for (const k of [1007, 1009, 1010, 1011, 1023, 1032, 1036, 1037, 1044]) BODY[k] = enc(m.TablePathRequest, { table_path: PATH });

/** Somebody else's entry, so ACL listings and drops have something on db.t / db. */
const SEED: AclEntry[] = [grant('User:bob', 'READ', 'TABLE', 'db.t'), grant('User:bob', 'READ', 'DATABASE', 'db')];

function setup(principal: string, extra: AclEntry[]) {
  const backend = { listTables: async () => [], producerOffsetTables: async () => [7n], close: () => undefined };
  return harness(principal, [...SEED, ...extra], { tables: makeTables([], { backend }) });
}

/** True when the principal's request went through (or its listing kept the item). */
async function passes(key: number, shape: Shape, principal: string, extra: AclEntry[]): Promise<{ ok: boolean; verdict: Verdict | null; detail: unknown }> {
  const h = setup(principal, extra);
  const { verdict, info, frame } = await h.sendRaw(key, BODY[key] ?? empty);
  const through = verdict === null || verdict.kind === 'forward';
  switch (shape) {
    case 'filtered': {
      if (key === ApiKey.GET_METADATA) {
        const sent = decodeMessage(m.MetadataRequest, forwardedBody(verdict, frame));
        return { ok: sent.table_path.length === 1, verdict, detail: sent };
      }
      const answers: Record<number, Buffer> = {
        1003: backendOk(info, m.ListDatabasesResponse, { database_name: ['db'] }),
        1008: backendOk(info, m.ListTablesResponse, { table_name: ['t'] }),
        1054: backendOk(info, m.GetProducerOffsetsResponse, { table_offsets: [{ table_id: 7n }] }),
      };
      const out = await h.stage.responses.finish(info, answers[key]);
      const kept =
        key === 1003
          ? decodeOk(out, m.ListDatabasesResponse).database_name.length
          : key === 1008
            ? decodeOk(out, m.ListTablesResponse).table_name.length
            : decodeOk(out, m.GetProducerOffsetsResponse).table_offsets.length;
      return { ok: through && kept === 1, verdict, detail: kept };
    }
    case 'acl_admin': {
      if (key === ApiKey.LIST_ACLS) return { ok: okOf(verdict, m.ListAclsResponse).acl.some((a) => a.resource_type === 3), verdict, detail: null };
      const h2 = verdict?.kind === 'respond' && verdict.frame ? verdict.frame.readInt8(4) : -1;
      return { ok: h2 === 0, verdict, detail: null };
    }
    default:
      return { ok: through, verdict, detail: null };
  }
}

/** Asserts the denial shape of `row` for a principal without ACLs. */
async function deniedShape(t: Test, row: Row): Promise<void> {
  const [key, op, type, shape] = row;
  const { ok, verdict } = await passes(key, shape, 'User:x', []);
  const name = type ? NAME[type] : '';
  switch (shape) {
    case 'whole':
    case 'acl_admin':
      if (key === ApiKey.LIST_ACLS) {
        t.notOk(ok, 'entries on db hidden');
        break;
      }
      t.same(errorOf(verdict), { code: 48, message: DENY_TEXT('x', op as string, type as string, name) });
      break;
    case 'private':
      t.same(errorOf(verdict), { code: 48, message: DENY_TEXT('x', 'WRITE', 'CLUSTER', 'fluss-cluster') });
      break;
    case 'bucket': {
      const body = key === ApiKey.FETCH_LOG ? okOf(verdict, m.FetchLogResponse).tables_resp[0].buckets_resp[0] : okOf(verdict, m.LookupResponse).buckets_resp[0];
      t.same([body.error_code, body.error_message], [48, `No permission to ${op} table t in database db`]);
      break;
    }
    case 'exists_false':
      t.same(okOf(verdict, m.ExistsResponse), { exists: false });
      break;
    case 'any_of':
      t.same(errorOf(verdict), { code: 48, message: 'No WRITE permission among all the tables: [db.t]' });
      break;
    case 'in_body':
      t.same(okOf(verdict, m.ScanKvResponse), { error_code: 48, error_message: DENY_TEXT('x', 'READ', 'TABLE', 'db.t') });
      break;
    case 'filtered':
      t.notOk(ok, 'left out');
      break;
    case 'open':
      t.ok(ok, 'no check');
      break;
  }
}

t.test('the rule table covers every api key with the expected operation, resource and shape', async (t) => {
  t.same(
    EXPECTED.map((r) => r[0]),
    API_KEYS.map((a) => a.key),
    'one row per api key 1000..1064',
  );
  for (const [key, op, type, shape] of EXPECTED) {
    const rule = FLUSS_AUTHZ_RULES.get(key);
    const ruleShape = rule?.enforcement === 'lookup' ? 'bucket' : rule?.enforcement;
    const ruleType = rule?.enforcement === 'acl_admin' ? D : (rule?.resourceType ?? null);
    t.same([rule?.operation ?? null, ruleType, ruleShape], [op, type, shape], `rule of ${key}`);
  }
});

for (const row of EXPECTED) {
  const [key, op, type, shape, note] = row;
  t.test(`${key} ${API_KEYS.find((a) => a.key === key)?.name}: ${op ?? '-'} on ${type ?? '-'} (${shape})${note ? ` [${note}]` : ''}`, async (t) => {
    await deniedShape(t, row);
    if (op && type && shape !== 'private') {
      const r = await passes(key, shape, 'User:x', [grant('User:x', op, type, NAME[type])]);
      t.ok(r.ok, `granted ${op} on ${type} ${NAME[type]}: goes through`);
    }
  });
}
