import t from 'tap';
import { importJaas } from '../../../src/sasl/jaas.js';
import { GatewayError } from '../../../src/errors.js';

t.test('Fluss PlainLoginModule string', async (t) => {
  t.same(importJaas('org.apache.fluss.security.auth.sasl.plain.PlainLoginModule required user_admin="admin-pass" user_bob="bob-pass";'), [
    { user: 'admin', password: 'admin-pass' },
    { user: 'bob', password: 'bob-pass' },
  ]);
});

t.test("Kafka string: the broker's own username/password are not users", async (t) => {
  const text = `org.apache.kafka.common.security.plain.PlainLoginModule required
      username="admin"
      password="admin-secret"
      user_admin="admin-secret"
      user_alice="alice-secret";`;
  t.same(importJaas(text), [
    { user: 'admin', password: 'admin-secret' },
    { user: 'alice', password: 'alice-secret' },
  ]);
});

t.test('quoting, escapes, bare values, comments, file sections, repeats', async (t) => {
  const text = `
    // a JAAS file
    KafkaServer {
      org.apache.kafka.common.security.plain.PlainLoginModule required
        user_q="with \\"quote\\" and \\\\ and ;" /* block comment */ user_bare=plainword
        user_single='it is' user_q="last wins" serviceName="kafka";
    };`;
  t.same(importJaas(text), [
    { user: 'bare', password: 'plainword' },
    { user: 'single', password: 'it is' },
    { user: 'q', password: 'last wins' },
  ]);
  const escaped = importJaas('X required user_e="a\\"b\\\\c";');
  t.same(escaped, [{ user: 'e', password: 'a"b\\c' }]);
  t.same(importJaas(''), []);
});

t.test('errors name a position, never a value', async (t) => {
  for (const bad of [
    'org.example.Module user_a="secret-1";', // missing control flag
    'org.example.Module required user_a="secret-1"', // missing ;
    'org.example.Module required user_a "secret-1";', // missing =
    'org.example.Module required user_a="secret-1;', // unterminated quote
    'org.example.Module required user_a=;',
  ]) {
    try {
      importJaas(bad);
      t.fail(`accepted: ${bad}`);
    } catch (e) {
      t.ok(e instanceof GatewayError && e.code === 'SW_ERR_CONFIG_INVALID', bad);
      t.notMatch((e as Error).message, /secret-1/, 'no value in the message');
    }
  }
});
