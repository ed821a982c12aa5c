// One list says which config keys carry secrets, for every answer the gateway cleans: Kafka
// DescribeConfigs, Fluss DESCRIBE_CLUSTER_CONFIGS and Flink's JSON config answers. A key that
// any of the three used to know as a secret is a secret in all three (fail closed), and
// ordinary keys stay readable.
import t from 'tap';
import { isSecretConfigKey } from '../../../src/protocol/config-secrets.js';
import { isCredentialConfig } from '../../../src/adapters/kafka/authz/config-values.js';
import { HIDDEN, cleanConfigValue, AddressBook } from '../../../src/adapters/fluss/config-values.js';
import { isSecretKey } from '../../../src/http/config-answer.js';

/** Keys each cleaner knew before (Kafka's, Fluss's and Flink's own lists), now all secret everywhere. */
const SECRETS = [
  'ssl.keystore.password',
  'listener.name.sasl_ssl.plain.sasl.jaas.config',
  'ssl.key',
  'ssl.keystore.key',
  'ssl.keystore.certificate.chain',
  'ssl.truststore.certificates',
  'sasl.client.private',
  'delegation.token.secret.key',
  'fs.azure.account.key.acct',
  'client.apikey',
  'auth-params',
  'security.sasl.plain.users',
  'my.credential',
  'service-key',
  'http-headers',
  's3.access-key',
  'fs.s3a.access.key',
  'rest.token',
  'basic-auth',
  'private-key',
  'api_key',
  'passwd',
  'authorization',
  'bearer.value',
  'request.signature',
];
const ORDINARY = ['log.retention.ms', 'num.partitions', 'bootstrap.servers', 'rest.port', 'taskmanager.numberOfTaskSlots', 'monkey.count', 'keyboard.layout'];

t.test('one list: every key any cleaner knew as a secret is a secret for all three', async (t) => {
  const book = new AddressBook();
  for (const k of SECRETS) {
    t.ok(isSecretConfigKey(k), `${k}: secret`);
    t.ok(isCredentialConfig(k, 0), `${k}: Kafka DescribeConfigs masks it`);
    t.equal(cleanConfigValue(k, 'value', 'pass', book), HIDDEN, `${k}: Fluss masks it`);
    t.ok(isSecretKey(k), `${k}: Flink answers mask it`);
  }
});

t.test('ordinary keys stay readable', async (t) => {
  for (const k of ORDINARY) {
    t.notOk(isSecretConfigKey(k), k);
    t.notOk(isCredentialConfig(k, 0), `${k}: Kafka`);
    t.notOk(isSecretKey(k), `${k}: Flink`);
  }
  t.ok(isCredentialConfig('anything', 9), 'a Kafka PASSWORD-typed config is secret whatever its name');
});
