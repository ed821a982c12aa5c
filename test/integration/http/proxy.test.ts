// Forwarding through the HTTP listener: headers both ways, keep-alive, address rewriting,
// canonical paths, backend down (502) and slow (504), response streaming.
import t from 'tap';
import { Client, request } from 'undici';
import { startFlinkBackend, JOB_ID } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue } from '../../helpers/http/gateway.js';
import { basic, rawHttp } from '../../helpers/http/raw-http.js';
import { waitForLine } from '../../helpers/listener.js';
import type { AclEntry } from '../../../src/acl/types.js';

const allowAll = (principal: string): AclEntry => ({ principal, host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' });
const ALICE = basic('alice', 'alice-secret');

t.test('forwarding', async (t) => {
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: [allowAll('User:alice')] }, limits: { upstreamHeadersTimeoutMs: 400 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });

  t.test('a request and its answer, with forwarding headers and without the client credentials', async (t) => {
    const res = await request(`${gw.url}/overview`, { headers: { authorization: ALICE, 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6', 'x-custom': 'kept' } });
    t.equal(res.statusCode, 200);
    t.equal(((await res.body.json()) as Record<string, unknown>)['flink-version'], '1.20.0');
    const seen = backend.seen('/overview').at(-1);
    t.ok(seen);
    t.equal(seen?.headers['x-forwarded-for'], '127.0.0.1', 'client IP, the made-up value dropped');
    t.equal(seen?.headers['x-forwarded-proto'], 'http');
    t.equal(seen?.headers['x-forwarded-host'], `127.0.0.1:${gw.port}`);
    t.equal(seen?.headers.host, `127.0.0.1:${backend.port}`);
    t.equal(seen?.headers.forwarded, undefined);
    t.equal(seen?.headers.authorization, undefined, 'Basic credentials are for the gateway only');
    t.equal(seen?.headers['x-custom'], 'kept');
  });

  t.test('hop-by-hop headers and the names Connection lists are not forwarded', async (t) => {
    const r = await rawHttp(
      gw.port,
      `GET /jobs/overview HTTP/1.1\r\nHost: gw\r\nAuthorization: ${ALICE}\r\nConnection: keep-alive, X-Hop\r\nX-Hop: secret\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\nUpgrade: h2c\r\nProxy-Authorization: Basic eDp5\r\nX-End: ok\r\n\r\n`,
      { timeoutMs: 1000 },
    );
    t.equal(r.status, 200);
    const seen = backend.seen('/jobs/overview').at(-1);
    for (const h of ['x-hop', 'keep-alive', 'te', 'upgrade', 'proxy-authorization']) t.equal(seen?.headers[h], undefined, `${h} dropped`);
    t.equal(seen?.headers['x-end'], 'ok');
  });

  t.test('keep-alive: several requests share one client connection', async (t) => {
    const before = await metricValue(gw.metrics, 'streamward_connections_accepted_total', { listener: 'flink-ui' });
    const client = new Client(gw.url, { pipelining: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await client.request({ path: '/jobs', method: 'GET', headers: { authorization: ALICE } });
      t.equal(res.statusCode, 200);
      await res.body.text();
    }
    await client.close();
    t.equal(await metricValue(gw.metrics, 'streamward_connections_accepted_total', { listener: 'flink-ui' }), before + 1);
  });

  t.test('the backend address never reaches the client', async (t) => {
    const res = await request(`${gw.url}/jobs?sw-redirect=1`, { headers: { authorization: ALICE } });
    t.equal(res.statusCode, 302);
    await res.body.text();
    t.equal(res.headers.location, `http://127.0.0.1:${gw.port}/jobs/${JOB_ID}`);
    t.equal(res.headers['content-location'], `http://127.0.0.1:${gw.port}/jobs`);
    t.equal(res.headers.link, `<http://127.0.0.1:${gw.port}/overview>; rel="related"`);
    t.equal(res.headers['x-upstream'], `127.0.0.1:${gw.port}`);
    t.notOk(JSON.stringify(res.headers).includes(`:${backend.port}`), 'no header names the backend port');
  });

  t.test('the path forwarded is the canonical one that was matched', async (t) => {
    const res = await request(`${gw.url}/v1/%6Fverview/`, { headers: { authorization: ALICE } });
    t.equal(res.statusCode, 200);
    await res.body.text();
    t.equal(backend.seen('/v1/overview').length, 1);
  });

  t.test('response bodies stream through', async (t) => {
    const size = 20 * 1024 * 1024;
    const res = await request(`${gw.url}/jobs?sw-bytes=${size}`, { headers: { authorization: ALICE } });
    let n = 0;
    for await (const c of res.body) n += (c as Buffer).length;
    t.equal(n, size);
  });

  t.test('slow backend -> 504 with a Flink error body and a log line', async (t) => {
    const res = await request(`${gw.url}/jobs/overview?sw-delay-ms=3000`, { headers: { authorization: ALICE } });
    t.equal(res.statusCode, 504);
    const body = (await res.body.json()) as { errors: string[] };
    t.match(body.errors[0], /did not answer in time/);
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HTTP_UPSTREAM_TIMEOUT' && l.status === 504);
    t.equal(await metricValue(gw.metrics, 'streamward_upstream_errors_total', { code: 'SW_ERR_HTTP_UPSTREAM_TIMEOUT' }), 1);
  });
});

t.test('backend down -> 502 with a clear body and a log line', async (t) => {
  const backend = await startFlinkBackend();
  const url = backend.url;
  await backend.close();
  const gw = await startHttpGateway({ backendUrl: url, users: { alice: 'alice-secret' }, services: { flinkAcls: [allowAll('User:alice')] } });
  t.teardown(() => gw.stop());
  const res = await request(`${gw.url}/jobs`, { headers: { authorization: ALICE } });
  t.equal(res.statusCode, 502);
  t.equal(res.headers['content-type'], 'application/json; charset=UTF-8');
  t.same(await res.body.json(), { errors: ['could not connect to the backend: backend is not reachable'] });
  const line = await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_UPSTREAM_UNREACHABLE');
  t.equal(line.status, 502);
  t.equal(line.path, '/jobs');
  t.equal(await metricValue(gw.metrics, 'streamward_upstream_errors_total', { code: 'SW_ERR_UPSTREAM_UNREACHABLE' }), 1);
});
