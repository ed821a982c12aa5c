import t from 'tap';
import { SaslServerSession } from '../../../src/sasl/session.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import type { Mechanism } from '../../../src/sasl/types.js';
import { GatewayError } from '../../../src/errors.js';
import { ScramTestClient } from '../../helpers/sasl/scram-client.js';
import { FAST, plainToken } from '../../helpers/sasl/fixtures.js';

async function store() {
  const s = CredentialStore.empty(FAST);
  await s.addUser('alice', 'alice-pass');
  return s;
}

const stateError = { name: 'GatewayError', code: 'SW_ERR_AUTH_STATE' };

t.test('start() offers only enabled mechanisms, exact names', async (t) => {
  const s = new SaslServerSession({ enabled: ['SCRAM-SHA-512'], credentials: await store() });
  for (const m of ['PLAIN', 'GSSAPI', 'scram-sha-512', '']) {
    t.same(s.start(m), { ok: false, code: 'SW_ERR_AUTH_MECHANISM', enabled: ['SCRAM-SHA-512'] }, m);
    t.equal(s.state, 'INITIAL');
  }
  t.same(s.start('SCRAM-SHA-512'), { ok: true, mechanism: 'SCRAM-SHA-512' });
  t.equal(s.state, 'IN_PROGRESS');
  t.equal(s.mechanism, 'SCRAM-SHA-512');
  t.throws(() => s.start('SCRAM-SHA-512'), GatewayError, 'only once');
});

t.test('a token before start() is a state error', async (t) => {
  const s = new SaslServerSession({ enabled: ['PLAIN'], credentials: await store() });
  await t.rejects(s.step(plainToken('', 'alice', 'alice-pass')), stateError);
  t.equal(s.state, 'INITIAL');
});

t.test('PLAIN: COMPLETE with a principal, then further tokens are state errors', async (t) => {
  const s = new SaslServerSession({ enabled: ['PLAIN', 'SCRAM-SHA-256'], credentials: await store() });
  s.start('PLAIN');
  const r = await s.step(plainToken('', 'alice', 'alice-pass'));
  t.equal(r.done, true);
  t.equal(s.state, 'COMPLETE');
  t.equal(s.principal, 'User:alice');
  t.equal(s.user, 'alice');
  await t.rejects(s.step(Buffer.alloc(0)), stateError);
  t.equal(s.state, 'COMPLETE', 'state kept');
});

t.test('failure moves to FAILED and stops the exchange', async (t) => {
  const s = new SaslServerSession({ enabled: ['PLAIN'], credentials: await store() });
  s.start('PLAIN');
  const r = await s.step(plainToken('', 'alice', 'wrong'));
  t.equal(r.failed, true);
  t.equal(s.state, 'FAILED');
  t.equal(s.principal, undefined);
  await t.rejects(s.step(plainToken('', 'alice', 'alice-pass')), stateError);
});

t.test('SCRAM through the session: IN_PROGRESS, then COMPLETE', async (t) => {
  const s = new SaslServerSession({ enabled: ['SCRAM-SHA-256'], credentials: await store() });
  s.start('SCRAM-SHA-256');
  const client = new ScramTestClient({ mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'alice-pass' });
  const first = await s.step(client.clientFirst());
  t.equal(s.state, 'IN_PROGRESS');
  if (first.done || first.failed) throw new Error('expected a challenge');
  const fin = await s.step(client.clientFinal(first.challenge));
  t.equal(s.state, 'COMPLETE');
  t.ok(fin.done && client.verifyServerFinal(fin.challenge));
  t.equal(s.principal, 'User:alice');
});

t.test('oversized token fails without reaching the mechanism', async (t) => {
  let called = 0;
  const tiny: Mechanism = {
    name: 'PLAIN',
    maxPayloadBytes: 8,
    start: () => async () => {
      called++;
      return { done: false, challenge: Buffer.alloc(0) };
    },
  };
  const s = new SaslServerSession({ enabled: ['PLAIN'], credentials: await store(), mechanisms: { PLAIN: tiny } });
  s.start('PLAIN');
  t.equal(s.maxPayloadBytes, 8);
  const r = await s.step(Buffer.alloc(9));
  t.equal(r.failed && r.reason, 'oversized');
  t.equal(called, 0);
  t.equal(s.state, 'FAILED');
  const real = new SaslServerSession({ enabled: ['PLAIN'], credentials: await store() });
  real.start('PLAIN');
  const big = await real.step(plainToken('', 'alice', 'x'.repeat(5000)));
  t.equal(big.failed && big.reason, 'oversized', 'built-in PLAIN declares a limit');
});

t.test('a second token while one is pending is refused', async (t) => {
  let release: () => void = () => undefined;
  const slow: Mechanism = {
    name: 'PLAIN',
    maxPayloadBytes: 100,
    start: () => () =>
      new Promise((resolve) => {
        release = () => resolve({ done: false, challenge: Buffer.alloc(0) });
      }),
  };
  const s = new SaslServerSession({ enabled: ['PLAIN'], credentials: await store(), mechanisms: { PLAIN: slow } });
  s.start('PLAIN');
  const first = s.step(Buffer.from('a'));
  await t.rejects(s.step(Buffer.from('b')), stateError);
  release();
  t.equal((await first).done, false);
  t.equal(s.state, 'IN_PROGRESS');
});
