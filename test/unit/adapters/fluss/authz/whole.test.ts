/**
 * Whole-request rules: ERROR_RESPONSE 48 with Fluss's text naming the operation and resource,
 * 21 for table ids nobody knows, table ids resolved through the directory, answers teaching the
 * directory, shadow mode, and the refusal of clients posing as replicas.
 */
import t from 'tap';
import { ApiKey } from '../../../../../src/protocol/fluss/api-keys.js';
import {
  EmptyMessage,
  CreateDatabaseRequest,
  CreateTableRequest,
  DatabaseNameRequest,
  DropTableRequest,
  TablePathRequest,
  GetTableInfoResponse,
} from '../../../../../src/protocol/fluss/messages/admin.js';
import { ProduceLogRequest, ListOffsetsRequest } from '../../../../../src/protocol/fluss/messages/log.js';
import { RegisterProducerOffsetsRequest } from '../../../../../src/protocol/fluss/messages/resources.js';
import { ProducerIdRequest } from '../../../../../src/protocol/fluss/messages/resources.js';
import { ProtoWriter } from '../../../../../src/protocol/fluss/proto-wire.js';
import { tableRef } from '../../../../../src/adapters/fluss/authz/texts.js';
import { harness, grant, errorOf, backendOk, makeTables, DENY_TEXT } from './fixtures.js';

const P = { database_name: 'db', table_name: 't' };

t.test('CREATE_DATABASE needs CREATE on the cluster', async (t) => {
  const denied = await harness('User:dev').send(ApiKey.CREATE_DATABASE, CreateDatabaseRequest, { database_name: 'x', ignore_if_exists: false });
  t.same(errorOf(denied.verdict), { code: 48, message: DENY_TEXT('dev', 'CREATE', 'CLUSTER', 'fluss-cluster') });
  const ok = await harness('User:dev', [grant('User:dev', 'CREATE', 'CLUSTER', 'fluss-cluster')]).send(ApiKey.CREATE_DATABASE, CreateDatabaseRequest, { database_name: 'x', ignore_if_exists: false });
  t.equal(ok.verdict, null, 'allowed: forwarded unchanged');
});

t.test("CREATE_TABLE needs CREATE on the table's database; DROP_TABLE DROP on the table", async (t) => {
  const h = harness('User:developer', [grant('User:developer', 'WRITE', 'CLUSTER', 'fluss-cluster')]);
  const create = await h.send(ApiKey.CREATE_TABLE, CreateTableRequest, { table_path: { database_name: 'fluss', table_name: 'x' }, table_json: Buffer.from('{}'), ignore_if_exists: false });
  t.equal(errorOf(create.verdict).message, "Principal FlussPrincipal{name='developer', type='User'} have no authorization to operate CREATE on resource Resource{type=DATABASE, name='fluss'} ");
  const drop = await h.send(ApiKey.DROP_TABLE, DropTableRequest, { table_path: P, ignore_if_not_exists: false });
  t.same(errorOf(drop.verdict), { code: 48, message: DENY_TEXT('developer', 'DROP', 'TABLE', 'db.t') });
  const owner = harness('User:o', [grant('User:o', 'ALL', 'DATABASE', 'db')]);
  t.equal((await owner.send(ApiKey.DROP_TABLE, DropTableRequest, { table_path: P, ignore_if_not_exists: false })).verdict, null);
});

t.test('GET_DATABASE_INFO: DESCRIBE on the database, implied by READ', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'DATABASE', 'db')]);
  t.equal((await h.send(ApiKey.GET_DATABASE_INFO, DatabaseNameRequest, { database_name: 'db' })).verdict, null);
  t.same(errorOf((await h.send(ApiKey.GET_DATABASE_INFO, DatabaseNameRequest, { database_name: 'other' })).verdict).message, DENY_TEXT('r', 'DESCRIBE', 'DATABASE', 'other'));
});

