/**
 * Fuzz target: the Fluss RPC frame (frame.ts): request and response headers (success, error,
 * server failure) on valid frames of every api key with a body from its descriptor, their
 * mutations (with and without a corrected length) and raw bytes; plus the ErrorResponse body.
 *
 * Crash: an exception other than FlussCodecError; a header that re-encodes to other bytes; a
 * body view outside the frame.
 */
import fc from 'fast-check';
import { FlussCodecError } from '../../src/protocol/fluss/codec-error.js';
import { encodeRequestFrame, encodeResponseFrame, encodeServerFailureFrame, frameBody, frameSize, readRequestHeader, readResponseHeader, ResponseType } from '../../src/protocol/fluss/frame.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { API_KEYS } from '../../src/protocol/fluss/api-keys.js';
import { API_MESSAGES } from '../../src/protocol/fluss/api-messages.js';
import { EmptyMessage } from '../../src/protocol/fluss/messages/admin.js';
import { encodedArb } from '../lib/fluss-arb.js';
import { applyMutations, fixSizePrefix, rawBytesArb, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

function checkRequest(frame: Buffer): void {
  frameSize(frame);
  const h = readRequestHeader(frame);
  const body = frameBody(frame, h);
  oracle(h.frameEnd <= frame.length && body.length === h.frameEnd - 12, 'request body view outside the frame');
  oracle(encodeRequestFrame(h.apiKey, h.apiVersion, h.requestId, body).equals(frame.subarray(0, h.frameEnd)), 'request header re-encodes differently');
}

function checkResponse(frame: Buffer): void {
  const h = readResponseHeader(frame);
  const body = frameBody(frame, h);
  oracle(h.frameEnd <= frame.length && h.bodyOffset <= h.frameEnd, 'response body view outside the frame');
  const again = h.type === ResponseType.SERVER_FAILURE ? encodeServerFailureFrame(body) : encodeResponseFrame(h.type, h.requestId ?? 0, body);
  oracle(again.equals(frame.subarray(0, h.frameEnd)), 'response header re-encodes differently');
  if (h.type !== ResponseType.SUCCESS) decodeErrorResponse(body);
}

const requestArb = fc.constantFrom(...API_KEYS).chain((info) => {
  const desc = API_MESSAGES.get(info.key)?.request ?? EmptyMessage;
  return fc.tuple(fc.integer({ min: info.minVersion, max: info.maxVersion }), fc.integer(), encodedArb(desc)).map(([v, id, body]) => encodeRequestFrame(info.key, v, id, body));
});
const responseArb = fc.constantFrom(...API_KEYS).chain((info) => {
  const desc = API_MESSAGES.get(info.key)?.response ?? EmptyMessage;
  return fc.tuple(fc.constantFrom(0, 1, 2), fc.integer(), encodedArb(desc)).map(([type, id, body]) => (type === 2 ? encodeServerFailureFrame(body) : encodeResponseFrame(type as 0 | 1, id, body)));
});

export const flussFrameTarget = target({
  name: 'fluss-frame',
  crash: 'request/response headers: exceptions other than FlussCodecError; headers that re-encode differently; body views outside the frame',
  arbitrary: fc.tuple(requestArb, responseArb, variantsArb(10), rawBytesArb),
  expected: (e) => e instanceof FlussCodecError,
  check([req, resp, variants, raw], probe) {
    probe(req, () => checkRequest(req));
    probe(resp, () => checkResponse(resp));
    variants.forEach((muts, i) => {
      const q = applyMutations(req, muts);
      const r = applyMutations(resp, muts);
      const fq = i % 2 === 0 ? fixSizePrefix(q) : q;
      const fr = i % 2 === 0 ? fixSizePrefix(r) : r;
      probe(fq, () => checkRequest(fq));
      probe(fr, () => checkResponse(fr));
    });
    const b = Buffer.from(raw);
    probe(b, () => checkRequest(b));
    probe(b, () => checkResponse(b));
  },
});
