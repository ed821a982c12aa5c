/**
 * The Fluss request envelope decodes a body once: every stage asking with the api's descriptor
 * (or a view that reads the body the same way) gets the guard's decoded object, so the
 * authorizer decides on exactly what the guard validated; other descriptors decode the bytes.
 */
import t from 'tap';
import { FlussRequest } from '../../../../src/adapters/fluss/request.js';
import { ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame, readRequestHeader } from '../../../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { FetchLogRequest } from '../../../../src/protocol/fluss/messages/log.js';
import { DatabaseNameRequest } from '../../../../src/protocol/fluss/messages/admin.js';
import { FetchLogView, TableIdField1 } from '../../../../src/adapters/fluss/authz/views.js';
import { harness, grant, errorOf } from './authz/fixtures.js';
import { FlussAuthzStage } from '../../../../src/adapters/fluss/authz/stage.js';

function fetchRequest(): FlussRequest {
  const body = encodeMessage(FetchLogRequest, {
    follower_server_id: -1,
    max_bytes: 1024,
    tables_req: [{ table_id: 7n, projection_pushdown_enabled: false, buckets_req: [{ bucket_id: 0, fetch_offset: 0n, max_fetch_bytes: 100 }] }],
  });
  const frame = encodeRequestFrame(ApiKey.FETCH_LOG, 0, 5, body);
  return new FlussRequest(frame, readRequestHeader(frame));
}

t.test('after decode(), the api descriptor and its views share one decoded object', async (t) => {
  const req = fetchRequest();
  t.not(req.decoded(FetchLogRequest), req.decoded(FetchLogRequest), 'before the guard decoded it, each ask decodes');
  req.decode();
  const full = req.decoded(FetchLogRequest);
  t.equal(req.decoded(FetchLogRequest), full, 'the same object: decoded once');
  t.equal(req.decoded(FetchLogView), full, 'a view that reads the same gets it too');
  t.ok(req.sharesDecoded(FetchLogView));
  t.notOk(req.sharesDecoded(TableIdField1), 'field 1 is follower_server_id here: decoded on its own');
  t.equal(req.decoded(TableIdField1).table_id, -1n);
});

t.test('the authorizer decides on the body the guard decoded (no second reading)', async (t) => {
  const h = harness('User:bob', [grant('User:bob', 'DESCRIBE', 'DATABASE', 'open_db')]);
  const frame = encodeRequestFrame(ApiKey.GET_DATABASE_INFO, 0, 9, encodeMessage(DatabaseNameRequest, { database_name: 'secret_db' }));
  const req = new FlussRequest(frame, readRequestHeader(frame));
  req.decode();
  const info = { apiKey: ApiKey.GET_DATABASE_INFO, apiVersion: 0, id: 9, expectResponse: true, api: 'GET_DATABASE_INFO' };
  const stage: FlussAuthzStage = h.stage;
  t.equal(errorOf(await stage.onRequest(req, info)).code, 48, 'secret_db denied');
  // the decoded object is what the stage reads: changing it changes the decision, the bytes do not
  req.decoded(DatabaseNameRequest).database_name = 'open_db';
  t.equal(await stage.onRequest(req, { ...info }), null, 'open_db allowed: read from the decoded body');
});
