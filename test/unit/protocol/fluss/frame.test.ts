/** Frame header edge cases beyond the golden frames. */
import t from 'tap';
import { readRequestHeader, readResponseHeader, encodeRequestFrame, frameSize, replaceResponseBody, encodeResponseFrame } from '../../../../src/protocol/fluss/frame.js';

t.test('negative and short lengths', async (t) => {
  t.throws(() => frameSize(Buffer.from('ffffffff', 'hex')), /negative/);
  t.throws(() => readRequestHeader(Buffer.from('00000004 03e80000'.replace(/ /g, ''), 'hex')), /shorter than its header/);
  t.throws(() => readResponseHeader(Buffer.from('00000000', 'hex')), /shorter than its header/);
  t.throws(() => readResponseHeader(Buffer.from('00000002 0000'.replace(/ /g, ''), 'hex')), /shorter than its header/);
  t.throws(() => readResponseHeader(Buffer.from('00000005 0700000001'.replace(/ /g, ''), 'hex')), /unknown response type 7/);
});

t.test('header integers are signed big-endian', async (t) => {
  const f = encodeRequestFrame(1012, 0, -2, Buffer.alloc(0));
  t.same(f, Buffer.from('00000008 03f4 0000 fffffffe'.replace(/ /g, ''), 'hex'));
  t.equal(readRequestHeader(f).requestId, -2);
  t.equal(readRequestHeader(f).frameEnd, 12);
});

t.test('replaceResponseBody keeps the header and fixes the length', async (t) => {
  const f = encodeResponseFrame(0, 9, Buffer.from('0801', 'hex'));
  const g = replaceResponseBody(f, readResponseHeader(f), Buffer.from('080208', 'hex').subarray(0, 2));
  t.same(g, Buffer.from('00000007 00 00000009 0802'.replace(/ /g, ''), 'hex'));
});
