// Found by fuzzing (fuzz/targets/fluss-rewrite.ts, FUZZING.md): a PbApiVersion entry carrying
// its api_key field twice was judged by the FIRST value, while protobuf readers (the Fluss Java
// client, and our own decodeMessage) take the LAST one. A backend answer could so keep an api the
// gateway refuses in the list the client sees. trimApiVersions must decide on the value a client
// will read.
import t from 'tap';
import { encodeResponseFrame, frameBody, readResponseHeader } from '../../../../src/protocol/fluss/frame.js';
import { trimApiVersions } from '../../../../src/protocol/fluss/rewrite.js';
import { decodeMessage, ProtoWriter } from '../../../../src/protocol/fluss/index.js';
import { ApiVersionsResponse } from '../../../../src/protocol/fluss/messages/handshake.js';

function entry(...keys: number[]): Buffer {
  const w = new ProtoWriter();
  for (const k of keys) w.varintField(1, k);
  return w.varintField(2, 0).varintField(3, 0).finish();
}

t.test('an entry whose api_key is written twice is judged by its last value', async (t) => {
  const body = new ProtoWriter().bytesField(1, entry(1000, 1013)).bytesField(1, entry(1001)).finish();
  const frame = encodeResponseFrame(0, 5, body);
  const out = trimApiVersions(frame, (k) => k !== 1013);
  const seen = decodeMessage(ApiVersionsResponse, frameBody(out, readResponseHeader(out))).api_versions.map((v) => v.api_key);
  t.same(seen, [1001], 'the entry a client reads as 1013 is gone');
  const kept = trimApiVersions(frame, (k) => k !== 1000);
  t.same(
    decodeMessage(ApiVersionsResponse, frameBody(kept, readResponseHeader(kept))).api_versions.map((v) => v.api_key),
    [1013, 1001],
    'and it is kept when 1013 is allowed',
  );
});
