/**
 * The Fluss test client through the gateway in front of 1 coordinator + 3 tablet servers:
 * admin calls reach the coordinator endpoint, bucket traffic each leader's endpoint; 10k
 * records produced across buckets come back byte-exact; no backend address reaches the client;
 * every bad request gets an answer where a Fluss server would stay silent.
 */
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussConnection, tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { waitForLine } from '../helpers/listener.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { decodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { ApiVersionsResponse } from '../../src/protocol/fluss/messages/handshake.js';
import { buildLogBatch, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { OffsetType } from '../../src/protocol/fluss/messages/log.js';

const DB = 'gw_db';
const TABLE = { database_name: DB, table_name: 'events' };

t.test('Fluss through the gateway', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 3 });
  const gw = await startFlussGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const backendPorts = new Set([cluster.coordinator.port, ...cluster.tabletServers.map((n) => n.port)]);
  const client = await FlussTestClient.connect(gw.bootstrap, { requestTimeoutMs: 5000 });
  t.teardown(() => client.close());

  t.test('discovery names a distinct gateway endpoint for the coordinator and each tablet server', async (t) => {
    t.notOk(backendPorts.has(client.coordinator!.port), 'coordinator endpoint is the gateway');
    const ports = [...client.tabletServers.values()].map((n) => n.port);
    t.equal(ports.length, 3);
    for (const p of ports) t.notOk(backendPorts.has(p), `tablet endpoint ${p} is the gateway`);
    t.equal(new Set([client.coordinator!.port, ...ports]).size, 4, 'four distinct endpoints');
  });

  t.test('admin and 10k records round trip, byte-exact', async (t) => {
    await client.admin.createDatabase(DB);
    await client.admin.createTable(TABLE, tableDescriptorJson({ columns: [{ name: 'id', type: 'BIGINT' }], bucketCount: 3 }));
    t.same(await client.admin.listTables(DB), ['events']);
    const sent = new Map<number, Buffer[]>([
      [0, []],
      [1, []],
      [2, []],
    ]);
    let seq = 0;
    while (seq < 10_000) {
      const perBucket = new Map<number, Buffer>();
      for (let b = 0; b < 3 && seq < 10_000; b++) {
        const n = Math.min(250, 10_000 - seq);
        const batch = buildLogBatch({ records: Array.from({ length: n }, () => Buffer.from(`r-${seq++}`)) });
        sent.get(b)!.push(batch);
        perBucket.set(b, batch);
      }
      const res = await client.log.produce(TABLE, perBucket);
      for (const r of res.values()) t.equal(r.error_code, undefined);
    }
    let records = 0;
    for (const [bucket, batches] of sent) {
      let offset = 0n;
      const got: Buffer[] = [];
      for (let i = 0; i < 500 && got.length < batches.length; i++) {
        const r = await client.log.fetch(TABLE, bucket, offset, { maxBytes: 256 * 1024 });
        const hs = readLogBatches(r.records!);
        if (hs.length === 0) break;
        for (const h of hs) got.push(r.records!.subarray(h.position, h.position + h.sizeInBytes));
        offset = hs.at(-1)!.baseOffset + BigInt(hs.at(-1)!.lastOffsetDelta) + 1n;
      }
      t.equal(got.length, batches.length, `bucket ${bucket}: every batch back`);
      // bytes after the leader-stamped header fields (base offset @0, commit timestamp @13) must match
      const tail = (b: Buffer) => b.subarray(21);
      t.ok(
        got.every((g, i) => tail(g).equals(tail(batches[i]))),
        `bucket ${bucket}: byte-exact`,
      );
      for (const g of got) records += readLogBatches(g)[0].recordCount;
      const latest = await client.log.listOffsets(TABLE, bucket, OffsetType.LATEST);
      t.equal(Number(latest.offset), batches.length * 250, `bucket ${bucket}: latest offset`);
    }
    t.equal(records, 10_000);
  });

  t.test('no backend address ever reached the client', async (t) => {
    t.ok(gw.sightings.length >= 4, `${gw.sightings.length} server entries inspected`);
    t.same(
      gw.sightings.filter((s) => backendPorts.has(s.port)),
      [],
    );
  });

  t.test('API_VERSIONS through the gateway lists no PRIVATE key', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', client.coordinator!.port, { expect: 'coordinator', handshake: false });
    t.teardown(() => conn.close());
    const r = await conn.request(ApiKey.API_VERSIONS, 0, Buffer.from([0x0a, 1, 0x78, 0x12, 1, 0x31]), 3000);
    const keys = decodeMessage(ApiVersionsResponse, r.body).api_versions.map((v) => v.api_key);
    t.ok(keys.includes(ApiKey.CREATE_TABLE));
    t.notOk(keys.includes(ApiKey.UPDATE_METADATA), 'UPDATE_METADATA (PRIVATE) removed');
    t.notOk(keys.includes(ApiKey.ADJUST_ISR), 'ADJUST_ISR (PRIVATE) removed');
  });

  t.test('bad requests all get an ERROR_RESPONSE (a Fluss server would stay silent)', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', client.coordinator!.port, { expect: 'coordinator' });
    t.teardown(() => conn.close());
    const cases: Array<[string, number, number, Buffer, number]> = [
      ['unknown api key', 1999, 0, Buffer.alloc(0), 2],
      ['version out of range', ApiKey.CREATE_DATABASE, 9, Buffer.alloc(0), 2],
      ['malformed protobuf body', ApiKey.GET_TABLE_INFO, 0, Buffer.from([0x0a, 0x7f, 1]), 3],
      ['missing required field', ApiKey.GET_TABLE_INFO, 0, Buffer.alloc(0), 3],
      ['PRIVATE api key', ApiKey.UPDATE_METADATA, 0, Buffer.alloc(0), 48],
    ];
    for (const [what, key, version, body, code] of cases) {
      const r = await conn.request(key, version, body, 3000);
      t.equal(r.type, 1, `${what}: ERROR_RESPONSE`);
      t.equal(decodeErrorResponse(r.body).code, code, `${what}: code ${code}`);
    }
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UNKNOWN_API_KEY');
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PRIVATE_API');
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MALFORMED_REQUEST');
    t.equal(await client.admin.databaseExists(DB), true, 'the connection still serves requests');
  });

  t.test('a request before API_VERSIONS is served normally (Fluss does not require it)', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', client.coordinator!.port, { handshake: false });
    t.teardown(() => conn.close());
    const r = await conn.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(0), 3000);
    t.equal(r.type, 0);
  });
});

t.test('backend down: requests in flight get NETWORK_EXCEPTION, then a clean close', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { expect: 'unknown' as never });
  const pending = conn.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(0), 3000).catch((e: Error) => e);
  await cluster.stop();
  const r = await pending;
  if (r instanceof Error) t.match(r.message, /closed/i, 'closed cleanly');
  else t.equal(decodeErrorResponse(r.body).code, 1, 'NETWORK_EXCEPTION');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UPSTREAM_CLOSED' || l.err === 'SW_ERR_UPSTREAM_UNREACHABLE');
});

t.test('oversized frame: clean close and a log line', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  const huge = Buffer.alloc(12);
  huge.writeInt32BE(200 * 1024 * 1024, 0);
  conn.writeRaw(huge);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_FRAME_TOO_LARGE');
  conn.close();
});
