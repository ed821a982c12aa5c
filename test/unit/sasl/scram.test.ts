import t from 'tap';
import { scramMechanism, SCRAM_MESSAGES } from '../../../src/sasl/scram.js';
import { deriveScramKeys, SCRAM_SALT_BYTES } from '../../../src/sasl/scram-crypto.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import type { CredentialLookup, ScramCredential, ScramMechanismName, StepResult } from '../../../src/sasl/types.js';
import { GatewayError } from '../../../src/errors.js';
import { ScramTestClient } from '../../helpers/sasl/scram-client.js';
import type { ScramMech } from '../../helpers/sasl/scram-client.js';
import { FAST } from '../../helpers/sasl/fixtures.js';

type Lookup = Pick<CredentialLookup, 'scramCredentials' | 'phantomScram'>;

function failureOf(r: StepResult) {
  if (!r.failed) throw new Error(`expected a failure, got done=${r.done}`);
  return r;
}

function continueOf(r: StepResult): Buffer {
  if (r.done || r.failed) throw new Error('expected a challenge');
  return r.challenge;
}

// RFC 7677 section 3: user "user", password "pencil".
t.test('RFC 7677 SCRAM-SHA-256 test vector, byte for byte', async (t) => {
  const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
  const keys = await deriveScramKeys('SCRAM-SHA-256', 'pencil', salt, 4096);
  const cred: ScramCredential = { id: 'rfc', salt, iterations: 4096, storedKey: keys.storedKey, serverKey: keys.serverKey };
  const lookup: Lookup = {
    scramCredentials: (u) => (u === 'user' ? [cred] : []),
    phantomScram: () => ({ salt: Buffer.alloc(16), iterations: 4096 }),
  };
  const step = scramMechanism('SCRAM-SHA-256', lookup, { serverNonce: () => '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0' }).start();
  const first = await step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
  t.equal(continueOf(first).toString(), 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
  const fin = await step(Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='));
  t.ok(fin.done);
  t.equal(fin.challenge?.toString(), 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  if (fin.done) t.equal(fin.principal, 'User:user');
});

async function storeWith(users: Record<string, string>): Promise<CredentialStore> {
  const store = CredentialStore.empty(FAST);
  for (const [u, p] of Object.entries(users)) await store.addUser(u, p);
  return store;
}

async function exchange(lookup: Lookup, mech: ScramMech, user: string, password: string) {
  const client = new ScramTestClient({ mechanism: mech, user, password });
  const step = scramMechanism(mech, lookup).start();
  const first = await step(client.clientFirst());
  const serverFirst = continueOf(first);
  const fin = await step(client.clientFinal(serverFirst));
  return { client, serverFirst: serverFirst.toString(), fin };
}

for (const mech of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
  t.test(`${mech}: full exchange with the test client, server verified by the client`, async (t) => {
    const store = await storeWith({ alice: 'alice-pass' });
    const { client, fin } = await exchange(store, mech, 'alice', 'alice-pass');
    t.equal(fin.done, true);
    if (fin.done) {
      t.equal(fin.principal, 'User:alice');
      t.ok(client.verifyServerFinal(fin.challenge), 'v= is the signature the client computed');
    }
  });

  t.test(`${mech}: wrong password fails at the final step with e=invalid-proof`, async (t) => {
    const store = await storeWith({ alice: 'alice-pass' });
    const f = failureOf((await exchange(store, mech, 'alice', 'guess')).fin);
    t.equal(f.reason, 'bad-credentials');
    t.equal(f.message, SCRAM_MESSAGES.badCredentials);
    t.equal(f.kafkaGeneric, true);
    t.equal(f.challenge?.toString(), 'e=invalid-proof');
  });

  t.test(`${mech}: unknown user looks like a real one and fails at the same step, same way`, async (t) => {
    const store = await storeWith({ alice: 'alice-pass' });
    const real = await exchange(store, mech, 'alice', 'guess');
    const ghost = await exchange(store, mech, 'ghost', 'guess');
    const realFirst = ScramTestClient.parseServerFirst(real.serverFirst);
    const ghostFirst = ScramTestClient.parseServerFirst(ghost.serverFirst);
    t.equal(ghostFirst.salt.length, realFirst.salt.length, 'same salt length');
    t.equal(ghostFirst.salt.length, SCRAM_SALT_BYTES);
    t.equal(ghostFirst.iterations, realFirst.iterations, 'same iteration count');
    t.same(failureOf(ghost.fin), failureOf(real.fin), 'identical failure');
    const again = await exchange(store, mech, 'ghost', 'other');
    t.same(ScramTestClient.parseServerFirst(again.serverFirst).salt, ghostFirst.salt, 'phantom salt is stable');
    const other = await exchange(store, mech, 'ghost2', 'x');
    t.notSame(ScramTestClient.parseServerFirst(other.serverFirst).salt, ghostFirst.salt, 'and differs per user');
  });
}

t.test('nonce and channel binding are checked', async (t) => {
  const store = await storeWith({ alice: 'alice-pass' });
  for (const [name, over, reason, e] of [
    ['wrong nonce', { nonce: 'abc' }, 'bad-nonce', 'e=other-error'],
    ['client nonce only', { nonce: 'fixednonce' }, 'bad-nonce', 'e=other-error'],
    ['channel binding for another header', { channelBinding: Buffer.from('y,,').toString('base64') }, 'channel-binding', 'e=channel-bindings-dont-match'],
  ] as const) {
    const client = new ScramTestClient({ mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'alice-pass', nonce: 'fixednonce' });
    const step = scramMechanism('SCRAM-SHA-256', store).start();
    const serverFirst = continueOf(await step(client.clientFirst()));
    const f = failureOf(await step(client.clientFinal(serverFirst, over)));
    t.equal(f.reason, reason, name);
    t.equal(f.challenge?.toString(), e, `${name}: server error`);
    if (reason === 'bad-nonce') t.equal(f.message, 'Invalid client nonce in the final client message.');
  }
});

t.test('malformed and unsupported client-first messages', async (t) => {
  const store = await storeWith({ alice: 'alice-pass' });
  const cases: [string, string, string][] = [
    ['garbage', 'hello', 'malformed'],
    ['no nonce', 'n,,n=alice', 'malformed'],
    ['empty nonce', 'n,,n=alice,r=', 'malformed'],
    ['bad saslname escape', 'n,,n=al=2Xice,r=abc', 'malformed'],
    ['bare = in saslname', 'n,,n=a=b,r=abc', 'malformed'],
    ['unknown gs2 flag', 'x,,n=alice,r=abc', 'malformed'],
    ['channel binding requested', 'p=tls-unique,,n=alice,r=abc', 'channel-binding'],
    ['mandatory extension', 'n,,m=ext,n=alice,r=abc', 'unsupported'],
    ['delegation token', 'n,,n=alice,r=abc,tokenauth=true', 'unsupported'],
    ['authzid for someone else', 'n,a=admin,n=alice,r=abc', 'authzid-mismatch'],
  ];
  for (const [name, msg, reason] of cases) {
    const f = failureOf(await scramMechanism('SCRAM-SHA-256', store).start()(Buffer.from(msg)));
    t.equal(f.reason, reason, name);
    t.notMatch(f.message, /alice|admin/, `${name}: message does not echo the input`);
  }
  const authz = failureOf(await scramMechanism('SCRAM-SHA-256', store).start()(Buffer.from('n,a=admin,n=alice,r=abc')));
  t.equal(authz.kafkaGeneric, false, 'Kafka shows the authzid text');
  const ok = await scramMechanism('SCRAM-SHA-256', store).start()(Buffer.from('n,a=alice,n=alice,r=abc,ext=1'));
  t.equal(ok.done, false);
  t.notOk(ok.failed, 'own authzid and an unknown optional extension are accepted');
  const y = await scramMechanism('SCRAM-SHA-256', store).start()(Buffer.from('y,,n=alice,r=abc'));
  t.notOk(y.failed, 'gs2 flag y is accepted (we offer no -PLUS mechanism)');
});

t.test('malformed client-final message', async (t) => {
  const store = await storeWith({ alice: 'alice-pass' });
  const step = scramMechanism('SCRAM-SHA-256', store).start();
  await step(Buffer.from('n,,n=alice,r=abc'));
  const f = failureOf(await step(Buffer.from('c=biws,r=abc')));
  t.equal(f.reason, 'malformed');
  t.equal(f.challenge?.toString(), 'e=invalid-encoding');
});

t.test('user names with , and = use saslname escaping', async (t) => {
  const store = await storeWith({ 'ops,team=a': 'pw' });
  const { fin } = await exchange(store, 'SCRAM-SHA-512', 'ops,team=a', 'pw');
  t.equal(fin.done, true);
  if (fin.done) t.equal(fin.principal, 'User:ops,team=a');
  const client = new ScramTestClient({ mechanism: 'SCRAM-SHA-512', user: 'ops,team=a', password: 'pw' });
  t.match(client.clientFirst().toString(), /^n,,n=ops=2Cteam=3Da,r=/);
});

t.test('rotation: both passwords work, removing one makes it fail', async (t) => {
  const store = CredentialStore.empty(FAST);
  const oldId = await store.addUser('svc', 'old-pass');
  await store.addCredential('svc', 'new-pass');
  for (const mech of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    t.equal((await exchange(store, mech, 'svc', 'old-pass')).fin.done, true, `${mech} old`);
    t.equal((await exchange(store, mech, 'svc', 'new-pass')).fin.done, true, `${mech} new`);
  }
  t.equal(await store.verifyPlain('svc', 'old-pass'), true);
  t.equal(await store.removeCredential('svc', oldId), true);
  for (const mech of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    t.equal(failureOf((await exchange(store, mech, 'svc', 'old-pass')).fin).reason, 'bad-credentials', `${mech} old gone`);
    t.equal((await exchange(store, mech, 'svc', 'new-pass')).fin.done, true, `${mech} new still works`);
  }
  t.equal(await store.verifyPlain('svc', 'old-pass'), false);
  t.equal(await store.verifyPlain('svc', 'new-pass'), true);
});

t.test('credentials below 4096 iterations are never offered', async (t) => {
  const salt = Buffer.alloc(16, 1);
  const keys = await deriveScramKeys('SCRAM-SHA-256', 'pw', salt, 1000);
  const weak: ScramCredential = { id: 'w', salt, iterations: 1000, ...keys };
  const lookup: Lookup = {
    scramCredentials: () => [weak],
    phantomScram: (_u: string, _m: ScramMechanismName) => ({ salt: Buffer.alloc(24, 2), iterations: 4096 }),
  };
  const { serverFirst, fin } = await exchange(lookup, 'SCRAM-SHA-256', 'u', 'pw');
  t.match(serverFirst, /,i=4096$/);
  t.equal(failureOf(fin).reason, 'bad-credentials');
});

t.test('the exchange ends after the final message', async (t) => {
  const store = await storeWith({ alice: 'alice-pass' });
  const client = new ScramTestClient({ mechanism: 'SCRAM-SHA-256', user: 'alice', password: 'alice-pass' });
  const step = scramMechanism('SCRAM-SHA-256', store).start();
  const sf = continueOf(await step(client.clientFirst()));
  t.equal((await step(client.clientFinal(sf))).done, true);
  await t.rejects(step(Buffer.from('more')), GatewayError);
  const failed = scramMechanism('SCRAM-SHA-256', store).start();
  await failed(Buffer.from('junk'));
  await t.rejects(failed(Buffer.from('n,,n=alice,r=abc')), GatewayError, 'no second try after a failure');
});
