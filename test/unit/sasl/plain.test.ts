import t from 'tap';
import { PLAIN_MAX_PAYLOAD_BYTES, plainMechanism, splitPlainToken } from '../../../src/sasl/plain.js';
import { kafkaFailureMessage } from '../../../src/sasl/types.js';
import type { StepResult } from '../../../src/sasl/types.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { GatewayError } from '../../../src/errors.js';
import { FAST, plainToken } from '../../helpers/sasl/fixtures.js';

/** A lookup that knows alice/secret and counts its calls. */
function stub() {
  const calls: string[] = [];
  return {
    calls,
    verifyPlain: async (user: string, password: string) => {
      calls.push(user);
      return user === 'alice' && password === 'secret';
    },
  };
}

async function once(token: Buffer, lookup = stub()): Promise<StepResult> {
  return plainMechanism(lookup).start()(token);
}

function failureOf(r: StepResult) {
  if (!r.failed) throw new Error(`expected a failure, got ${JSON.stringify(r)}`);
  return r;
}

t.test('good token gives User:<name> and an empty challenge', async (t) => {
  const r = await once(plainToken('', 'alice', 'secret'));
  t.same(r, { done: true, principal: 'User:alice', user: 'alice', challenge: Buffer.alloc(0) });
  const same = await once(plainToken('alice', 'alice', 'secret'));
  t.equal(same.done, true, 'authzid equal to the user is fine');
});

t.test('token shape errors carry the Fluss texts', async (t) => {
  const cases: [string, Buffer, string][] = [
    ['empty token', Buffer.alloc(0), 'Invalid SASL/PLAIN response: expected 3 tokens, got 1'],
    ['no NUL at all', Buffer.from('alicesecret'), 'Invalid SASL/PLAIN response: expected 3 tokens, got 1'],
    ['truncated after the user', Buffer.from('\u0000alice'), 'Invalid SASL/PLAIN response: expected 3 tokens, got 2'],
    ['one NUL missing', Buffer.from('alice\u0000secret'), 'Invalid SASL/PLAIN response: expected 3 tokens, got 2'],
    ['an extra NUL', Buffer.from('\u0000alice\u0000secret\u0000'), 'Invalid SASL/PLAIN response: expected 3 tokens, got 4'],
    ['many NULs count as 4', Buffer.from('a\u0000b\u0000c\u0000d\u0000e\u0000f'), 'Invalid SASL/PLAIN response: expected 3 tokens, got 4'],
    ['empty user', plainToken('', '', 'secret'), 'Authentication failed: username not specified'],
    ['truncated before the password', Buffer.from('\u0000alice\u0000'), 'Authentication failed: password not specified'],
  ];
  for (const [name, token, message] of cases) {
    const lookup = stub();
    const f = failureOf(await once(token, lookup));
    t.equal(f.message, message, name);
    t.equal(f.reason, 'malformed', `${name}: reason`);
    t.equal(f.kafkaGeneric, true, `${name}: Kafka hides this text`);
    t.same(lookup.calls, [], `${name}: the store is not asked`);
  }
});

t.test('wrong password and unknown user fail alike', async (t) => {
  const wrong = failureOf(await once(plainToken('', 'alice', 'nope')));
  const unknown = failureOf(await once(plainToken('', 'mallory', 'secret')));
  t.equal(wrong.message, 'Authentication failed: Invalid username or password');
  t.same(unknown, wrong);
  t.equal(wrong.kafkaGeneric, false, 'Kafka sends this text to the client');
  t.equal(kafkaFailureMessage(wrong, 'PLAIN'), 'Authentication failed: Invalid username or password');
});

t.test('authzid different from the user is refused after the password check', async (t) => {
  const f = failureOf(await once(plainToken('admin', 'alice', 'secret')));
  t.equal(f.reason, 'authzid-mismatch');
  t.equal(f.message, 'Authentication failed: Client requested an authorization id that is different from username');
  const bad = failureOf(await once(plainToken('admin', 'alice', 'wrong')));
  t.equal(bad.reason, 'bad-credentials', 'a wrong password is reported first, as the Java server does');
});

t.test('a failing store gives a client-safe text', async (t) => {
  const f = failureOf(
    await plainMechanism({
      verifyPlain: async () => {
        throw new Error('disk on fire: secret');
      },
    }).start()(plainToken('', 'a', 'b')),
  );
  t.equal(f.reason, 'internal');
  t.equal(f.message, 'Authentication failed: credentials for user could not be verified');
});

t.test('Kafka generic text for malformed tokens', async (t) => {
  const f = failureOf(await once(Buffer.from('x')));
  t.equal(kafkaFailureMessage(f, 'PLAIN'), 'Authentication failed during authentication due to invalid credentials with SASL mechanism PLAIN');
  t.equal(kafkaFailureMessage(f, 'PLAIN', true), 'Authentication failed during re-authentication due to invalid credentials with SASL mechanism PLAIN');
});

t.test('one token per exchange; limit declared', async (t) => {
  const step = plainMechanism(stub()).start();
  await step(plainToken('', 'alice', 'secret'));
  await t.rejects(step(plainToken('', 'alice', 'secret')), GatewayError);
  t.ok(PLAIN_MAX_PAYLOAD_BYTES >= 3 * 255 + 2, 'RFC 4616 sizes fit');
  t.equal(plainMechanism(stub()).maxPayloadBytes, PLAIN_MAX_PAYLOAD_BYTES);
});

t.test('split keeps UTF-8 and reports counts', async (t) => {
  t.same(splitPlainToken(plainToken('', 'jürgen', 'pässwörd')), { authzid: '', user: 'jürgen', password: 'pässwörd' });
  t.same(splitPlainToken(Buffer.from('a\u0000b')), { count: 2 });
});

t.test('against a real credential store', async (t) => {
  const store = CredentialStore.empty(FAST);
  await store.addUser('bob', 'bob-pass', { mechanisms: ['PLAIN'] });
  const m = plainMechanism(store);
  t.equal((await m.start()(plainToken('', 'bob', 'bob-pass'))).done, true);
  t.equal(failureOf(await m.start()(plainToken('', 'bob', 'bob-pas'))).reason, 'bad-credentials');
});
