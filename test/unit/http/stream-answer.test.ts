// streamAnswer(): one request through an undici Pool with a dispatch handler, the answer written
// straight into the client response. Resolves with status and timing when the client response
// finished; a client that goes away mid-answer aborts the backend request (cut, 499); a backend
// that cannot be reached rejects before anything was written (the caller answers 502); bodies of
// any size arrive whole; the head is rewritten (hop-by-hop dropped, backend address replaced).
import http from 'node:http';
import type net from 'node:net';
import t, { type Test } from 'tap';
import { Pool, request } from 'undici';
import { failureForBackendError } from '../../../src/http/backend.js';
import { AddressRewriter } from '../../../src/http/headers.js';
import { streamAnswer, type StreamOutcome } from '../../../src/http/stream-answer.js';

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

/** A gateway in miniature: every request goes through streamAnswer to `backendUrl`. */
async function front(t: Test, backendUrl: string) {
  const pool = new Pool(backendUrl, { connections: 2, pipelining: 1 });
  const rewriter = new AddressRewriter(backendUrl, 'http://gw.example:8080');
  const outcomes: Array<StreamOutcome | Error> = [];
  const server = http.createServer((req, res) => {
    streamAnswer(pool, res, { path: req.url ?? '/', method: req.method ?? 'GET', headers: ['host', new URL(backendUrl).host], body: null, failureFor: failureForBackendError }, rewriter).then(
      (o) => outcomes.push(o),
      (e: Error) => {
        outcomes.push(e);
        res.writeHead(502).end('gateway answer');
      },
    );
  });
  const url = await listen(server);
  t.teardown(async () => {
    server.closeAllConnections();
    server.close();
    await pool.destroy();
  });
  return { url, outcomes };
}

t.test('an answer of any size arrives whole, its head rewritten', async (t) => {
  const big = Buffer.alloc(3 * 1024 * 1024, 7);
  const backend = http.createServer((req, res) => {
    if (req.url === '/big') return void res.end(big);
    res.writeHead(201, { 'content-type': 'application/json', location: `http://127.0.0.1:${(backend.address() as net.AddressInfo).port}/jobs/1`, 'proxy-authenticate': 'Basic' });
    res.end('{"ok":true}');
  });
  const backendUrl = await listen(backend);
  t.teardown(() => backend.close());
  const gw = await front(t, backendUrl);
  const small = await request(`${gw.url}/jobs`);
  t.equal(small.statusCode, 201);
  t.equal(await small.body.text(), '{"ok":true}');
  t.equal(small.headers.location, 'http://gw.example:8080/jobs/1', 'backend address replaced');
  t.equal(small.headers['proxy-authenticate'], undefined, 'hop-by-hop header dropped');
  const large = await request(`${gw.url}/big`);
  t.same(Buffer.from(await large.body.arrayBuffer()), big);
  const o = gw.outcomes[0] as StreamOutcome;
  t.equal(o.status, 201);
  t.ok(o.upstreamSeconds >= 0 && o.upstreamSeconds < 10);
  t.equal(o.cut, undefined);
});

t.test('a client gone mid-answer aborts the backend request and is reported as a cut', async (t) => {
  let backendAborted: () => void = () => {};
  const aborted = new Promise<void>((r) => (backendAborted = r));
  const backend = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    const timer = setInterval(() => res.write('x'.repeat(1024)), 10);
    res.on('close', () => {
      clearInterval(timer);
      backendAborted();
    });
  });
  const backendUrl = await listen(backend);
  t.teardown(() => backend.close());
  const gw = await front(t, backendUrl);
  const { hostname, port } = new URL(gw.url);
  await new Promise<void>((resolve) => {
    const req = http.get({ hostname, port, path: '/stream' }, (res) => {
      res.once('data', () => {
        req.destroy();
        resolve();
      });
    });
    req.on('error', () => {});
  });
  await aborted;
  t.pass('the backend saw its request end');
  while (gw.outcomes.length === 0) await new Promise((r) => setTimeout(r, 10));
  t.match(gw.outcomes[0], { status: 200, cut: { code: 'SW_ERR_CLIENT_CLOSED_MID_REQUEST', status: 499 } });
});

t.test('a backend that cannot be reached rejects before anything is written', async (t) => {
  const closed = http.createServer();
  const backendUrl = await listen(closed);
  await new Promise((r) => closed.close(r));
  const gw = await front(t, backendUrl);
  const r = await request(`${gw.url}/jobs`);
  t.equal(r.statusCode, 502);
  t.equal(await r.body.text(), 'gateway answer', 'the caller answered: nothing had been written');
  t.match(gw.outcomes[0], { code: 'SW_ERR_UPSTREAM_UNREACHABLE', status: 502 });
});
