/**
 * Filtering and non-failing rules: LIST_DATABASES / LIST_TABLES / GET_METADATA /
 * GET_PRODUCER_OFFSETS answers cut down to what the principal may see, the exists apis answering
 * false, and INIT_WRITER's any-of rule with Fluss's texts.
 */
import t from 'tap';
import { ApiKey } from '../../../../../src/protocol/fluss/api-keys.js';
import { ListDatabasesRequest, ListDatabasesResponse, DatabaseNameRequest, ListTablesResponse, TablePathRequest, ExistsResponse } from '../../../../../src/protocol/fluss/messages/admin.js';
import { MetadataRequest, MetadataResponse } from '../../../../../src/protocol/fluss/messages/metadata.js';
import { InitWriterRequest } from '../../../../../src/protocol/fluss/messages/log.js';
import { ProducerIdRequest, GetProducerOffsetsResponse } from '../../../../../src/protocol/fluss/messages/resources.js';
import { decodeMessage } from '../../../../../src/protocol/fluss/proto-message.js';
import { tableRef } from '../../../../../src/adapters/fluss/authz/texts.js';
import { harness, grant, errorOf, okOf, forwardedBody, backendOk, decodeOk, makeTables } from './fixtures.js';

const MKT = [grant('User:m', 'ALL', 'DATABASE', 'marketing_db')];

t.test('LIST_DATABASES keeps the databases the principal may DESCRIBE (names and summaries)', async (t) => {
  const h = harness('User:m', MKT);
  const names = await h.send(ApiKey.LIST_DATABASES, ListDatabasesRequest, {});
  t.equal(names.verdict, null);
  const out = decodeOk(await h.stage.responses.finish(names.info, backendOk(names.info, ListDatabasesResponse, { database_name: ['finance_db', 'fluss', 'marketing_db'] })), ListDatabasesResponse);
  t.same(out.database_name, ['marketing_db']);
  const sums = await h.send(ApiKey.LIST_DATABASES, ListDatabasesRequest, { include_summary: true });
  const summary = (n: string) => ({ database_name: n, created_time: 1n, table_count: 0 });
  const out2 = decodeOk(
    await h.stage.responses.finish(sums.info, backendOk(sums.info, ListDatabasesResponse, { database_summary: ['finance_db', 'marketing_db'].map(summary) })),
    ListDatabasesResponse,
  );
  t.same(
    out2.database_summary.map((s) => s.database_name),
    ['marketing_db'],
  );
});

t.test('LIST_TABLES keeps tables the principal may DESCRIBE', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'TABLE', 'db.b')]);
  const { info } = await h.send(ApiKey.LIST_TABLES, DatabaseNameRequest, { database_name: 'db' });
  const out = decodeOk(await h.stage.responses.finish(info, backendOk(info, ListTablesResponse, { table_name: ['a', 'b', 'c'] })), ListTablesResponse);
  t.same(out.table_name, ['b']);
});

t.test('DATABASE_EXISTS / TABLE_EXISTS answer false when denied; `fluss` is never hidden', async (t) => {
  const h = harness('User:m', MKT);
  const db = (n: string) => h.send(ApiKey.DATABASE_EXISTS, DatabaseNameRequest, { database_name: n });
  t.same(okOf((await db('finance_db')).verdict, ExistsResponse), { exists: false });
  t.equal((await db('marketing_db')).verdict, null);
  t.equal((await db('fluss')).verdict, null, 'default database exempt');
  const table = (d: string) => h.send(ApiKey.TABLE_EXISTS, TablePathRequest, { table_path: { database_name: d, table_name: 'x' } });
  t.same(okOf((await table('finance_db')).verdict, ExistsResponse), { exists: false });
  t.same(okOf((await table('fluss')).verdict, ExistsResponse), { exists: false }, 'no exemption for tables');
  t.equal((await table('marketing_db')).verdict, null);
});

