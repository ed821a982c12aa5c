// HTTP Basic parsing and the short-lived cache of successful checks.
import t from 'tap';
import { BasicVerifier, parseBasic } from '../../../../src/http/auth/basic.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

t.test('parseBasic', async (t) => {
  t.same(parseBasic(`Basic ${b64('alice:pa:ss')}`), { ok: true, user: 'alice', password: 'pa:ss' });
  t.same(parseBasic(`basic  ${b64('bob:')}`), { ok: true, user: 'bob', password: '' });
  t.same(parseBasic(`Basic ${b64('jörg:pw')}`), { ok: true, user: 'jörg', password: 'pw' });
  t.match(parseBasic('Basic'), { ok: false });
  t.match(parseBasic('Basic ???'), { ok: false, reason: /base64/ });
  t.match(parseBasic(`Basic ${b64('nocolon')}`), { ok: false, reason: /no user name/ });
  t.match(parseBasic(`Basic ${b64(':pw')}`), { ok: false, reason: /no user name/ });
  t.match(parseBasic(`Basic ${b64('a\nb:pw')}`), { ok: false, reason: /control/ });
  t.match(parseBasic(`Bearer ${b64('a:b')}`), { ok: false });
});

t.test('BasicVerifier remembers successes for ttl, never failures', async (t) => {
  let calls = 0;
  let now = 1000;
  const store = { verifyPlain: async (u: string, p: string) => (calls++, u === 'alice' && p === 'right') };
  const v = new BasicVerifier(store, 60_000, 2, () => now);
  t.equal(await v.verify('alice', 'right'), true);
  t.equal(await v.verify('alice', 'right'), true);
  t.equal(calls, 1, 'second success from the cache');
  t.equal(await v.verify('alice', 'wrong'), false);
  t.equal(await v.verify('alice', 'wrong'), false);
  t.equal(calls, 3, 'failures always ask the store');
  now += 60_001;
  t.equal(await v.verify('alice', 'right'), true);
  t.equal(calls, 4, 'expired entries ask again');
  v.clear();
  t.equal(await v.verify('alice', 'right'), true);
  t.equal(calls, 5, 'clear() forgets');
});

t.test('BasicVerifier follows the store: a change forgets, a check begun before it is not remembered', async (t) => {
  const subscribers = new Set<() => void>();
  let calls = 0;
  let release: (() => void) | null = null;
  const lookup = {
    verifyPlain: async () => {
      calls++;
      if (release === null) await new Promise<void>((r) => (release = r));
      return true;
    },
    onChange: (fn: () => void) => (subscribers.add(fn), () => void subscribers.delete(fn)),
  };
  const v = new BasicVerifier(lookup);
  const pending = v.verify('alice', 'pw');
  for (const fn of subscribers) fn(); // the store reloads while the first check runs
  (release as unknown as () => void)();
  t.equal(await pending, true);
  await v.verify('alice', 'pw');
  t.equal(calls, 2, 'the answer of a check that began before the reload was not cached');
  await v.verify('alice', 'pw');
  t.equal(calls, 2, 'a check after the reload is cached');
  for (const fn of subscribers) fn();
  await v.verify('alice', 'pw');
  t.equal(calls, 3, 'a store change empties the cache');
  v.close();
  t.equal(subscribers.size, 0, 'close() unsubscribes');
});
