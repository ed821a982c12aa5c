/**
 * Per-bucket rules: FETCH_LOG cuts denied tables out of the forwarded request and merges their
 * bucket errors into the backend's answer (or answers alone); LOOKUP's three shapes; PREFIX_LOOKUP.
 */
import t from 'tap';
import { ApiKey } from '../../../../../src/protocol/fluss/api-keys.js';
import { FetchLogRequest, FetchLogResponse } from '../../../../../src/protocol/fluss/messages/log.js';
import { LookupRequest, LookupResponse, PrefixLookupRequest } from '../../../../../src/protocol/fluss/messages/kv.js';
import { decodeMessage } from '../../../../../src/protocol/fluss/proto-message.js';
import { errorResponseFrame } from '../../../../../src/protocol/fluss/error-response.js';
import { harness, grant, errorOf, okOf, forwardedBody, backendOk, decodeOk, DENY_TEXT } from './fixtures.js';

const fetchReq = (tables: Array<[bigint, number[]]>, follower = -1) => ({
  follower_server_id: follower,
  max_bytes: 1024,
  tables_req: tables.map(([table_id, buckets]) => ({
    table_id,
    projection_pushdown_enabled: false,
    buckets_req: buckets.map((b) => ({ bucket_id: b, fetch_offset: 0n, max_fetch_bytes: 1024, ...(b === 2 ? { partition_id: 5n } : {}) })),
  })),
});

t.test('FETCH_LOG: denied tables stripped and their buckets answered 48, the rest forwarded', async (t) => {
  const h = harness('User:c', [grant('User:c', 'READ', 'TABLE', 'db.t')]);
  const { verdict, info, frame } = await h.send(
    ApiKey.FETCH_LOG,
    FetchLogRequest,
    fetchReq([
      [7n, [0, 1]],
      [8n, [0, 2]],
      [99n, [3]],
    ]),
  );
  t.equal(verdict?.kind, 'forward');
  const sent = decodeMessage(FetchLogRequest, forwardedBody(verdict, frame));
  t.same(
    sent.tables_req.map((x) => x.table_id),
    [7n],
    'only db.t goes to the backend',
  );
  t.same(
    sent.tables_req[0].buckets_req.map((b) => b.bucket_id),
    [0, 1],
  );
  t.equal(sent.max_bytes, 1024, 'other fields kept');
  const backend = backendOk(info, FetchLogResponse, {
    tables_resp: [
      {
        table_id: 7n,
        buckets_resp: [
          { bucket_id: 0, high_watermark: 3n, records: Buffer.from('abc') },
          { bucket_id: 1, high_watermark: 0n },
        ],
      },
    ],
  });
  const merged = decodeOk(await h.stage.responses.finish(info, backend), FetchLogResponse);
  t.same(
    merged.tables_resp.map((x) => x.table_id),
    [7n, 8n, 99n],
  );
  t.equal(merged.tables_resp[0].buckets_resp[0].records?.toString(), 'abc', 'backend data untouched');
  t.same(
    merged.tables_resp[1].buckets_resp.map((b) => [b.bucket_id, b.partition_id, b.error_code, b.error_message]),
    [
      [0, undefined, 48, 'No permission to READ table u in database db'],
      [2, 5n, 48, 'No permission to READ table u in database db'],
    ],
  );
  t.same([merged.tables_resp[2].buckets_resp[0].error_code, merged.tables_resp[2].buckets_resp[0].bucket_id], [21, 3]);
  t.match(merged.tables_resp[2].buckets_resp[0].error_message, /^This server server-1 does not know this table ID 99\./);
});

t.test('FETCH_LOG: nothing readable is answered by the gateway alone', async (t) => {
  const h = harness('User:c');
  const { verdict } = await h.send(ApiKey.FETCH_LOG, FetchLogRequest, fetchReq([[7n, [0]]]));
  const body = okOf(verdict, FetchLogResponse);
  t.same(body.tables_resp[0].buckets_resp[0], { bucket_id: 0, error_code: 48, error_message: 'No permission to READ table t in database db' });
});

