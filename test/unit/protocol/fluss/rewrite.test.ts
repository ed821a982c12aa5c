/** Surgical rewrites: only server host/port (or dropped entries) change; all else verbatim. */
import t from 'tap';
import { rewriteMetadataServers, collectMetadataServers, trimApiVersions, filterResponseEntries } from '../../../../src/protocol/fluss/rewrite.js';
import { encodeResponseFrame, readResponseHeader, frameBody } from '../../../../src/protocol/fluss/frame.js';
import { encodeMessage, decodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { ProtoWriter, walkFields } from '../../../../src/protocol/fluss/proto-wire.js';
import { MetadataResponse, PbServerNode, PbTableMetadata } from '../../../../src/protocol/fluss/messages/metadata.js';
import { ApiVersionsResponse } from '../../../../src/protocol/fluss/messages/handshake.js';
import { ListTablesResponse } from '../../../../src/protocol/fluss/messages/admin.js';
import { errorResponseFrame } from '../../../../src/protocol/fluss/error-response.js';

const tableMeta = encodeMessage(PbTableMetadata, {
  table_path: { database_name: 'db', table_name: 't' },
  table_id: 42n,
  schema_id: 1,
  table_json: Buffer.from('{"opaque":true}'),
  bucket_metadata: [{ bucket_id: 0, leader_id: 2 }],
  created_time: 1n,
  modified_time: 2n,
});

/** A body a newer backend might send: unknown fields at both levels, fields out of order. */
function metadataBody(): Buffer {
  const coord = new ProtoWriter().varintField(1, 0).stringField(2, 'backend-c').varintField(3, 9123).stringField(9, 'unknown-in-node').finish();
  const ts1 = new ProtoWriter().stringField(5, 'rack-a').varintField(1, 1).stringField(2, 'backend-1').varintField(3, 9124).finish();
  const ts2 = encodeMessage(PbServerNode, { node_id: 2, host: 'backend-2', port: 9125, listeners: 'FLUSS://x:1' });
  return new ProtoWriter().bytesField(3, tableMeta).bytesField(2, ts1).varintField(15, 777).bytesField(1, coord).bytesField(2, ts2).finish();
}

const frame = encodeResponseFrame(0, 7, metadataBody());

t.test('collect', async (t) => {
  t.same(collectMetadataServers(frame), [
    { type: 'tablet', nodeId: 1, host: 'backend-1', port: 9124 },
    { type: 'coordinator', nodeId: 0, host: 'backend-c', port: 9123 },
    { type: 'tablet', nodeId: 2, host: 'backend-2', port: 9125 },
  ]);
});

t.test('rewrite changes host/port only', async (t) => {
  const out = rewriteMetadataServers(frame, (n) => ({ host: 'gw.example.com', port: 20000 + n.nodeId + (n.type === 'coordinator' ? 100 : 0) }));
  const h = readResponseHeader(out);
  t.equal(h.requestId, 7, 'request id kept');
  t.equal(out.readInt32BE(0), out.length - 4, 'length prefix recomputed');
  t.same(collectMetadataServers(out), [
    { type: 'tablet', nodeId: 1, host: 'gw.example.com', port: 20001 },
    { type: 'coordinator', nodeId: 0, host: 'gw.example.com', port: 20100 },
    { type: 'tablet', nodeId: 2, host: 'gw.example.com', port: 20002 },
  ]);
  const body = frameBody(out, h);
  const top = walkFields(body);
  t.same(
    top.map((f) => f.no),
    [3, 2, 15, 1, 2],
    'field order kept',
  );
  t.same(body.subarray(top[0].start, top[0].end), new ProtoWriter().bytesField(3, tableMeta).finish(), 'table metadata verbatim');
  t.equal(top[2].raw, 777n, 'unknown top-level field kept');
  const ts1 = walkFields(body, top[1].valueStart, top[1].end);
  t.same(
    ts1.map((f) => f.no),
    [5, 1, 2, 3],
    'node field order kept',
  );
  t.equal(body.toString('utf8', ts1[0].valueStart, ts1[0].end), 'rack-a');
  const coord = walkFields(body, top[3].valueStart, top[3].end);
  t.equal(body.toString('utf8', coord[3].valueStart, coord[3].end), 'unknown-in-node', 'unknown node field kept');
  const decoded = decodeMessage(MetadataResponse, body);
  t.equal(decoded.tablet_servers[1].listeners, 'FLUSS://x:1');
  t.equal(decoded.table_metadata[0].table_json.toString(), '{"opaque":true}');
});

t.test('no change returns the same buffer', async (t) => {
  t.equal(
    rewriteMetadataServers(frame, () => undefined),
    frame,
  );
  t.equal(
    rewriteMetadataServers(frame, (n) => ({ host: n.host, port: n.port })),
    frame,
  );
  const err = errorResponseFrame(7, 7, "Table 'db.t' does not exist.");
  t.equal(
    rewriteMetadataServers(err, () => ({ host: 'x', port: 1 })),
    err,
  );
  t.same(collectMetadataServers(err), []);
});

t.test('only selected nodes change', async (t) => {
  const out = rewriteMetadataServers(frame, (n) => (n.nodeId === 2 ? { host: 'h2', port: 2 } : undefined));
  t.same(
    collectMetadataServers(out).map((n) => `${n.host}:${n.port}`),
    ['backend-1:9124', 'backend-c:9123', 'h2:2'],
  );
  // everything before the rewritten last field is byte-identical
  const before = frameBody(frame, readResponseHeader(frame));
  const after = frameBody(out, readResponseHeader(out));
  const lastStart = walkFields(before).at(-1)!.start;
  t.same(after.subarray(0, lastStart), before.subarray(0, lastStart));
});

t.test('malformed server node is refused', async (t) => {
  const bad = encodeResponseFrame(0, 1, new ProtoWriter().bytesField(1, new ProtoWriter().varintField(1, 0).finish()).finish());
  t.throws(() => rewriteMetadataServers(bad, () => ({ host: 'x', port: 1 })), /missing node_id, host or port/);
});

t.test('trimApiVersions drops entries by key, keeps the rest verbatim', async (t) => {
  const body = encodeMessage(ApiVersionsResponse, {
    api_versions: [
      { api_key: 1000, min_version: 0, max_version: 0 },
      { api_key: 1013, min_version: 0, max_version: 0 },
      { api_key: 1016, min_version: 0, max_version: 2 },
    ],
    server_type: 2,
  });
  const f = encodeResponseFrame(0, 0, body);
  const out = trimApiVersions(f, (k) => k !== 1013);
  const m = decodeMessage(ApiVersionsResponse, frameBody(out, readResponseHeader(out)));
  t.same(
    m.api_versions.map((a) => [a.api_key, a.max_version]),
    [
      [1000, 0],
      [1016, 2],
    ],
  );
  t.equal(m.server_type, 2);
  t.equal(
    trimApiVersions(f, () => true),
    f,
    'unchanged -> same buffer',
  );
});

t.test('filterResponseEntries on a string list', async (t) => {
  const f = encodeResponseFrame(0, 3, encodeMessage(ListTablesResponse, { table_name: ['a', 'secret', 'b'] }));
  const out = filterResponseEntries(f, 1, (e) => e.toString() !== 'secret');
  t.same(decodeMessage(ListTablesResponse, frameBody(out, readResponseHeader(out))).table_name, ['a', 'b']);
});
