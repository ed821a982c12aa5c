/**
 * Attack: reuse a Fluss request id while the first request with that id is still in flight.
 * Fluss answers out of order, so the gateway matched an answer to the oldest in-flight request
 * with its id: a slow FETCH_LOG (id 5) followed by a fast GET_METADATA (id 5) made the gateway
 * treat the metadata answer as the fetch's, pass it through unrewritten and leak every backend
 * address. Now the second request with an id already in flight closes the connection with
 * SW_ERR_DUPLICATE_REQUEST_ID before it is forwarded.
 * Also: a learned table id -> name pair is never replaced by a different name taken from an
 * answer; the entry is dropped and the name comes from the backend.
 */
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { waitForLine } from '../helpers/listener.js';
import { connectRaw, within } from '../helpers/raw-client.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { collectMetadataServers } from '../../src/protocol/fluss/rewrite.js';
import { FetchLogRequest } from '../../src/protocol/fluss/messages/log.js';
import { tableDescriptorJson } from '../../testkit/fluss/client/index.js';
import { FlussTableDirectory } from '../../src/adapters/fluss/authz/directory.js';
import { tableRef } from '../../src/adapters/fluss/authz/texts.js';

const metadataFrame = (id: number) => encodeRequestFrame(ApiKey.GET_METADATA, 0, id, Buffer.alloc(0));

t.test('a duplicate in-flight request id closes the connection before it is forwarded', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const backendPorts = new Set([cluster.coordinator.port, ...cluster.tabletServers.map((n) => n.port)]);
  cluster.state.createDatabase('db', undefined, false);
  cluster.state.createTable('db', 'slow', Buffer.from(tableDescriptorJson({ columns: [{ name: 'id', type: 'BIGINT' }], bucketCount: 1 })), false);
  const tableId = cluster.state.findTable('db', 'slow')!.id;

  // Find the gateway endpoint of the tablet server (the bucket leader) the usual way.
  const boot = await connectRaw(gw.port);
  boot.send(metadataFrame(1));
  const [meta] = await boot.waitFrames(1, 5000);
  boot.close();
  const tablet = collectMetadataServers(meta).find((s) => s.type === 'tablet')!;
  t.notOk(backendPorts.has(tablet.port), 'discovery names a gateway endpoint');

  const conn = await connectRaw(tablet.port);
  t.teardown(() => conn.close());
  const fetch = encodeMessage(FetchLogRequest, {
    follower_server_id: -1,
    max_bytes: 1 << 20,
    max_wait_ms: 8000,
    min_bytes: 1,
    tables_req: [{ table_id: tableId, projection_pushdown_enabled: false, buckets_req: [{ bucket_id: 0, fetch_offset: 0n, max_fetch_bytes: 1 << 20 }] }],
  });
  conn.send(Buffer.concat([encodeRequestFrame(ApiKey.FETCH_LOG, 0, 5, fetch), metadataFrame(5)]));

  const closed = await within(conn.closed, 4000);
  for (const f of conn.frames) {
    if (f.length >= 9 && f.readInt8(4) === 0) {
      let servers: ReturnType<typeof collectMetadataServers> = [];
      try {
        servers = collectMetadataServers(f);
      } catch {
        /* not a metadata answer */
      }
      t.notOk(
        servers.some((s) => backendPorts.has(s.port)),
        'no backend address reaches the client',
      );
    }
  }
  t.ok(closed, 'the gateway closes the connection at once (not when the slow answer comes)');
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_DUPLICATE_REQUEST_ID');
  t.match(String(line.detail), /5/, 'the log line names the id');
  const tabletNode = cluster.nodes.find((n) => n.info.kind === 'tablet')!;
  await new Promise((r) => setTimeout(r, 200));
  t.equal(
    tabletNode.received.some((r) => r.requestId === 5 && r.apiKey === ApiKey.GET_METADATA),
    false,
    'the second request with id 5 never reached the backend',
  );
});

t.test('the same id again after its answer is fine (ids are unique only while in flight)', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster);
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await connectRaw(gw.port);
  t.teardown(() => conn.close());
  conn.send(metadataFrame(9));
  await conn.waitFrames(1, 5000);
  conn.send(metadataFrame(9));
  await conn.waitFrames(2, 5000);
  t.notOk(gw.lines.some((l) => l.err === 'SW_ERR_DUPLICATE_REQUEST_ID'));
});

t.test('a learned table id is never renamed by an answer without asking the backend', async (t) => {
  let asked = 0;
  const backend = {
    listTables: async () => {
      asked++;
      return [{ id: 7n, table: tableRef('db', 'orders') }];
    },
    producerOffsetTables: async () => [],
    close: () => undefined,
  };
  const d = new FlussTableDirectory({ backend, minRefreshIntervalMs: 0 });
  d.learn(7n, tableRef('db', 'orders'));
  d.learn(7n, tableRef('public', 'open'));
  t.not(d.get(7n)?.database, 'public', 'the answer did not rename the id');
  t.same(await d.lookup(7n), tableRef('db', 'orders'), 'the name comes from the backend');
  t.ok(asked >= 1, 'the backend was asked');

  const offline = new FlussTableDirectory();
  offline.learn(8n, tableRef('db', 'orders'));
  offline.learn(8n, tableRef('public', 'open'));
  t.not(offline.get(8n)?.database, 'public', 'without a backend the conflicting name is not taken either');
});
