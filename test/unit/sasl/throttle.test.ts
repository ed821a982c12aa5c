import t from 'tap';
import { FailedAuthThrottle } from '../../../src/sasl/throttle.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const cfg = { delayMs: 1000, maxDelayMs: 8000, closeAfter: 5, decayMs: 60_000 };

t.test('delay doubles per failure up to maxDelay, close after N', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  const who = { address: '10.0.0.1', user: 'alice' };
  t.same(th.next(who), { delayMs: 0, close: false, failures: { address: 0, user: 0 } });
  const delays: number[] = [];
  const closes: boolean[] = [];
  for (let i = 0; i < 6; i++) {
    const d = th.failure(who);
    delays.push(d.delayMs);
    closes.push(d.close);
  }
  t.same(delays, [1000, 2000, 4000, 8000, 8000, 8000]);
  t.same(closes, [false, false, false, false, true, true]);
  t.same(th.next(who).failures, { address: 6, user: 6 });
});

t.test('a user attacked from many addresses is delayed, never closed', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  for (let i = 0; i < 10; i++) th.failure({ address: `10.0.1.${i}`, user: 'alice' });
  const fresh = th.next({ address: '192.168.0.9', user: 'alice' });
  t.equal(fresh.delayMs, 8000);
  t.equal(fresh.close, false);
  t.same(fresh.failures, { address: 0, user: 10 });
  t.equal(th.next({ address: '192.168.0.9' }).delayMs, 0, 'before the user is known only the address counts');
});

t.test('success clears; time decays one failure per decay period', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle(cfg, c.now);
  const who = { address: '10.0.0.2', user: 'bob' };
  for (let i = 0; i < 3; i++) th.failure(who);
  th.success(who);
  t.same(th.next(who), { delayMs: 0, close: false, failures: { address: 0, user: 0 } });
  for (let i = 0; i < 4; i++) th.failure(who);
  c.advance(59_999);
  t.equal(th.next(who).failures.address, 4);
  c.advance(1);
  t.equal(th.next(who).failures.address, 3);
  c.advance(120_000);
  t.equal(th.next(who).failures.address, 1);
  t.equal(th.next(who).delayMs, 1000);
  c.advance(60_000);
  t.same(th.next(who).failures, { address: 0, user: 0 });
  t.same(th.size, { addresses: 0, users: 0 }, 'forgotten entries are dropped');
});

t.test('closeAfter 0 never closes; tables stay bounded', async (t) => {
  const c = clock();
  const th = new FailedAuthThrottle({ ...cfg, closeAfter: 0, maxEntries: 3 }, c.now);
  for (let i = 0; i < 10; i++) t.equal(th.failure({ address: 'a' }).close, false);
  for (let i = 0; i < 10; i++) th.failure({ address: `x${i}`, user: `u${i}` });
  t.same(th.size, { addresses: 3, users: 3 });
  t.equal(th.next({ address: 'x9' }).failures.address, 1, 'newest kept');
  t.equal(th.next({ address: 'x0' }).failures.address, 0, 'oldest evicted');
});
