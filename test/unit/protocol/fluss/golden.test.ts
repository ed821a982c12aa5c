/**
 * Golden Fluss frames: the codec must produce the exact wire bytes and read them back, whether
 * the bytes arrive whole, one at a time, or followed by unrelated trailing bytes.
 */
import t, { type Test } from 'tap';
import { encodeRequestFrame, encodeResponseFrame, readRequestHeader, readResponseHeader, frameBody, frameSize } from '../../../../src/protocol/fluss/frame.js';
import { encodeMessage, decodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { ApiVersionsRequest, AuthenticateRequest, AuthenticateResponse } from '../../../../src/protocol/fluss/messages/handshake.js';
import { errorResponseFrame, decodeErrorResponse } from '../../../../src/protocol/fluss/error-response.js';
import { API_VERSIONS_REQUEST, AUTHENTICATE_REQUEST, AUTHENTICATE_SUCCESS_RESPONSE, AUTHENTICATE_FAILURE_RESPONSE } from '../../../fixtures/fluss/golden-frames.js';

/** A tiny length-prefix accumulator (the gateway's real framer lives elsewhere). */
function accumulate(tt: Test, chunks: Buffer[]): Buffer[] {
  let pending = Buffer.alloc(0);
  const frames: Buffer[] = [];
  for (const c of chunks) {
    pending = Buffer.concat([pending, c]);
    for (;;) {
      const size = frameSize(pending);
      if (size === undefined || pending.length < size) break;
      frames.push(pending.subarray(0, size));
      pending = pending.subarray(size);
    }
  }
  tt.equal(pending.length, 0, 'no bytes left over');
  return frames;
}

function oneByteAtATime(b: Buffer): Buffer[] {
  return [...b].map((x) => Buffer.from([x]));
}

const garbage = Buffer.from('deadbeef00ff', 'hex');

t.test('ApiVersions request', async (t) => {
  const g = API_VERSIONS_REQUEST;
  const body = encodeMessage(ApiVersionsRequest, g.body);
  t.same(encodeRequestFrame(g.apiKey, g.apiVersion, g.requestId, body), g.bytes, 'encoder produces the golden bytes');
  for (const [label, frame] of [
    ['whole', g.bytes],
    ['byte by byte', accumulate(t, oneByteAtATime(g.bytes))[0]],
    ['trailing garbage', Buffer.concat([g.bytes, garbage])],
  ] as const) {
    const h = readRequestHeader(frame);
    t.same([h.apiKey, h.apiVersion, h.requestId, h.frameEnd], [1000, 0, 0, 26], `${label}: header`);
    t.same(decodeMessage(ApiVersionsRequest, frameBody(frame, h)), g.body, `${label}: body`);
  }
});

t.test('AUTHENTICATE request', async (t) => {
  const g = AUTHENTICATE_REQUEST;
  const body = encodeMessage(AuthenticateRequest, g.body);
  t.same(encodeRequestFrame(g.apiKey, g.apiVersion, g.requestId, body), g.bytes);
  for (const frame of [g.bytes, accumulate(t, oneByteAtATime(g.bytes))[0], Buffer.concat([g.bytes, garbage])]) {
    const h = readRequestHeader(frame);
    t.same([h.apiKey, h.apiVersion, h.requestId], [1038, 0, 1]);
    const m = decodeMessage(AuthenticateRequest, frameBody(frame, h));
    t.equal(m.protocol, 'PLAIN');
    t.same(m.token, g.body.token);
  }
});

t.test('AUTHENTICATE success response (empty challenge present)', async (t) => {
  const g = AUTHENTICATE_SUCCESS_RESPONSE;
  t.same(encodeResponseFrame(0, 1, encodeMessage(AuthenticateResponse, g.body)), g.bytes);
  for (const frame of [g.bytes, accumulate(t, oneByteAtATime(g.bytes))[0], Buffer.concat([g.bytes, garbage])]) {
    const h = readResponseHeader(frame);
    t.same([h.type, h.requestId, h.frameEnd], [0, 1, 11]);
    const m = decodeMessage(AuthenticateResponse, frameBody(frame, h));
    t.ok(m.challenge, 'challenge is present');
    t.equal(m.challenge?.length, 0, 'and empty');
  }
  // Without the challenge the body is empty: distinct bytes.
  t.same(encodeMessage(AuthenticateResponse, {}), Buffer.alloc(0));
});

t.test('authentication failure response', async (t) => {
  const g = AUTHENTICATE_FAILURE_RESPONSE;
  t.same(errorResponseFrame(1, g.error.code, g.error.message), g.bytes);
  for (const frame of [g.bytes, accumulate(t, oneByteAtATime(g.bytes))[0], Buffer.concat([g.bytes, garbage])]) {
    const h = readResponseHeader(frame);
    t.same([h.type, h.requestId, h.frameEnd], [1, 1, 64]);
    t.same(decodeErrorResponse(frameBody(frame, h)), g.error);
  }
});

t.test('all four golden frames back to back, one byte at a time', async (t) => {
  const all = [API_VERSIONS_REQUEST, AUTHENTICATE_REQUEST, AUTHENTICATE_SUCCESS_RESPONSE, AUTHENTICATE_FAILURE_RESPONSE].map((g) => g.bytes);
  const frames = accumulate(t, oneByteAtATime(Buffer.concat(all)));
  t.equal(frames.length, 4);
  frames.forEach((f, i) => t.same(f, all[i]));
});

t.test('incomplete frames are refused', async (t) => {
  const g = API_VERSIONS_REQUEST.bytes;
  t.throws(() => readRequestHeader(g.subarray(0, g.length - 1)), /incomplete/);
  t.throws(() => readResponseHeader(AUTHENTICATE_SUCCESS_RESPONSE.bytes.subarray(0, 3)), /length prefix/);
  t.equal(frameSize(g.subarray(0, 3)), undefined);
});
