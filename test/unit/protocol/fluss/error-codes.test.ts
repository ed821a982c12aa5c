/** Fluss error codes and the ErrorResponse wire rule. */
import t from 'tap';
import { FLUSS_ERRORS, FlussError, errorInfo, errorName, defaultErrorMessage, wireErrorMessage } from '../../../../src/protocol/fluss/error-codes.js';
import { errorResponseFrame, serverFailureFrame, decodeErrorResponse } from '../../../../src/protocol/fluss/error-response.js';
import { readResponseHeader, frameBody } from '../../../../src/protocol/fluss/frame.js';

t.test('table', async (t) => {
  t.equal(FLUSS_ERRORS.length, 75);
  t.same(
    FLUSS_ERRORS.map((e) => e.code),
    [-1, ...Array.from({ length: 74 }, (_, i) => i)],
  );
  for (const [name, code] of Object.entries(FlussError)) t.equal(errorInfo(code)?.name, name, name);
  t.equal(defaultErrorMessage(46), 'Authentication failed.');
  t.equal(defaultErrorMessage(48), 'Authorization failed');
  t.equal(defaultErrorMessage(47), 'Security is disabled.');
  t.equal(defaultErrorMessage(0), undefined);
  t.equal(errorName(12), 'NOT_LEADER_OR_FOLLOWER');
  t.equal(errorName(999), 'UNKNOWN_ERROR_CODE(999)');
});

t.test('message omitted when it equals the default', async (t) => {
  t.equal(wireErrorMessage(7, 'The table does not exist.'), undefined);
  t.equal(wireErrorMessage(7, "Table 'db.t' does not exist."), "Table 'db.t' does not exist.");
  const f = errorResponseFrame(5, 48, 'Authorization failed');
  t.same(f, Buffer.from('0000000701000000050830', 'hex'));
  const h = readResponseHeader(f);
  t.same(decodeErrorResponse(frameBody(f, h)), { code: 48 });
});

t.test('server failure frames carry no request id', async (t) => {
  const f = serverFailureFrame(-1, 'boom');
  t.same(f, Buffer.concat([Buffer.from('00000012 02 08ffffffffffffffffff01 1204'.replace(/ /g, ''), 'hex'), Buffer.from('boom')]));
  const h = readResponseHeader(f);
  t.equal(h.type, 2);
  t.equal(h.requestId, undefined);
  t.same(decodeErrorResponse(frameBody(f, h)), { code: -1, message: 'boom' });
});
