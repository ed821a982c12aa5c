/**
 * The table id directory: learned pairs, eviction, misses resolved by one shared backend refresh
 * (rate-limited), and the backend queries against the Fluss test cluster over a real socket.
 */
import t from 'tap';
import { FlussTableDirectory } from '../../../../../src/adapters/fluss/authz/directory.js';
import { FlussBackendQueries } from '../../../../../src/adapters/fluss/authz/backend-queries.js';
import { tableRef, type TableRef } from '../../../../../src/adapters/fluss/authz/texts.js';
import { createLogger } from '../../../../../src/log.js';
import { startFlussCluster } from '../../../../../testkit/fluss/cluster/index.js';

function fakeBackend(tables: Array<{ id: bigint; table: TableRef }>) {
  const calls = { list: 0 };
  const backend = {
    listTables: async () => {
      calls.list++;
      await new Promise((r) => setTimeout(r, 10));
      return tables;
    },
    producerOffsetTables: async () => [],
    close: () => undefined,
  };
  return { backend, calls };
}

t.test('learn / get; the oldest entries go past maxEntries', async (t) => {
  const d = new FlussTableDirectory({ maxEntries: 2 });
  d.learn(1n, tableRef('a', 'x'));
  d.learn(2n, tableRef('a', 'y'));
  d.learn(3n, tableRef('a', 'z'));
  t.equal(d.size, 2);
  t.equal(d.get(1n), undefined);
  t.same(d.get(3n), tableRef('a', 'z'));
  t.equal(d.lookup(9n), undefined, 'without a backend a miss is a miss, synchronously');
});

t.test('concurrent misses share one refresh; refreshes are rate limited', async (t) => {
  const { backend, calls } = fakeBackend([{ id: 5n, table: tableRef('db', 'five') }]);
  const d = new FlussTableDirectory({ backend, minRefreshIntervalMs: 60_000 });
  const [a, b] = await Promise.all([d.lookup(5n), d.lookupAll([5n, 6n])]);
  t.same(a, tableRef('db', 'five'));
  t.same(
    [...(b as Map<bigint, TableRef | undefined>).entries()],
    [
      [5n, tableRef('db', 'five')],
      [6n, undefined],
    ],
  );
  t.equal(calls.list, 1);
  t.equal(await d.lookup(6n), undefined, 'still unknown');
  t.equal(calls.list, 1, 'no second refresh inside the interval');
  t.same(d.lookup(5n), tableRef('db', 'five'), 'a learned id answers synchronously');
});

t.test('a failing backend leaves misses unknown and logs', async (t) => {
  const lines: string[] = [];
  const log = createLogger({
    destination: {
      write: (s: string) => {
        lines.push(s);
      },
    },
  });
  const d = new FlussTableDirectory({
    backend: {
      listTables: async () => {
        throw new Error('down');
      },
      producerOffsetTables: async () => [],
      close: () => undefined,
    },
    log,
  });
  t.equal(await d.lookup(1n), undefined);
  t.match(lines.join(''), /table directory refresh failed/);
});

t.test('backend queries list every table of the test cluster with its id', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  t.teardown(() => cluster.stop());
  cluster.state.createDatabase('a', undefined, false);
  const json = Buffer.from(JSON.stringify({ schema: { columns: [] } }));
  cluster.state.createTable('a', 'one', json, false);
  cluster.state.createTable('fluss', 'two', json, false);
  const [host, port] = cluster.bootstrap.split(':');
  const q = new FlussBackendQueries({ host, port: Number(port), timeoutMs: 2000 });
  t.teardown(() => q.close());
  const got = (await q.listTables()).map((x) => [x.id, x.table.name]).sort();
  t.same(
    got,
    [
      [cluster.state.findTable('a', 'one')!.id, 'a.one'],
      [cluster.state.findTable('fluss', 'two')!.id, 'fluss.two'],
    ].sort(),
  );
  const d = new FlussTableDirectory({ backend: q });
  t.same(await d.lookup(cluster.state.findTable('a', 'one')!.id), tableRef('a', 'one'));
  await t.rejects(q.producerOffsetTables('p'), /backend error/, 'errors from the backend reject');
});

t.test('backend queries fail cleanly when nobody listens', async (t) => {
  const net = await import('node:net');
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const q = new FlussBackendQueries({ host: '127.0.0.1', port, timeoutMs: 500 });
  await t.rejects(q.listTables());
  q.close();
});