t.test('PRODUCE_LOG: WRITE on the table the id names; unknown ids answer 21, never allow', async (t) => {
  const h = harness('User:w', [grant('User:w', 'WRITE', 'TABLE', 'db.t')], { target: 'tablet:2' });
  const produce = (id: bigint) => h.send(ApiKey.PRODUCE_LOG, ProduceLogRequest, { acks: -1, table_id: id, timeout_ms: 1000, buckets_req: [{ bucket_id: 0, records: Buffer.from('x') }] });
  t.equal((await produce(7n)).verdict, null, 'id 7 = db.t: allowed');
  t.same(errorOf((await produce(8n)).verdict), { code: 48, message: DENY_TEXT('w', 'WRITE', 'TABLE', 'db.u') });
  t.same(errorOf((await produce(99n)).verdict), {
    code: 21,
    message: 'This server server-2 does not know this table ID 99. This may happen when the table metadata cache in the server is not updated yet.',
  });
  const su = harness('User:admin', [], { target: 'coordinator:0' });
  const unknownForSuper = await su.send(ApiKey.PRODUCE_LOG, ProduceLogRequest, { acks: -1, table_id: 99n, timeout_ms: 1000 });
  t.match(errorOf(unknownForSuper.verdict), { code: 21, message: /^This server coordinator does not know this table ID 99\./ }, 'not even a super user passes an unknown id');
});

t.test('REGISTER_PRODUCER_OFFSETS: WRITE on every table', async (t) => {
  const h = harness('User:w', [grant('User:w', 'WRITE', 'TABLE', 'db.t')]);
  const req = (ids: bigint[]) => h.send(ApiKey.REGISTER_PRODUCER_OFFSETS, RegisterProducerOffsetsRequest, { producer_id: 'p', table_offsets: ids.map((table_id) => ({ table_id })) });
  t.equal((await req([7n, 7n])).verdict, null);
  t.equal(errorOf((await req([7n, 8n])).verdict).message, DENY_TEXT('w', 'WRITE', 'TABLE', 'db.u'));
});

t.test("DELETE_PRODUCER_OFFSETS: WRITE on the producer's tables from the backend, else on the cluster", async (t) => {
  const backend = { listTables: async () => [], producerOffsetTables: async (id: string) => (id === 'p1' ? [7n] : [7n, 8n]), close: () => undefined };
  const h = harness('User:w', [grant('User:w', 'WRITE', 'TABLE', 'db.t')], { tables: makeTables([], { backend }) });
  const del = (producer_id: string) => h.send(ApiKey.DELETE_PRODUCER_OFFSETS, ProducerIdRequest, { producer_id });
  t.equal((await del('p1')).verdict?.kind, 'forward', "all of p1's tables writable");
  t.equal(errorOf((await del('p2')).verdict).message, DENY_TEXT('w', 'WRITE', 'TABLE', 'db.u'));
  const noBackend = harness('User:w', [grant('User:w', 'WRITE', 'TABLE', 'db.t')]);
  t.equal(
    errorOf((await noBackend.send(ApiKey.DELETE_PRODUCER_OFFSETS, ProducerIdRequest, { producer_id: 'p1' })).verdict).message,
    DENY_TEXT('w', 'WRITE', 'CLUSTER', 'fluss-cluster'),
    'no backend: WRITE on the cluster',
  );
});

t.test('ALTER_CLUSTER_CONFIGS: an empty change list passes (as in Fluss), a change needs ALTER on the cluster', async (t) => {
  const h = harness('User:x');
  t.equal((await h.send(ApiKey.ALTER_CLUSTER_CONFIGS, EmptyMessage, {})).verdict, null);
  const change = new ProtoWriter().bytesField(1, Buffer.from([0x0a, 0x01, 0x6b])).finish();
  t.equal(errorOf((await h.sendRaw(ApiKey.ALTER_CLUSTER_CONFIGS, change)).verdict).message, DENY_TEXT('x', 'ALTER', 'CLUSTER', 'fluss-cluster'));
});

