/**
 * The quota manager: Kafka's throttle times per principal, a client that obeys them converges
 * on its quota, other principals are not affected, the rate table is bounded, reloads keep rates.
 */
import t from 'tap';
import { QuotaManager } from '../../../src/quota/manager.js';
import { DEFAULT_ENTITY } from '../../../src/quota/entities.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let ms = 1_000_000;
  return { now: () => ms, advance: (d) => (ms += d) };
}

/** A client producing `size`-byte requests flat out, muted for every throttle time it is given. */
function produceFlatOut(q: QuotaManager, c: ReturnType<typeof clock>, user: string, size: number, seconds: number): number {
  const end = c.now() + seconds * 1000;
  let bytes = 0;
  while (c.now() < end) {
    const { throttleMs } = q.record('producerByteRate', user, 'app', size);
    bytes += size;
    c.advance(Math.max(throttleMs, 2)); // 2 ms per request when not throttled
  }
  return bytes / seconds;
}

t.test('a client capped at 1 MB/s that honours throttle times gets 1 MB/s (+-2% over 10 minutes)', async (t) => {
  for (const size of [4096, 65_536, 262_144]) {
    const c = clock();
    const q = new QuotaManager({ entries: [{ user: 'capped', producerByteRate: 1_000_000 }] }, c.now);
    produceFlatOut(q, c, 'capped', size, 20); // past the start-up burst Kafka allows (10 windows of quota)
    const rate = produceFlatOut(q, c, 'capped', size, 600);
    t.ok(Math.abs(rate / 1_000_000 - 1) <= 0.02, `${size} B requests: ${(rate / 1e6).toFixed(3)} MB/s`);
  }
});

t.test('another principal is not throttled by the capped one', async (t) => {
  const c = clock();
  const q = new QuotaManager({ entries: [{ user: 'capped', producerByteRate: 1_000_000 }] }, c.now);
  for (let i = 0; i < 1000; i++) q.record('producerByteRate', 'capped', 'app', 1_000_000);
  t.equal(q.record('producerByteRate', 'free', 'app', 1_000_000).throttleMs, 0);
  t.equal(q.record('producerByteRate', 'free', 'app', 1_000_000).bound, null, 'no quota applies to free');
});

t.test("within the quota there is no throttle; over it, Kafka's formula", async (t) => {
  const c = clock();
  const q = new QuotaManager({ entries: [{ user: DEFAULT_ENTITY, consumerByteRate: 1000 }] }, c.now);
  t.equal(q.record('consumerByteRate', 'u', 'c', 10_000).throttleMs, 0, '10 KB over the 10 s minimum window is 1000/s');
  t.equal(q.record('consumerByteRate', 'u', 'c', 10_000).throttleMs, 10_000, '2000/s: (2000 - 1000) / 1000 * 10 s');
});

t.test('the rate table is bounded: invented client-ids evict the least recently used', async (t) => {
  const c = clock();
  const q = new QuotaManager({ entries: [{ user: 'u', clientId: DEFAULT_ENTITY, producerByteRate: 1 }], maxRates: 100 }, c.now);
  for (let i = 0; i < 10_000; i++) q.record('producerByteRate', 'u', `id-${i}`, 1);
  t.equal(q.trackedRates, 100);
});

t.test('idle rates are forgotten', async (t) => {
  const c = clock();
  const q = new QuotaManager({ entries: [{ clientId: DEFAULT_ENTITY, producerByteRate: 1 }], idleMs: 60_000 }, c.now);
  q.record('producerByteRate', 'u', 'a', 1);
  c.advance(61_000);
  q.record('producerByteRate', 'u', 'b', 1);
  t.equal(q.trackedRates, 1);
});

t.test('a reload changes bounds and keeps what was measured', async (t) => {
  const c = clock();
  const q = new QuotaManager({ entries: [{ user: 'u', producerByteRate: 1_000_000 }] }, c.now);
  q.record('producerByteRate', 'u', 'a', 5_000_000);
  q.update({ entries: [{ user: 'u', producerByteRate: 100_000 }] });
  t.ok(q.record('producerByteRate', 'u', 'a', 1).throttleMs > 0, 'the earlier 5 MB now exceeds the lower bound');
  q.update({ entries: [] });
  t.equal(q.enabled, false);
  t.equal(q.record('producerByteRate', 'u', 'a', 1).throttleMs, 0, 'quota removed: never throttled');
});
