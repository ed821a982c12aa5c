/**
 * Attack: request targets built to make the path canonicaliser work hard (thousands of `a/`
 * segments, a segment of escapes, a target far over any real route) and heads with thousands of
 * header fields, against a running HTTP listener with a raised head limit. Each is refused with
 * 414 / 400 / 431 and one SW_ERR_* line, and never reaches Flink.
 */
import t from 'tap';
import { startFlinkBackend, type FlinkBackend } from '../../testkit/http/flink-backend.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http/gateway.js';
import { basic, rawHttp } from '../helpers/http/raw-http.js';
import { waitForLine } from '../helpers/listener.js';

let backend: FlinkBackend;
let gw: HttpGateway;
const H = `Host: gw\r\nAuthorization: ${basic('alice', 'alice-secret')}\r\n`;

t.before(async () => {
  backend = await startFlinkBackend();
  gw = await startHttpGateway({
    backendUrl: backend.url,
    users: { alice: 'alice-secret' },
    limits: { maxHeaderBytes: 256 * 1024 },
  });
});
t.teardown(async () => {
  await gw.stop();
  await backend.close();
});

const CASES = [
  { name: '60,000 one-letter segments', target: '/' + 'a/'.repeat(60_000) + 'x.js', status: 414, code: 'SW_ERR_HTTP_URI_TOO_LONG' },
  { name: '40 segments within the length limit', target: '/' + 'a/'.repeat(40) + 'x.js', status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'one segment of 1,300 escapes', target: '/assets/' + '%41'.repeat(1300), status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
];

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const before = backend.requests.length;
    const linesBefore = gw.lines.length;
    const r = await rawHttp(gw.port, `GET ${c.target} HTTP/1.1\r\n${H}\r\n`, { timeoutMs: 5000 });
    t.equal(r.status, c.status, `status (got ${JSON.stringify(r.text.slice(0, 80))})`);
    const line = await waitForLine(gw.lines, (l) => gw.lines.indexOf(l) >= linesBefore && l.err === c.code);
    t.equal(line.err, c.code, 'one SW_ERR line');
    t.equal(backend.requests.length, before, 'nothing reached the backend');
  });
}

t.test('5,000 header fields', async (t) => {
  const before = backend.requests.length;
  const extra = Array.from({ length: 5000 }, (_, i) => `X-${i}: v\r\n`).join('');
  const r = await rawHttp(gw.port, `GET /overview HTTP/1.1\r\n${H}${extra}\r\n`, { timeoutMs: 5000 });
  t.equal(r.status, 431);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HTTP_HEADERS_TOO_LARGE');
  t.equal(backend.requests.length, before, 'nothing reached the backend');
});
