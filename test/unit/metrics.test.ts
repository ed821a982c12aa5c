/**
 * BufferedCounter (src/metrics.ts): the per-request counters' labelled children add to a number
 * and hand it to prom-client when the metrics are read; every way of reading sees every
 * increment, and direct inc(labels) still counts at once.
 */
import t from 'tap';
import { Registry } from 'prom-client';
import { BufferedCounter, Metrics } from '../../src/metrics.js';

async function valueOf(registry: Registry, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const m = (await registry.getMetricsAsJSON()).find((x) => x.name === name) as { values: Array<{ labels: Record<string, string>; value: number }> } | undefined;
  return m?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

t.test('children increments are seen by every read: text, JSON, get()', async (t) => {
  const registry = new Registry();
  const c = new BufferedCounter({ name: 'x_total', help: 'x', labelNames: ['listener'], registers: [registry] });
  const a = c.labels({ listener: 'a' });
  for (let i = 0; i < 1000; i++) a.inc();
  a.inc(500);
  t.match(await registry.metrics(), /x_total\{listener="a"\} 1500/, 'text exposition');
  a.inc(2);
  t.equal(await valueOf(registry, 'x_total', { listener: 'a' }), 1502, 'JSON (what the worker aggregation reads)');
  a.inc(3);
  const got = await c.get();
  t.equal(got.values.find((v) => v.labels.listener === 'a')?.value, 1505, 'get()');
});

t.test('equal labels share one child; other labels are their own series; direct inc counts at once', async (t) => {
  const registry = new Registry();
  const c = new BufferedCounter({ name: 'y_total', help: 'y', labelNames: ['listener', 'api'], registers: [registry] });
  const one = c.labels({ listener: 'k', api: 'Produce' });
  t.equal(c.labels({ listener: 'k', api: 'Produce' }), one, 'the same child for the same labels');
  one.inc(4);
  c.labels({ listener: 'k', api: 'Fetch' }).inc(7);
  c.inc({ listener: 'k', api: 'Produce' }, 10);
  t.equal(await valueOf(registry, 'y_total', { api: 'Produce' }), 14);
  t.equal(await valueOf(registry, 'y_total', { api: 'Fetch' }), 7);
});

t.test('reset drops what is pending too', async (t) => {
  const registry = new Registry();
  const c = new BufferedCounter({ name: 'z_total', help: 'z', labelNames: ['listener'], registers: [registry] });
  c.labels({ listener: 'a' }).inc(9);
  c.reset();
  t.equal(await valueOf(registry, 'z_total', { listener: 'a' }), undefined, 'nothing after reset');
  c.labels({ listener: 'a' }).inc(1);
  t.equal(await valueOf(registry, 'z_total', { listener: 'a' }), 1);
});

t.test("the gateway's per-request counters are buffered", async (t) => {
  const m = new Metrics(new Registry());
  const counters = { requests: m.requests, bytesIn: m.bytesIn, bytesOut: m.bytesOut, authorizations: m.authorizations };
  for (const [name, c] of Object.entries(counters)) t.ok(c instanceof BufferedCounter, name);
});
