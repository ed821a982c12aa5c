// Connection limits, a backend that stalls mid-response, and drain: in-flight requests finish,
// new connections are refused, everything closes.
import t from 'tap';
import net from 'node:net';
import { request } from 'undici';
import { startFlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue } from '../../helpers/http/gateway.js';
import { basic, rawHttp } from '../../helpers/http/raw-http.js';
import { waitForLine } from '../../helpers/listener.js';
import type { AclEntry } from '../../../src/acl/types.js';

const ALICE = basic('alice', 'alice-secret');
const acl: AclEntry = { principal: 'User:alice', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' };

t.test('connections over maxConnections are refused and logged', async (t) => {
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: [acl] }, limits: { maxConnections: 2 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const held = await Promise.all(
    [0, 1].map(
      () =>
        new Promise<net.Socket>((r) => {
          const s = net.connect(gw.port, '127.0.0.1', () => r(s));
        }),
    ),
  );
  await new Promise((r) => setTimeout(r, 50));
  const third = await rawHttp(gw.port, `GET /jobs HTTP/1.1\r\nHost: gw\r\nAuthorization: ${ALICE}\r\n\r\n`, { timeoutMs: 1000 });
  t.equal(third.status, 0);
  t.ok(third.closed);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_MAX_CONNECTIONS');
  for (const s of held) s.destroy();
});

t.test('a backend stalling mid-response: the client connection is cut and the cut is logged', async (t) => {
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: [acl] }, limits: { upstreamBodyTimeoutMs: 300 } });
  t.teardown(async () => {
    await gw.stop();
    await backend.close();
  });
  const r = await rawHttp(gw.port, `GET /jobs?sw-stall-ms=3000 HTTP/1.1\r\nHost: gw\r\nAuthorization: ${ALICE}\r\n\r\n`, { timeoutMs: 2500 });
  t.equal(r.status, 200, 'the head had been sent');
  t.ok(r.closed, 'then the connection was cut instead of hanging');
  t.notOk(r.text.endsWith('0\r\n\r\n'), 'the chunked body was not completed (the client can tell)');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_HTTP_UPSTREAM_TIMEOUT' && l.msg === 'http response cut short');
  t.equal(await metricValue(gw.metrics, 'streamward_upstream_errors_total', { code: 'SW_ERR_HTTP_UPSTREAM_TIMEOUT' }), 1);
});

t.test('drain: the request in flight completes, new connections are refused', async (t) => {
  const backend = await startFlinkBackend();
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: [acl] } });
  t.teardown(() => backend.close());
  const slow = request(`${gw.url}/jobs/overview?sw-delay-ms=400`, { headers: { authorization: ALICE } });
  await new Promise((r) => setTimeout(r, 100));
  const drained = gw.listener.drain(3000);
  await new Promise((r) => setTimeout(r, 50));
  const refused = await new Promise<string>((resolve) => {
    const s = net.connect(gw.port, '127.0.0.1');
    s.on('error', (e: Error & { code?: string }) => resolve(e.code ?? 'error'));
    s.on('connect', () => resolve('connected'));
  });
  t.equal(refused, 'ECONNREFUSED');
  const res = await slow;
  t.equal(res.statusCode, 200);
  t.match(await res.body.json(), { jobs: [] });
  t.equal(res.headers.connection, 'close', 'the answer tells the client this connection ends');
  await drained;
  t.equal(await metricValue(gw.metrics, 'streamward_connections_active', { listener: 'flink-ui' }), 0);
});
