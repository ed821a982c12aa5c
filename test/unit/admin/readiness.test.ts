// Readiness: ready only when every listener is bound and its backend answers a TCP connect, and
// never while draining; the gauges follow.
import net from 'node:net';
import t from 'tap';
import { Readiness } from '../../../src/admin/readiness.js';
import { Metrics } from '../../../src/metrics.js';

async function listening(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer((s) => s.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

async function freePort(): Promise<number> {
  const s = await listening();
  await s.close();
  return s.port;
}

const gauge = async (m: Metrics, name: string, labels: Record<string, string> = {}) =>
  (await m.registry.getSingleMetric(name)!.get()).values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value;

t.test('backend probes over real TCP', async (t) => {
  const backend = await listening();
  const dead = await freePort();
  const bound = new Map([
    ['edge', true],
    ['side', true],
  ]);
  const metrics = new Metrics();
  const r = new Readiness({
    targets: [
      {
        listener: 'edge',
        addresses: [
          { host: '127.0.0.1', port: dead },
          { host: '127.0.0.1', port: backend.port },
        ],
      },
      { listener: 'side', addresses: [{ host: '127.0.0.1', port: dead }] },
    ],
    bound: () => bound,
    timeoutMs: 1000,
    metrics,
  });
  t.teardown(() => backend.close());
  t.equal(r.report().ready, false, 'not ready before the first probe');
  t.equal(r.report().listeners.edge.backend, 'unknown');
  await r.start();
  t.teardown(() => r.stop());
  let rep = r.report();
  t.equal(rep.listeners.edge.backend, 'reachable', 'any address of the list will do');
  t.equal(rep.listeners.side.backend, 'unreachable');
  t.match(rep.listeners.side.detail, new RegExp(`127.0.0.1:${dead}: .*ECONNREFUSED`));
  t.equal(rep.ready, false, 'one backend down: not ready');
  t.equal(await gauge(metrics, 'streamward_backend_reachable', { listener: 'side' }), 0);
  t.equal(await gauge(metrics, 'streamward_ready'), 0);

  bound.delete('side');
  rep = r.report();
  t.equal(rep.ready, true, 'every listener bound and reachable');
  await r.probe();
  t.equal(await gauge(metrics, 'streamward_ready'), 1);
  bound.set('edge', false);
  t.equal(r.report().ready, false, 'a listener not bound: not ready');
  bound.set('edge', true);
  await backend.close();
  await r.probe();
  t.equal(r.report().listeners.edge.backend, 'unreachable', 'a backend that goes away is noticed');
  t.equal(r.report().ready, false);
});

t.test('draining is never ready; concurrent probes share one round', async (t) => {
  let calls = 0;
  const r = new Readiness({
    targets: [{ listener: 'a', addresses: [{ host: 'x', port: 1 }] }],
    bound: () => new Map([['a', true]]),
    connect: async () => {
      calls++;
      await new Promise((res) => setTimeout(res, 20));
    },
  });
  await Promise.all([r.probe(), r.probe(), r.probe()]);
  t.equal(calls, 1, 'one connect for three concurrent probes');
  t.equal(r.report().ready, true);
  r.setDraining();
  t.equal(r.report().ready, false);
  t.equal(r.report().draining, true);
  await r.probe();
  t.equal(r.report().ready, false, 'stays not ready');
});