t.test('FETCH_LOG: all readable goes on unchanged; a follower id is refused', async (t) => {
  const h = harness('User:c', [grant('User:c', 'READ', 'CLUSTER', 'fluss-cluster')]);
  t.equal(
    (
      await h.send(
        ApiKey.FETCH_LOG,
        FetchLogRequest,
        fetchReq([
          [7n, [0]],
          [8n, [1]],
        ]),
      )
    ).verdict,
    null,
  );
  const follower = await h.send(ApiKey.FETCH_LOG, FetchLogRequest, fetchReq([[7n, [0]]], 0));
  t.same(errorOf(follower.verdict), { code: 48, message: DENY_TEXT('c', 'WRITE', 'CLUSTER', 'fluss-cluster') });
});

t.test("FETCH_LOG: the backend's error answer passes unchanged", async (t) => {
  const h = harness('User:c', [grant('User:c', 'READ', 'TABLE', 'db.t')]);
  const { info } = await h.send(
    ApiKey.FETCH_LOG,
    FetchLogRequest,
    fetchReq([
      [7n, [0]],
      [8n, [0]],
    ]),
  );
  const err = errorResponseFrame(info.id, 25, 'slow');
  t.equal(await h.stage.responses.finish(info, err), err);
});

t.test('LOOKUP: READ per bucket, insert_if_not_exists WRITE whole, historical READ whole', async (t) => {
  const h = harness('User:r', [grant('User:r', 'READ', 'TABLE', 'db.u')]);
  const plain = await h.send(ApiKey.LOOKUP, LookupRequest, {
    table_id: 7n,
    buckets_req: [
      { bucket_id: 0, keys: [Buffer.from('k')] },
      { bucket_id: 1, partition_id: 9n },
    ],
  });
  const body = okOf(plain.verdict, LookupResponse);
  t.same(
    body.buckets_resp.map((b) => [b.bucket_id, b.partition_id, b.error_code, b.error_message]),
    [
      [0, undefined, 48, 'No permission to READ table t in database db'],
      [1, 9n, 48, 'No permission to READ table t in database db'],
    ],
  );
  t.equal((await h.send(ApiKey.LOOKUP, LookupRequest, { table_id: 8n, buckets_req: [{ bucket_id: 0 }] })).verdict, null, 'readable table forwarded');
  const insert = await h.send(ApiKey.LOOKUP, LookupRequest, { table_id: 8n, insert_if_not_exists: true, buckets_req: [{ bucket_id: 0 }] });
  t.same(errorOf(insert.verdict), { code: 48, message: DENY_TEXT('r', 'WRITE', 'TABLE', 'db.u') }, 'insert needs WRITE');
  const historical = await h.send(ApiKey.LOOKUP, LookupRequest, { table_id: 7n, buckets_req: [{ bucket_id: 0, original_partition_name: '2024' }] }, 1);
  t.same(errorOf(historical.verdict), { code: 48, message: DENY_TEXT('r', 'READ', 'TABLE', 'db.t') }, 'historical: whole');
  const unknown = okOf((await h.send(ApiKey.LOOKUP, LookupRequest, { table_id: 50n, buckets_req: [{ bucket_id: 0 }] })).verdict, LookupResponse);
  t.equal(unknown.buckets_resp[0].error_code, 21);
});

t.test('PREFIX_LOOKUP: READ per bucket', async (t) => {
  const h = harness('User:r');
  const { verdict } = await h.send(ApiKey.PREFIX_LOOKUP, PrefixLookupRequest, { table_id: 8n, buckets_req: [{ bucket_id: 4, keys: [Buffer.from('p')] }] });
  const body = okOf(verdict, LookupResponse);
  t.same(body.buckets_resp, [{ bucket_id: 4, error_code: 48, error_message: 'No permission to READ table u in database db', values: [] }]);
});
