/**
 * The Fluss test client against the Fluss test cluster directly (no gateway): admin flows,
 * metadata and leader routing, 10k records produced and fetched back byte-exact, and the
 * server behaviours the gateway must cope with (silence on unknown keys, out-of-order answers,
 * AUTHENTICATE on a plaintext listener, server failure frames).
 */
import t from 'tap';
import net from 'node:net';
import { startFlussCluster, type FlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussConnection, FlussRequestTimeoutError, InvalidServerTypeError, FlussConnectionClosedError, tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { ApiKey, ServerType } from '../../src/protocol/fluss/api-keys.js';
import { encodeMessage, decodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { ApiVersionsResponse } from '../../src/protocol/fluss/messages/handshake.js';
import { ListAclsRequest } from '../../src/protocol/fluss/messages/acl.js';
import { ProduceLogRequest, ProduceLogResponse, OffsetType } from '../../src/protocol/fluss/messages/log.js';
import { TablePathRequest, ExistsResponse } from '../../src/protocol/fluss/messages/admin.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { readResponseHeader, frameBody } from '../../src/protocol/fluss/frame.js';
import { buildLogBatch, readLogBatches, isLogBatchCrcValid, readIndexedRecords } from '../../src/protocol/fluss/records/log-batch.js';
import { FrameReader } from '../../testkit/fluss/frame-reader.js';

const NO_ANSWER_MS = 300;
const DB = 'streamward';
const EVENTS = { database_name: DB, table_name: 'events' };

let cluster: FlussCluster;
let client: FlussTestClient;

t.before(async () => {
  cluster = await startFlussCluster({ tabletServers: 3 });
  client = await FlussTestClient.connect(cluster.bootstrap, { requestTimeoutMs: 5000 });
});
t.teardown(async () => {
  client?.close();
  await cluster?.stop();
});

t.test('bootstrap metadata names the coordinator and every tablet server', async (t) => {
  t.same(client.coordinator, { kind: 'coordinator', nodeId: 0, host: '127.0.0.1', port: cluster.coordinator.port });
  t.same(
    [...client.tabletServers.values()].map((n) => [n.nodeId, n.port]),
    cluster.tabletServers.map((n) => [n.nodeId, n.port]),
  );
  const boot = cluster.nodes[0].received.filter((r) => r.connId === 0);
  t.same(
    boot.map((r) => [r.apiKey, r.requestId]),
    [
      [ApiKey.API_VERSIONS, 0],
      [ApiKey.GET_METADATA, 1],
    ],
    'ids count from 0 per connection',
  );
});

t.test('admin: databases and tables with real error codes', async (t) => {
  await client.admin.createDatabase(DB);
  t.same(await client.admin.listDatabases(), ['fluss', DB]);
  t.equal(await client.admin.databaseExists(DB), true);
  t.equal(await client.admin.databaseExists('nope'), false);
  t.ok((await client.admin.getDatabaseInfo(DB)).created_time > 0n);
  await t.rejects(client.admin.createDatabase(DB), { code: 6, serverMessage: `Database ${DB} already exists.` });
  await client.admin.createDatabase(DB, true);

  const json = tableDescriptorJson({
    columns: [
      { name: 'id', type: 'BIGINT' },
      { name: 'v', type: 'STRING' },
    ],
    bucketCount: 3,
  });
  await client.admin.createTable(EVENTS, json);
  await t.rejects(client.admin.createTable({ database_name: 'nope', table_name: 'x' }, json), { code: 4, serverMessage: 'Database nope does not exist.' });
  await t.rejects(client.admin.createTable(EVENTS, json), { code: 8 });
  t.same(await client.admin.listTables(DB), ['events']);
  await t.rejects(client.admin.listTables('nope'), { code: 4 });
  t.equal(await client.admin.tableExists(EVENTS), true);
  t.equal(await client.admin.tableExists({ database_name: DB, table_name: 'missing' }), false);
  const info = await client.admin.getTableInfo(EVENTS);
  t.equal(JSON.parse(info.table_json.toString()).bucket_count, 3);
  await t.rejects(client.admin.getTableInfo({ database_name: DB, table_name: 'missing' }), { code: 7, serverMessage: `Table '${DB}.missing' does not exist.` });
  const schema = await client.admin.getTableSchema(EVENTS);
  t.equal(schema.schema_id, 1);
  t.same(
    JSON.parse(schema.schema_json.toString()).columns.map((c: { name: string }) => c.name),
    ['id', 'v'],
  );
  await t.rejects(client.admin.dropDatabase(DB), { code: 5, serverMessage: `Database ${DB} is not empty.` });
  await t.rejects(client.admin.dropTable({ database_name: DB, table_name: 'missing' }), { code: 7 });

  // admin writes reached the coordinator only; reads went to tablet servers
  const writes: number[] = [ApiKey.CREATE_DATABASE, ApiKey.CREATE_TABLE, ApiKey.DROP_DATABASE, ApiKey.DROP_TABLE];
  for (const n of cluster.nodes.slice(1))
    t.notOk(
      n.received.some((r) => writes.includes(r.apiKey)),
      `no admin write at tablet ${n.info.nodeId}`,
    );
  t.notOk(
    cluster.nodes[0].received.some((r) => r.apiKey === ApiKey.LIST_TABLES),
    'no read-only admin call at the coordinator',
  );
});

t.test('metadata spreads bucket leaders; table ids are never reused', async (t) => {
  const m = await client.updateMetadata([EVENTS]);
  const leaders = m.table_metadata[0].bucket_metadata.map((b) => b.leader_id);
  t.equal(new Set(leaders).size, 3, 'three buckets on three tablet servers');
  const json = tableDescriptorJson({ columns: [{ name: 'a', type: 'INT' }] });
  const tmp = { database_name: DB, table_name: 'tmp' };
  await client.admin.createTable(tmp, json);
  const id1 = (await client.admin.getTableInfo(tmp)).table_id;
  await client.admin.dropTable(tmp);
  await client.admin.createTable(tmp, json);
  const id2 = (await client.admin.getTableInfo(tmp)).table_id;
  t.ok(id2 > id1, `re-created table has a new id (${id1} -> ${id2})`);
  await t.rejects(client.updateMetadata([{ database_name: DB, table_name: 'missing' }]), { code: 7 });
});

t.test('10k records across 3 buckets come back byte-exact from the leaders', async (t) => {
  const sent = new Map<number, Buffer[]>([
    [0, []],
    [1, []],
    [2, []],
  ]);
  let seq = 0;
  for (let round = 0; seq < 10_000 && round < 100; round++) {
    const perBucket = new Map<number, Buffer>();
    for (let b = 0; b < 3 && seq < 10_000; b++) {
      const batches: Buffer[] = [];
      for (let k = 0; k < 3 && seq < 10_000; k++) {
        const n = Math.min(112, 10_000 - seq);
        batches.push(buildLogBatch({ records: Array.from({ length: n }, () => Buffer.from(`record-${seq++}`)) }));
      }
      sent.get(b)!.push(...batches);
      perBucket.set(b, Buffer.concat(batches));
    }
    const res = await client.log.produce(EVENTS, perBucket);
    for (const [b, r] of res) t.equal(r.error_code, undefined, `round ${round} bucket ${b} ok`);
  }
  t.equal(seq, 10_000);

  let total = 0;
  for (const [bucket, batches] of sent) {
    const fetched: Buffer[] = [];
    let offset = 0n;
    for (let i = 0; i < 1000; i++) {
      const r = await client.log.fetch(EVENTS, bucket, offset, { maxBytes: 64 * 1024 });
      t.equal(r.error_code, undefined);
      const hs = readLogBatches(r.records!);
      for (const h of hs) fetched.push(r.records!.subarray(h.position, h.position + h.sizeInBytes));
      if (hs.length === 0 || r.high_watermark === undefined) break;
      offset = hs.at(-1)!.baseOffset + BigInt(hs.at(-1)!.lastOffsetDelta) + 1n;
      if (offset >= r.high_watermark) break;
    }
    t.equal(fetched.length, batches.length, `bucket ${bucket}: every batch fetched`);
    let expectedBase = 0n;
    let same = true;
    for (let i = 0; i < batches.length; i++) {
      const got = fetched[i];
      const h = readLogBatches(got)[0];
      const want = Buffer.from(batches[i]);
      want.writeBigInt64LE(expectedBase, 0); // the leader stamps base offset ...
      want.writeBigInt64LE(h.commitTimestamp, 13); // ... and commit timestamp, outside the CRC
      if (!want.equals(got) || !isLogBatchCrcValid(got, h) || h.baseOffset !== expectedBase) same = false;
      expectedBase += BigInt(h.recordCount);
      total += readIndexedRecords(got, h).length;
    }
    t.ok(same, `bucket ${bucket}: batches byte-exact apart from the leader-stamped fields`);
    const latest = await client.log.listOffsets(EVENTS, bucket, OffsetType.LATEST);
    t.equal(latest.offset, expectedBase, `bucket ${bucket}: latest offset`);
  }
  t.equal(total, 10_000);
});

t.test('bucket traffic at a non-leader gets NOT_LEADER_OR_FOLLOWER per bucket', async (t) => {
  const route = await client.route(EVENTS);
  const wrong = cluster.tabletServers.find((n) => n.nodeId !== route.leaders[0])!;
  const conn = await FlussConnection.open(wrong.host, wrong.port, { expect: 'tablet' });
  t.teardown(() => conn.close());
  const resp = await conn.call(
    ApiKey.PRODUCE_LOG,
    ProduceLogRequest,
    {
      acks: -1,
      table_id: route.tableId,
      timeout_ms: 1000,
      buckets_req: [{ bucket_id: 0, records: buildLogBatch({ records: [Buffer.from('x')] }) }],
    },
    ProduceLogResponse,
  );
  t.equal(resp.buckets_resp[0].error_code, 12);
  t.match(resp.buckets_resp[0].error_message, /is not leader or follower for TableBucket\{tableId=/);
});

t.test('a long-poll fetch is answered after later requests on the same connection', async (t) => {
  const route = await client.route(EVENTS);
  const conn = await client.leaderConnection(route, 1);
  const hw = (await client.log.listOffsets(EVENTS, 1, OffsetType.LATEST)).offset!;
  const order: string[] = [];
  const fetching = client.log.fetch(EVENTS, 1, hw, { maxWaitMs: 3000 }).then((r) => {
    order.push('fetch');
    return r;
  });
  const meta = conn.call(ApiKey.TABLE_EXISTS, TablePathRequest, { table_path: EVENTS }, ExistsResponse).then(() => order.push('later'));
  await meta;
  await client.log.produce(EVENTS, new Map([[1, buildLogBatch({ records: [Buffer.from('wake')] })]]));
  const r = await fetching;
  t.same(order, ['later', 'fetch']);
  t.equal(readLogBatches(r.records!)[0].baseOffset, hw, 'the waiting fetch returns the new batch');
});

t.test('api keys a server does not serve get no answer', async (t) => {
  await t.rejects(client.request(1100, 0, Buffer.alloc(0), NO_ANSWER_MS), FlussRequestTimeoutError, 'unknown key');
  await t.rejects(client.request(ApiKey.PRODUCE_LOG, 0, Buffer.alloc(0), NO_ANSWER_MS), FlussRequestTimeoutError, 'PRODUCE_LOG at the coordinator');
  // a body missing a required field is dropped silently too
  await t.rejects(client.request(ApiKey.GET_TABLE_INFO, 0, Buffer.alloc(0), NO_ANSWER_MS), FlussRequestTimeoutError, 'unparsable body');
  // the connection still works afterwards
  t.equal(await client.admin.databaseExists(DB), true);
});

t.test('the silence quirk can be switched off', async (t) => {
  const c2 = await startFlussCluster({ tabletServers: 1, quirks: { silentOnUnservedApi: false, silentOnUnparsableRequest: false } });
  t.teardown(() => c2.stop());
  const conn = await FlussConnection.open('127.0.0.1', c2.coordinator.port, { expect: 'coordinator' });
  t.teardown(() => conn.close());
  const r = await conn.request(1100, 0, Buffer.alloc(0), 2000);
  t.equal(r.type, 1);
  t.equal(decodeErrorResponse(r.body).code, -1);
  const r2 = await conn.request(ApiKey.GET_TABLE_INFO, 0, Buffer.alloc(0), 2000);
  t.match(decodeErrorResponse(r2.body), { code: -1, message: /missing required field table_path/ });
});

t.test('ApiVersions lists the keys of its server type, PRIVATE ones included', async (t) => {
  for (const [node, type] of [
    [cluster.coordinator, ServerType.COORDINATOR],
    [cluster.tabletServers[0], ServerType.TABLET_SERVER],
  ] as const) {
    const conn = await FlussConnection.open(node.host, node.port, { handshake: false });
    const r = await conn.request(ApiKey.API_VERSIONS, 0, Buffer.from('0a05666c757373 1205302e312e30'.replace(/ /g, ''), 'hex'));
    conn.close();
    const m = decodeMessage(ApiVersionsResponse, r.body);
    t.equal(m.server_type, type);
    const keys = m.api_versions.map((a) => a.api_key);
    t.ok(keys.includes(ApiKey.AUTHENTICATE));
    if (type === ServerType.COORDINATOR) {
      t.ok(keys.includes(ApiKey.ADJUST_ISR) && !keys.includes(ApiKey.PRODUCE_LOG));
    } else {
      t.ok(keys.includes(ApiKey.UPDATE_METADATA) && keys.includes(ApiKey.PRODUCE_LOG) && !keys.includes(ApiKey.CREATE_TABLE));
      t.same(
        m.api_versions.find((a) => a.api_key === ApiKey.PUT_KV),
        { api_key: ApiKey.PUT_KV, min_version: 0, max_version: 2 },
      );
    }
  }
});

t.test('the client checks server_type like the Java client', async (t) => {
  const ts = cluster.tabletServers[0];
  await t.rejects(FlussConnection.open(ts.host, ts.port, { expect: 'coordinator' }), InvalidServerTypeError);
  await t.rejects(FlussConnection.open(ts.host, ts.port, { expect: 'coordinator' }), { message: /expected: COORDINATOR, actual: TABLET_SERVER/ });
});

t.test('AUTHENTICATE on the plaintext cluster fails with 46, as a real PLAINTEXT listener does', async (t) => {
  for (const style of ['java', 'rust'] as const) {
    await t.rejects(FlussTestClient.connect(cluster.bootstrap, { auth: { username: 'alice', password: 'secret', style } }), {
      code: 46,
      serverMessage: "Authenticate protocol not match: protocol of server is 'PLAINTEXT' while protocol of client is 'PLAIN'",
    });
  }
  const authAt = cluster.nodes[0].received.filter((r) => r.apiKey === ApiKey.AUTHENTICATE);
  t.same(
    authAt.map((r) => r.requestId),
    [1, 1],
    'AUTHENTICATE follows ApiVersions as request id 1',
  );
});

t.test('ACL apis answer 47 without an authorizer', async (t) => {
  const conn = await client.coordinatorConnection();
  const r = await conn.request(ApiKey.LIST_ACLS, 0, encodeMessage(ListAclsRequest, { acl_filter: { resource_type: 1, operation_type: 1, permission_type: 1 } }));
  t.same(decodeErrorResponse(r.body), { code: 47, message: 'No Authorizer is configured.' });
});

t.test('primary-key tables: put and lookup', async (t) => {
  const kvPath = { database_name: DB, table_name: 'users' };
  await client.admin.createTable(kvPath, tableDescriptorJson({ columns: [{ name: 'id', type: 'INT' }], primaryKey: ['id'], bucketCount: 2 }));
  const put = await client.kv.put(kvPath, 1, [
    { key: Buffer.from('k1'), value: Buffer.from('row1') },
    { key: Buffer.from('k2'), value: Buffer.from('row2') },
  ]);
  t.equal(put.log_end_offset, 2n);
  await client.kv.put(kvPath, 1, [{ key: Buffer.from('k2'), value: null }]);
  const got = await client.kv.lookup(kvPath, 1, [Buffer.from('k1'), Buffer.from('k2')]);
  t.same(got.values[0].values, Buffer.from([1, 0, ...Buffer.from('row1')]), 'schema id (int16 LE) + row');
  t.equal(got.values[1].values, undefined, 'deleted key not found');
  const notPk = await client.kv.lookup(EVENTS, 0, [Buffer.from('k')]);
  t.equal(notPk.error_code, 20);
});

t.test('a negative frame length gets a SERVER_FAILURE frame and a close', async (t) => {
  const sock = net.connect(cluster.coordinator.port, '127.0.0.1');
  const reader = new FrameReader();
  const frames: Buffer[] = [];
  sock.on('data', (d) => frames.push(...reader.push(d)));
  await new Promise<void>((resolve) => sock.once('connect', () => resolve()));
  sock.write(Buffer.from('ffffffff', 'hex'));
  await new Promise<void>((resolve) => sock.once('close', () => resolve()));
  t.equal(frames.length, 1);
  const h = readResponseHeader(frames[0]);
  t.equal(h.type, 2);
  t.equal(h.requestId, undefined);
  t.equal(decodeErrorResponse(frameBody(frames[0], h)).code, -1);
});

t.test('a SERVER_FAILURE fails every request in flight on the client', async (t) => {
  const conn = await FlussConnection.open('127.0.0.1', cluster.coordinator.port, { handshake: false });
  const pending = conn.request(1100, 0, Buffer.alloc(0), 5000);
  // a request header of length 4 is shorter than the 8-byte header: the server fails the channel
  conn.writeRaw(Buffer.from('00000004' + '03e80000', 'hex'));
  await t.rejects(pending, FlussConnectionClosedError);
  t.equal(conn.state, 'closed');
});
