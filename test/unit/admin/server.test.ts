// The admin server: /metrics in Prometheus text from the injected registry, /healthz, /readyz
// following the readiness report (200/503 with the reasons), nothing else served.
import t from 'tap';
import { AdminServer } from '../../../src/admin/server.js';
import { Metrics } from '../../../src/metrics.js';
import { createMemoryLogger } from '../../../src/log.js';
import type { ReadinessReport } from '../../../src/admin/readiness.js';

t.test('admin endpoints', async (t) => {
  const metrics = new Metrics(undefined, { processMetrics: true });
  metrics.connectionsAccepted.inc({ listener: 'edge' }, 3);
  let report: ReadinessReport = { ready: false, draining: false, listeners: { edge: { bound: true, backend: 'unreachable', detail: 'kafka-0:9092: ECONNREFUSED' } } };
  const { log } = createMemoryLogger();
  const admin = new AdminServer({ bind: { host: '127.0.0.1', port: 0 }, registry: metrics.registry, readiness: () => report, log });
  const port = await admin.start();
  t.teardown(() => admin.close());
  const url = (p: string) => `http://127.0.0.1:${port}${p}`;

  t.test('/metrics', async (t) => {
    const res = await fetch(url('/metrics'));
    t.equal(res.status, 200);
    t.match(res.headers.get('content-type'), /text\/plain/);
    const body = await res.text();
    t.match(body, /^streamward_connections_accepted_total\{listener="edge"\} 3$/m, 'gateway metric with its value');
    t.match(body, /^streamward_process_cpu_user_seconds_total /m, 'process metrics included');
    t.match(body, /^# TYPE streamward_certificate_expiry_seconds gauge$/m);
  });

  t.test('/healthz', async (t) => {
    const res = await fetch(url('/healthz'));
    t.equal(res.status, 200);
    t.same(await res.json(), { status: 'ok' });
  });

  t.test('/readyz follows the readiness report', async (t) => {
    let res = await fetch(url('/readyz'));
    t.equal(res.status, 503, 'not ready');
    const body = (await res.json()) as { status: string; listeners: Record<string, { backend: string; detail: string }> };
    t.equal(body.status, 'not ready');
    t.equal(body.listeners.edge.backend, 'unreachable');
    t.match(body.listeners.edge.detail, /ECONNREFUSED/, 'says why');
    report = { ready: true, draining: false, listeners: { edge: { bound: true, backend: 'reachable' } } };
    res = await fetch(url('/readyz'));
    t.equal(res.status, 200, 'ready');
    t.equal(((await res.json()) as { status: string }).status, 'ready');
    res = await fetch(url('/readyz'), { method: 'HEAD' });
    t.equal(res.status, 200, 'HEAD works too');
  });

  t.test('nothing else', async (t) => {
    t.equal((await fetch(url('/'))).status, 404);
    t.equal((await fetch(url('/metrics/../admin'))).status, 404);
    const post = await fetch(url('/metrics'), { method: 'POST', body: 'x' });
    t.equal(post.status, 405);
    t.equal(post.headers.get('allow'), 'GET, HEAD');
  });
});

t.test('start fails on a port in use; close frees it', async (t) => {
  const { log } = createMemoryLogger();
  const report = (): ReadinessReport => ({ ready: true, draining: false, listeners: {} });
  const a = new AdminServer({ bind: { host: '127.0.0.1', port: 0 }, registry: new Metrics().registry, readiness: report, log });
  const port = await a.start();
  const b = new AdminServer({ bind: { host: '127.0.0.1', port }, registry: new Metrics().registry, readiness: report, log });
  await t.rejects(b.start(), /EADDRINUSE/);
  await a.close();
  await t.rejects(fetch(`http://127.0.0.1:${port}/healthz`), 'closed');
});
