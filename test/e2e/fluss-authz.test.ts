/**
 * Fluss authorization end to end: the test client (SASL/PLAIN, Java and Rust authentication
 * styles) through the gateway with the authorization stage, in front of an unsecured Fluss test
 * cluster (coordinator + 2 tablet servers). ACLs are managed over the wire with the requests the
 * Flink procedures send.
 *   Seed scenario 1 (roles): admin, developer (WRITE), consumer (READ).
 *   Seed scenario 2 (multi-tenant): marketing and finance, ALL on their own database.
 * Plus: table ids nobody knows are never allowed, ids of tables the gateway never saw are
 * resolved from the backend, and the backend never sees an ACL request.
 */
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussAclClient, FlussResponseError, tableDescriptorJson, type ServerNodeInfo, type TablePath } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeMessage, decodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { FetchLogRequest, FetchLogResponse, ProduceLogRequest } from '../../src/protocol/fluss/messages/log.js';
import { buildLogBatch, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { Authorizer, MemoryAclState } from '../../src/adapters/authz.js';
import { AclIndex } from '../../src/acl/acl-index.js';
import { Metrics } from '../../src/metrics.js';
import { FlussTableDirectory, flussAuthzStage } from '../../src/adapters/fluss/authz/index.js';
import type { AuthPolicy } from '../../src/adapters/auth-policy.js';

const PASSWORDS: Record<string, string> = { admin: 'admin-pw', developer: 'dev-pw', consumer: 'con-pw', marketing: 'mkt-pw', finance: 'fin-pw' };
const STYLE: Record<string, 'java' | 'rust'> = { admin: 'java', developer: 'java', consumer: 'rust', marketing: 'rust', finance: 'java' };
const ORDERS: TablePath = { database_name: 'fluss', table_name: 'fluss_order' };
const JSON2 = tableDescriptorJson({ columns: [{ name: 'id', type: 'BIGINT' }], bucketCount: 2 });

const deniedWith = (principal: string, op: string, type: string, name: string) =>
  `Principal FlussPrincipal{name='${principal}', type='User'} have no authorization to operate ${op} on resource Resource{type=${type}, name='${name}'} `;

t.test('Fluss authorization through the gateway', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2 });
  const credentials = CredentialStore.empty({ scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  for (const [u, p] of Object.entries(PASSWORDS)) await credentials.addUser(u, p, { mechanisms: ['PLAIN'] });
  const metrics = new Metrics();
  const auth = (m: Metrics): AuthPolicy => ({
    listener: 'test',
    methods: ['sasl'],
    mechanisms: ['PLAIN'],
    principalFrom: null,
    credentials,
    certificates: null,
    throttle: null,
    authTimeoutMs: 10_000,
    reauthenticateMs: null,
    metrics: m,
  });
  const authorizer = new Authorizer({ protocol: 'fluss', acls: new MemoryAclState(new AclIndex()), decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics, audit: null });
  const [bhost, bport] = cluster.bootstrap.split(':');
  const tables = new FlussTableDirectory({ backend: { host: bhost, port: Number(bport), timeoutMs: 3000 }, minRefreshIntervalMs: 0 });
  const gw = await startFlussGateway(cluster, { auth, stages: [flussAuthzStage(authorizer, tables)], metrics });
  const clients: FlussTestClient[] = [];
  t.teardown(async () => {
    for (const c of clients) c.close();
    tables.close();
    await gw.stop();
    await cluster.stop();
  });
  const connect = async (user: string) => {
    const c = await FlussTestClient.connect(gw.bootstrap, { auth: { username: user, password: PASSWORDS[user], style: STYLE[user] }, requestTimeoutMs: 5000 });
    clients.push(c);
    return c;
  };
  const rejection = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      if (e instanceof FlussResponseError) return { code: e.code, message: e.serverMessage };
      throw e;
    }
    throw new Error('expected the call to fail');
  };
  const admin = await connect('admin');
  const adminAcl = new FlussAclClient(admin);

  t.test('seed scenario 1: roles', async (t) => {
    await admin.admin.createDatabase('fluss', true);
    await admin.admin.createTable(ORDERS, JSON2);
    t.same(await adminAcl.addAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'User:developer', operation: 'WRITE' }), ['success']);
    t.same(await adminAcl.addAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'User:consumer', operation: 'READ' }), ['success']);
    const developer = await connect('developer');
    const consumer = await connect('consumer');

    t.same(await rejection(developer.admin.createTable({ database_name: 'fluss', table_name: 'dev_table' }, JSON2)), {
      code: 48,
      message: "Principal FlussPrincipal{name='developer', type='User'} have no authorization to operate CREATE on resource Resource{type=DATABASE, name='fluss'} ",
    });
    t.equal(cluster.state.findTable('fluss', 'dev_table'), undefined, 'the backend never created it');

    t.type(await developer.log.initWriter([ORDERS]), 'bigint', 'developer gets a writer id');
    const batch = buildLogBatch({ records: [Buffer.from('order-1'), Buffer.from('order-2')] });
    const produced = await developer.log.produce(ORDERS, new Map([[0, batch]]));
    t.equal(produced.get(0)?.error_code, undefined, 'developer writes');

    const fetched = await consumer.log.fetch(ORDERS, 0, 0n);
    t.equal(fetched.error_code, undefined);
    t.equal(readLogBatches(fetched.records!)[0].recordCount, 2, 'consumer reads what developer wrote');

    t.same(await rejection(consumer.log.initWriter([ORDERS])), { code: 48, message: 'No WRITE permission among all the tables: [fluss.fluss_order]' });
    t.same(await rejection(consumer.log.produce(ORDERS, new Map([[0, batch]]))), { code: 48, message: deniedWith('consumer', 'WRITE', 'TABLE', 'fluss.fluss_order') });

    t.same(await adminAcl.dropAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'User:consumer', operation: 'READ' }), ['success']);
    const after = await consumer.log.fetch(ORDERS, 0, 0n);
    t.same([after.error_code, after.error_message], [48, 'No permission to READ table fluss_order in database fluss'], 'READ revoked: per-bucket denial');
  });

  t.test('seed scenario 2: multi-tenant', async (t) => {
    for (const db of ['marketing_db', 'finance_db']) await admin.admin.createDatabase(db);
    await adminAcl.addAcl({ resource: 'cluster.marketing_db', permission: 'ALLOW', principal: 'User:marketing', operation: 'ALL' });
    await adminAcl.addAcl({ resource: 'cluster.finance_db', permission: 'ALLOW', principal: 'User:finance', operation: 'ALL' });
    const marketing = await connect('marketing');
    const finance = await connect('finance');
    t.same(await marketing.admin.listDatabases(), ['marketing_db']);
    t.same(await finance.admin.listDatabases(), ['finance_db']);

    const work = async (c: FlussTestClient, path: TablePath) => {
      await c.admin.createTable(path, JSON2);
      const res = await c.log.produce(path, new Map([[1, buildLogBatch({ records: [Buffer.from(path.table_name)] })]]));
      t.equal(res.get(1)?.error_code, undefined, `${path.database_name}: produce`);
      const got = await c.log.fetch(path, 1, 0n);
      t.equal(readLogBatches(got.records!)[0].recordCount, 1, `${path.database_name}: fetch`);
      t.same(await c.admin.listTables(path.database_name), [path.table_name]);
    };
    const campaigns = { database_name: 'marketing_db', table_name: 'campaigns' };
    const ledger = { database_name: 'finance_db', table_name: 'ledger' };
    await work(marketing, campaigns);
    await work(finance, ledger);

    t.same(await rejection(marketing.admin.createTable({ database_name: 'finance_db', table_name: 'x' }, JSON2)), { code: 48, message: deniedWith('marketing', 'CREATE', 'DATABASE', 'finance_db') });
    t.same(await marketing.admin.listTables('finance_db'), []);
    t.equal(await marketing.admin.databaseExists('finance_db'), false);
    t.equal(await marketing.admin.tableExists(ledger), false);
    t.same(await rejection(marketing.admin.getTableInfo(ledger)), { code: 48, message: deniedWith('marketing', 'DESCRIBE', 'TABLE', 'finance_db.ledger') });
    t.same((await marketing.updateMetadata([ledger])).table_metadata, [], 'metadata silently leaves the table out');

    const route = await finance.route(ledger);
    const leader = finance.tabletServers.get(route.leaders[1]!)!;
    const conn = await marketing.connectionTo(marketing.tabletServers.get(leader.nodeId) as ServerNodeInfo);
    const fetchBody = encodeMessage(FetchLogRequest, {
      follower_server_id: -1,
      max_bytes: 1 << 20,
      tables_req: [{ table_id: route.tableId, projection_pushdown_enabled: false, buckets_req: [{ bucket_id: 1, fetch_offset: 0n, max_fetch_bytes: 1 << 20 }] }],
    });
    const fetched = decodeMessage(FetchLogResponse, (await conn.request(ApiKey.FETCH_LOG, 0, fetchBody)).body);
    t.same([fetched.tables_resp[0].buckets_resp[0].error_code, fetched.tables_resp[0].buckets_resp[0].error_message], [48, 'No permission to READ table ledger in database finance_db']);
    const produceBody = encodeMessage(ProduceLogRequest, {
      acks: -1,
      table_id: route.tableId,
      timeout_ms: 1000,
      buckets_req: [{ bucket_id: 1, records: buildLogBatch({ records: [Buffer.from('x')] }) }],
    });
    const produced = await conn.request(ApiKey.PRODUCE_LOG, 0, produceBody);
    t.same(decodeErrorResponse(produced.body), { code: 48, message: deniedWith('marketing', 'WRITE', 'TABLE', 'finance_db.ledger') });
    const follower = await conn.request(ApiKey.FETCH_LOG, 0, encodeMessage(FetchLogRequest, { ...decodeMessage(FetchLogRequest, fetchBody), follower_server_id: leader.nodeId }));
    t.equal(decodeErrorResponse(follower.body).code, 48, 'posing as a follower does not skip the check');

    const lines = await adminAcl.listAcl();
    t.ok(lines.includes('resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"'), 'list_acl: marketing');
    t.ok(lines.includes('resource="cluster.finance_db";permission="ALLOW";principal="User:finance";operation="ALL";host="*"'), 'list_acl: finance');
    t.same(await new FlussAclClient(marketing).listAcl(), ['resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"'], 'marketing sees only its own');
    t.same(await rejection(new FlussAclClient(marketing).addAcl({ resource: 'cluster.finance_db', permission: 'ALLOW', principal: 'User:marketing', operation: 'READ' })), {
      code: 48,
      message: deniedWith('marketing', 'ALL', 'DATABASE', 'finance_db'),
    });
  });

  t.test('table ids: unknown never allowed; unseen ones resolved from the backend', async (t) => {
    const developer = await connect('developer');
    const conn = await developer.randomTabletConnection();
    const produce = (table_id: bigint) => conn.request(ApiKey.PRODUCE_LOG, 0, encodeMessage(ProduceLogRequest, { acks: -1, table_id, timeout_ms: 1000, buckets_req: [] }));
    const unknown = decodeErrorResponse((await produce(987_654n)).body);
    t.equal(unknown.code, 21);
    t.match(unknown.message, /does not know this table ID 987654\./);
    cluster.state.createTable('fluss', 'made_behind_the_gateway', JSON2, false);
    const id = cluster.state.findTable('fluss', 'made_behind_the_gateway')!.id;
    t.equal(tables.get(id), undefined, 'the gateway never saw this table');
    const r = await produce(id);
    t.equal(r.type, 0, 'resolved from the backend and allowed (developer has WRITE on the cluster)');
    t.equal(tables.get(id)?.name, 'fluss.made_behind_the_gateway');
  });

  t.test('the backend never saw an ACL request', async (t) => {
    const acl = new Set<number>([ApiKey.CREATE_ACLS, ApiKey.LIST_ACLS, ApiKey.DROP_ACLS]);
    t.same(
      cluster.nodes.flatMap((n) => n.received.filter((r) => acl.has(r.apiKey))),
      [],
    );
  });
});