t.test('GET_FILESYSTEM_SECURITY_TOKEN: READ on the cluster (gateway rule)', async (t) => {
  t.equal(
    errorOf((await harness('User:x', [grant('User:x', 'READ', 'DATABASE', 'db')]).send(ApiKey.GET_FILESYSTEM_SECURITY_TOKEN, EmptyMessage, {})).verdict).message,
    DENY_TEXT('x', 'READ', 'CLUSTER', 'fluss-cluster'),
  );
  t.equal((await harness('User:x', [grant('User:x', 'READ', 'CLUSTER', 'fluss-cluster')]).send(ApiKey.GET_FILESYSTEM_SECURITY_TOKEN, EmptyMessage, {})).verdict, null);
});

t.test('GET_TABLE_INFO answers teach the directory the table id', async (t) => {
  const tables = makeTables();
  const h = harness('User:admin', [], { tables });
  const { verdict, info } = await h.send(ApiKey.GET_TABLE_INFO, TablePathRequest, { table_path: { database_name: 'sales', table_name: 'orders' } });
  t.equal(verdict, null);
  t.equal(tables.get(42n), undefined);
  await h.stage.responses.finish(info, backendOk(info, GetTableInfoResponse, { table_id: 42n, schema_id: 1, table_json: Buffer.from('{}'), created_time: 1n, modified_time: 1n }));
  t.same(tables.get(42n), tableRef('sales', 'orders'));
});

t.test('shadow mode forwards what enforcement denies, unknown ids included, and logs it', async (t) => {
  const h = harness('User:w', [], { enforcement: 'shadow' });
  t.equal((await h.send(ApiKey.PRODUCE_LOG, ProduceLogRequest, { acks: -1, table_id: 8n, timeout_ms: 1 })).verdict, null);
  t.equal((await h.send(ApiKey.PRODUCE_LOG, ProduceLogRequest, { acks: -1, table_id: 99n, timeout_ms: 1 })).verdict, null);
  t.equal(h.ctx.lines.filter((l) => l.msg === 'authorization denied (shadow mode: allowed)').length, 2);
});

t.test('LIST_OFFSETS: DESCRIBE on the table; a follower id is refused for everyone', async (t) => {
  const h = harness('User:admin');
  const req = (follower: number) => h.send(ApiKey.LIST_OFFSETS, ListOffsetsRequest, { follower_server_id: follower, offset_type: 1, table_id: 7n, bucket_id: [0] });
  t.equal((await req(-1)).verdict, null);
  t.same(errorOf((await req(3)).verdict), { code: 48, message: DENY_TEXT('admin', 'WRITE', 'CLUSTER', 'fluss-cluster') });
  t.ok(h.ctx.lines.some((l) => l.err === 'SW_ERR_AUTHZ_DENIED' && l.msg === 'client claimed to be a replica; refused'));
  const d = harness('User:x', [grant('User:x', 'READ', 'TABLE', 'db.u')]);
  t.equal(errorOf((await d.send(ApiKey.LIST_OFFSETS, ListOffsetsRequest, { follower_server_id: -1, offset_type: 1, table_id: 7n })).verdict).message, DENY_TEXT('x', 'DESCRIBE', 'TABLE', 'db.t'));
});

t.test('a body the rule cannot read is denied, not forwarded', async (t) => {
  const h = harness('User:admin');
  const { verdict } = await h.sendRaw(ApiKey.ADD_SERVER_TAG, Buffer.from([0xff, 0xff]));
  t.equal(verdict, null, 'cluster rules do not read the body (super user)');
  const bad = await h.sendRaw(ApiKey.PRODUCE_LOG, Buffer.from([0x08]));
  t.equal(errorOf(bad.verdict).code, 48);
  t.ok(h.ctx.lines.some((l) => l.err === 'SW_ERR_AUTHZ_ERROR'));
});
