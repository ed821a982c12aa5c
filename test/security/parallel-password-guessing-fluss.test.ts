/**
 * Attack: 200 parallel wrong-password AUTHENTICATE (PLAIN) requests for one user over 200 Fluss
 * connections from one address. Before, all were evaluated. Now at most the configured 5 are
 * (first wave bounded by the hashing queue, then attempts in flight count towards closeAfter);
 * the rest get error 46 unevaluated; another user from another address logs in meanwhile; the
 * right password works once the lock expires.
 */
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussConnection } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy } from '../helpers/auth.js';
import { waitForLine } from '../helpers/listener.js';
import { countingStore } from '../helpers/kafka-sasl-raw.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';

const plain = (user: string, pw: string) => Buffer.from(`\u0000${user}\u0000${pw}`);
const authBody = (user: string, pw: string) => encodeMessage(AuthenticateRequest, { protocol: 'PLAIN', token: plain(user, pw) });

async function attempt(conn: FlussConnection, user: string, pw: string): Promise<{ ok: boolean; code?: number; message?: string }> {
  const r = await conn.request(ApiKey.AUTHENTICATE, 0, authBody(user, pw), 30_000);
  if (r.type === 0) return { ok: true };
  const e = decodeErrorResponse(r.body);
  return { ok: false, code: e.code, message: e.message };
}

t.test('200 parallel guesses for one user (Fluss)', async (t) => {
  const { store, checks } = await countingStore({ alice: 'alice-pw', bob: 'bob-pw' });
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, {
    auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], credentials: store, throttle: { delayMs: 100, maxDelayMs: 400, closeAfter: 5, decayMs: 8000 }, hashing: { concurrency: 2, queue: 3 } }),
  });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  const conns = await Promise.all(Array.from({ length: 200 }, () => FlussConnection.open('127.0.0.1', gw.port, { handshake: false })));
  t.teardown(() => conns.forEach((c) => c.close()));
  const answers = await Promise.all(conns.map((c) => attempt(c, 'alice', 'guess')));
  t.ok(
    answers.every((a) => !a.ok && a.code === 46),
    'every attempt gets error 46',
  );
  const refused = answers.filter((a) => /too many failed attempts|server is busy/.test(a.message ?? '')).length;
  t.comment(`evaluated ${checks()}, refused unevaluated ${refused}`);
  t.ok(checks() <= 5, `at most the configured 5 guesses were evaluated: ${checks()}`);
  t.equal(refused, 200 - checks(), 'the rest were refused without hashing');

  // The burst evaluates 3 to 5 guesses (how many reach the hashing queue before the user's
  // back-off refuses the rest is a matter of timing). Below 5 only that back-off (at most 400 ms)
  // refuses the next attempt, which a loaded machine outlasts. Top up, one wrong guess after each
  // back-off, to closeAfter: the address lock then holds for its 8 s decay, whatever the load.
  while (checks() < 5) {
    await new Promise((r) => setTimeout(r, 450));
    const c = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
    await attempt(c, 'alice', 'guess');
    c.close();
  }
  const retry = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => retry.close());
  const before = checks();
  t.match(await attempt(retry, 'alice', 'alice-pw'), { ok: false, code: 46, message: /too many failed attempts/ }, 'the right password is refused while the lock holds');
  t.equal(checks(), before, 'unevaluated');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_THROTTLED');

  const bob = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false, localAddress: '127.0.0.2' });
  t.teardown(() => bob.close());
  t.match(await attempt(bob, 'bob', 'bob-pw'), { ok: true }, 'another user from another address is unaffected');

  const deadline = Date.now() + 20_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const c = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
    const a = await attempt(c, 'alice', 'alice-pw');
    c.close();
    if (a.ok) break;
    t.match(a.message, /too many failed attempts/);
    if (Date.now() > deadline) throw new Error('the lock never expired');
  }
  t.pass('the correct password works once the lock expires');
});
