// Bad input on the HTTP listener: every case gets the right 4xx, a log line with an SW_ERR_*
// code, and never reaches the backend (the test backend records everything it receives).
import t from 'tap';
import { startFlinkBackend, type FlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue, type HttpGateway } from '../../helpers/http/gateway.js';
import { basic, rawHttp } from '../../helpers/http/raw-http.js';
import { waitForLine } from '../../helpers/listener.js';
import type { AclEntry } from '../../../src/acl/types.js';

const ALICE = basic('alice', 'alice-secret');
const allowAll: AclEntry = { principal: 'User:alice', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' };

let backend: FlinkBackend;
let gw: HttpGateway;

t.before(async () => {
  backend = await startFlinkBackend();
  gw = await startHttpGateway({
    backendUrl: backend.url,
    users: { alice: 'alice-secret' },
    services: { flinkAcls: [allowAll] },
    limits: { maxHeaderBytes: 4096, headersTimeoutMs: 300, bodyIdleTimeoutMs: 300, maxBodyBytes: 1024 * 1024 },
  });
});
t.teardown(async () => {
  await gw.stop();
  await backend.close();
});

interface Case {
  name: string;
  send: string | string[];
  status: number;
  code: string;
  /** Paths that must never reach the backend (default: any request at all). */
  never?: string[];
  gapMs?: number;
}

const H = `Host: gw\r\nAuthorization: ${ALICE}\r\n`;
const CASES: Case[] = [
  { name: 'garbage request line', send: 'GARBAGE\r\n\r\n', status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'unknown HTTP version', send: `GET /jobs HTTP/9.9\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'bare LF line endings', send: 'GET /jobs HTTP/1.1\nHost: gw\n\n', status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'space in a header name', send: `GET /jobs HTTP/1.1\r\n${H}X Y: z\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'control character in a header value', send: `GET /jobs HTTP/1.1\r\n${H}X-A: a\x01b\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'obsolete line folding', send: `GET /jobs HTTP/1.1\r\n${H}X-A: a\r\n b\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'no Host on HTTP/1.1', send: `GET /jobs HTTP/1.1\r\nAuthorization: ${ALICE}\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'oversized headers', send: `GET /jobs HTTP/1.1\r\n${H}X-Big: ${'a'.repeat(8000)}\r\n\r\n`, status: 431, code: 'SW_ERR_HTTP_HEADERS_TOO_LARGE' },
  {
    name: 'Content-Length with Transfer-Encoding (CL.TE)',
    send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /jobmanager/config HTTP/1.1\r\nHost: gw\r\n\r\n`,
    status: 400,
    code: 'SW_ERR_HTTP_SMUGGLING',
    never: ['/jars/upload', '/jobmanager/config'],
  },
  {
    name: 'Transfer-Encoding then Content-Length (TE.CL)',
    send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n5c\r\nGET /jobmanager/config HTTP/1.1\r\n\r\n0\r\n\r\n`,
    status: 400,
    code: 'SW_ERR_HTTP_SMUGGLING',
    never: ['/jars/upload', '/jobmanager/config'],
  },
  { name: 'duplicate Content-Length, same value', send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  { name: 'duplicate Content-Length, different values', send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: 4\r\nContent-Length: 40\r\n\r\nabcd`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  { name: 'Content-Length list', send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: 4, 4\r\n\r\nabcd`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  { name: 'Transfer-Encoding other than chunked last', send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  { name: 'Transfer-Encoding gzip, chunked', send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  {
    name: 'duplicate Transfer-Encoding',
    send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
    code: 'SW_ERR_HTTP_SMUGGLING',
  },
  { name: 'space before the colon of Transfer-Encoding', send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'two Host headers', send: `GET /jobs HTTP/1.1\r\n${H}Host: other\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_SMUGGLING' },
  {
    name: 'a request pipelined behind a refused one (two Hosts) is dropped',
    send: `GET /jobs HTTP/1.1\r\n${H}Host: other\r\n\r\nGET /jobmanager/config HTTP/1.1\r\n${H}\r\n`,
    status: 400,
    code: 'SW_ERR_HTTP_SMUGGLING',
    never: ['/jobs', '/jobmanager/config'],
  },
  {
    name: 'a request pipelined behind a refused path is dropped',
    send: `GET /jobs/../x HTTP/1.1\r\n${H}\r\nGET /jobmanager/config HTTP/1.1\r\n${H}\r\n`,
    status: 400,
    code: 'SW_ERR_HTTP_BAD_PATH',
    never: ['/jobmanager/config'],
  },
  {
    name: 'a request pipelined behind a refused upload body is dropped',
    send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: ${2 * 1024 * 1024}\r\n\r\nabcd\r\n\r\nGET /jobmanager/config HTTP/1.1\r\n${H}\r\n`,
    status: 413,
    code: 'SW_ERR_HTTP_BODY_TOO_LARGE',
    never: ['/jars/upload', '/jobmanager/config'],
  },
  { name: 'bad chunk size', send: `POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\nzz\r\nabcd\r\n0\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_REQUEST', never: [] },
  { name: 'absolute-form target', send: `GET http://evil.example/overview HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'dot-dot segment', send: `GET /jobs/../jobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'encoded dot-dot segment', send: `GET /jobs/%2e%2E/jobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'dot segment', send: `GET /./jobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'encoded slash', send: `POST /jars%2Fupload HTTP/1.1\r\n${H}Content-Length: 0\r\n\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'encoded backslash', send: `GET /jobs%5C..%5Cjobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'raw backslash', send: `GET /jobs\\..\\jobmanager\\config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'double-encoded dot-dot', send: `GET /jobs/%252e%252e/jobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'double slash', send: `GET //jobmanager/config HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'empty segment inside', send: `GET /jobs//overview HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'path parameter', send: `GET /jobs;x=1/overview HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'encoded NUL', send: `GET /overview%00.js HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'broken percent escape', send: `GET /overview%zz HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'fragment in target', send: `GET /overview#x HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'raw NUL in target', send: `GET /overview\x00 HTTP/1.1\r\n${H}\r\n`, status: 400, code: 'SW_ERR_HTTP_BAD_PATH' },
  { name: 'CONNECT', send: `CONNECT 127.0.0.1:22 HTTP/1.1\r\n${H}\r\n`, status: 405, code: 'SW_ERR_HTTP_METHOD' },
  { name: 'TRACE', send: `TRACE /overview HTTP/1.1\r\n${H}\r\n`, status: 405, code: 'SW_ERR_HTTP_METHOD' },
  { name: 'Expect other than 100-continue', send: `POST /jars/upload HTTP/1.1\r\n${H}Expect: 200-ok\r\nContent-Length: 2\r\n\r\nab`, status: 417, code: 'SW_ERR_HTTP_BAD_REQUEST' },
  { name: 'declared body over the limit', send: `POST /jars/upload HTTP/1.1\r\n${H}Content-Length: ${2 * 1024 * 1024}\r\n\r\nabcd`, status: 413, code: 'SW_ERR_HTTP_BODY_TOO_LARGE' },
  { name: 'head arriving too slowly', send: ['GET /jobs HTTP/1.1\r\n', 'Host: gw\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n'], gapMs: 200, status: 408, code: 'SW_ERR_HTTP_REQUEST_TIMEOUT' },
];

for (const c of CASES) {
  t.test(c.name, async (t) => {
    const before = backend.requests.length;
    const linesBefore = gw.lines.length;
    const r = await rawHttp(gw.port, c.send, { gapMs: c.gapMs, timeoutMs: 3000 });
    t.equal(r.status, c.status, `status (got: ${JSON.stringify(r.text.slice(0, 120))})`);
    t.ok(r.closed, 'connection closed after the refusal');
    t.match(JSON.parse(r.body || '{}'), { errors: [String] }, 'Flink error body');
    const line = await waitForLine(gw.lines, (l) => gw.lines.indexOf(l) >= linesBefore && l.err === c.code);
    t.equal(line.err, c.code);
    if (c.never) for (const p of c.never) t.equal(backend.seen(p).length, 0, `${p} never reached the backend`);
    else t.equal(backend.requests.length, before, 'nothing reached the backend');
  });
}

t.test('a body arriving too slowly -> 408, and the backend never gets a complete body', async (t) => {
  const before = await metricValue(gw.metrics, 'streamward_frame_errors_total', { code: 'SW_ERR_HTTP_REQUEST_TIMEOUT' });
  const r = await rawHttp(gw.port, [`POST /jars/upload HTTP/1.1\r\n${H}Content-Length: 100\r\n\r\n`, 'abcdefghij'], { gapMs: 50, timeoutMs: 3000 });
  t.equal(r.status, 408);
  t.ok(r.closed);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HTTP_REQUEST_TIMEOUT' && l.path === '/jars/upload');
  t.equal(await metricValue(gw.metrics, 'streamward_frame_errors_total', { code: 'SW_ERR_HTTP_REQUEST_TIMEOUT' }), before + 1);
  for (const seen of backend.seen('/jars/upload')) t.notOk(seen.complete, 'no complete upload at the backend');
});

t.test('a chunked body growing past the limit -> 413, the backend never gets it whole', async (t) => {
  const chunk = Buffer.alloc(256 * 1024, 0x62);
  const pieces: Array<string | Buffer> = [`POST /jars/upload HTTP/1.1\r\n${H}Transfer-Encoding: chunked\r\n\r\n`];
  for (let i = 0; i < 8; i++) pieces.push(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
  pieces.push('0\r\n\r\n');
  const r = await rawHttp(gw.port, pieces, { gapMs: 5, timeoutMs: 3000 });
  t.equal(r.status, 413);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HTTP_BODY_TOO_LARGE' && l.status === 413);
  for (const seen of backend.seen('/jars/upload')) t.notOk(seen.complete, 'no complete upload at the backend');
});

t.test('TLS on the plaintext port is refused and logged', async (t) => {
  const r = await rawHttp(gw.port, [], { tls: {}, timeoutMs: 2000 });
  t.equal(r.status, 0);
  t.ok(r.closed);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_TLS_ON_PLAIN_PORT');
});
