// Message framing and Host checks beyond Node's parser.
import t from 'tap';
import { guardRequestHead } from '../../../src/http/request-guard.js';
import { isHttpFailure } from '../../../src/http/errors.js';

const head = (rawHeaders: string[], method = 'POST', httpVersion = '1.1') => ({ method, httpVersion, rawHeaders });
function refusal(h: ReturnType<typeof head>): string | null {
  try {
    guardRequestHead(h);
    return null;
  } catch (e) {
    return isHttpFailure(e) ? `${e.status} ${e.code}` : 'other';
  }
}

t.test('accepted heads', async (t) => {
  t.same(guardRequestHead(head(['Host', 'gw:8443'], 'GET')), { hasBody: false, contentLength: null, host: 'gw:8443', expectContinue: false });
  t.same(guardRequestHead(head(['Host', 'gw', 'Content-Length', '12'])), { hasBody: true, contentLength: 12, host: 'gw', expectContinue: false });
  t.same(guardRequestHead(head(['Host', 'gw', 'Content-Length', '0'])), { hasBody: false, contentLength: 0, host: 'gw', expectContinue: false });
  t.same(guardRequestHead(head(['host', '[::1]:1', 'transfer-encoding', 'Chunked', 'Expect', '100-continue'])), { hasBody: true, contentLength: null, host: '[::1]:1', expectContinue: true });
  t.same(guardRequestHead(head([], 'GET', '1.0')), { hasBody: false, contentLength: null, host: '', expectContinue: false });
});

t.test('refused heads', async (t) => {
  t.equal(refusal(head(['Host', 'a', 'Content-Length', '1', 'content-length', '1'])), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Content-Length', '1', 'Transfer-Encoding', 'chunked'])), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Transfer-Encoding', 'chunked', 'Transfer-Encoding', 'chunked'])), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Transfer-Encoding', 'gzip, chunked'])), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Transfer-Encoding', 'chunked'], 'POST', '1.0')), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Content-Length', '+1'])), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head(['Host', 'a', 'Host', 'b'], 'GET')), '400 SW_ERR_HTTP_SMUGGLING');
  t.equal(refusal(head([], 'GET')), '400 SW_ERR_HTTP_BAD_REQUEST');
  t.equal(refusal(head(['Host', 'a b'], 'GET')), '400 SW_ERR_HTTP_BAD_REQUEST');
  t.equal(refusal(head(['Host', 'a/b'], 'GET')), '400 SW_ERR_HTTP_BAD_REQUEST');
  t.equal(refusal(head(['Host', 'a', 'Expect', 'later'])), '417 SW_ERR_HTTP_BAD_REQUEST');
  t.equal(refusal(head(['Host', 'a'], 'TRACE')), '405 SW_ERR_HTTP_METHOD');
  t.equal(refusal(head(['Host', 'a'], 'CONNECT')), '405 SW_ERR_HTTP_METHOD');
  t.equal(refusal(head(['Host', 'a'], 'PRI', '2.0')), '405 SW_ERR_HTTP_METHOD');
  t.equal(refusal(head(['Host', 'a'], 'GET', '2.0')), '400 SW_ERR_HTTP_BAD_REQUEST');
});