t.test("INIT_WRITER: WRITE on at least one table, with Fluss's texts", async (t) => {
  const h = harness('User:consumer', [grant('User:consumer', 'READ', 'CLUSTER', 'fluss-cluster'), grant('User:consumer', 'WRITE', 'TABLE', 'db.w')]);
  const init = (paths: Array<[string, string]>) => h.send(ApiKey.INIT_WRITER, InitWriterRequest, { table_path: paths.map(([d, n]) => ({ database_name: d, table_name: n })) });
  t.same(errorOf((await init([['fluss', 'fluss_order']])).verdict), { code: 48, message: 'No WRITE permission among all the tables: [fluss.fluss_order]' });
  t.same(
    errorOf(
      (
        await init([
          ['a', 'b'],
          ['c', 'd'],
        ])
      ).verdict,
    ).message,
    'No WRITE permission among all the tables: [a.b, c.d]',
  );
  t.same(errorOf((await init([])).verdict), { code: 48, message: 'The request of InitWriter requires non empty table paths for authorization.' });
  t.equal(
    (
      await init([
        ['a', 'b'],
        ['db', 'w'],
      ])
    ).verdict,
    null,
    'one writable table is enough',
  );
});

t.test('GET_METADATA: unauthorized paths dropped from the request, answer filtered and learned', async (t) => {
  const tables = makeTables();
  const h = harness('User:r', [grant('User:r', 'DESCRIBE', 'TABLE', 'db.t')], { tables });
  const req = {
    table_path: [
      { database_name: 'db', table_name: 't' },
      { database_name: 'secret', table_name: 'x' },
    ],
    partitions_path: [
      { database_name: 'secret', table_name: 'x', partition_name: 'p' },
      { database_name: 'db', table_name: 't', partition_name: 'q' },
    ],
    partitions_id: [11n, 12n],
  };
  const { verdict, info, frame } = await h.send(ApiKey.GET_METADATA, MetadataRequest, req);
  const sent = decodeMessage(MetadataRequest, forwardedBody(verdict, frame));
  t.same(sent.table_path, [{ database_name: 'db', table_name: 't' }]);
  t.same(
    sent.partitions_path.map((p) => p.partition_name),
    ['q'],
  );
  t.same(sent.partitions_id, [11n, 12n], 'partition ids are filtered on the answer');
  const tm = (db: string, name: string, id: bigint) => ({
    table_path: { database_name: db, table_name: name },
    table_id: id,
    schema_id: 1,
    table_json: Buffer.from('{}'),
    created_time: 0n,
    modified_time: 0n,
  });
  const answer = backendOk(info, MetadataResponse, {
    coordinator_server: { node_id: 0, host: 'h', port: 1 },
    tablet_servers: [{ node_id: 1, host: 'h', port: 2 }],
    table_metadata: [tm('db', 't', 7n), tm('secret', 'x', 30n)],
    partition_metadata: [7n, 30n, 31n].map((table_id, i) => ({ table_id, partition_name: `p${i}`, partition_id: BigInt(i) })),
  });
  const out = decodeOk(await h.stage.responses.finish(info, answer), MetadataResponse);
  t.same(
    out.table_metadata.map((x) => x.table_id),
    [7n],
  );
  t.same(
    out.partition_metadata.map((p) => p.table_id),
    [7n],
    'partitions of hidden (30) and unknown (31) tables dropped',
  );
  t.equal(out.tablet_servers.length, 1, 'servers always returned');
  t.same(tables.get(30n), tableRef('secret', 'x'), 'ids learned even for tables the principal cannot see');
});

t.test('GET_METADATA with nothing to drop forwards the original bytes', async (t) => {
  const h = harness('User:admin');
  const { verdict } = await h.send(ApiKey.GET_METADATA, MetadataRequest, { table_path: [{ database_name: 'a', table_name: 'b' }] });
  t.equal(verdict, null);
});

t.test('GET_PRODUCER_OFFSETS: tables without READ are removed from the answer', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'TABLE', 'db.u')]);
  const { info } = await h.send(ApiKey.GET_PRODUCER_OFFSETS, ProducerIdRequest, { producer_id: 'p' });
  const answer = backendOk(info, GetProducerOffsetsResponse, {
    producer_id: 'p',
    expiration_time: 5n,
    table_offsets: [7n, 8n, 77n].map((table_id) => ({ table_id, bucket_offsets: [{ bucket_id: 0, log_end_offset: 3n }] })),
  });
  const out = decodeOk(await h.stage.responses.finish(info, answer), GetProducerOffsetsResponse);
  t.same(
    out.table_offsets.map((x) => x.table_id),
    [8n],
  );
  t.equal(out.expiration_time, 5n);
});
