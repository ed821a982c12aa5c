/**
 * The one rule for which configuration keys carry secrets, used by every answer the gateway
 * cleans before a client sees it: Kafka DescribeConfigs (adapters/kafka/authz/config-values.ts),
 * Fluss DESCRIBE_CLUSTER_CONFIGS (adapters/fluss/config-values.ts) and Flink's JSON config
 * answers (http/config-answer.ts). A secret value is always hidden, whatever `configValues` says.
 *
 * The words are the union of what those cleaners listed (Kafka's sensitive config names, Fluss's
 * ConfigurationUtils sensitive key parts plus sasl and credential, Flink's GlobalConfiguration
 * sensitive keys plus HTTP authorization words): a key one backend treats as a secret is hidden
 * from every backend's answers (fail closed). Matching is case-insensitive, by substring, plus
 * a `key`/`keys` segment of a dotted, dashed or underscored name (ssl.key, fs.s3a.secret.key).
 */

const SECRET_WORDS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'credential',
  'token',
  'jaas.config',
  'sasl',
  'private',
  'apikey',
  'api-key',
  'api_key',
  'accesskey',
  'access-key',
  'access.key',
  'access_key',
  'auth-params',
  'service-key',
  'basic-auth',
  'http-headers',
  'account.key',
  'authorization',
  'bearer',
  'signature',
  'keystore.certificate.chain',
  'truststore.certificates',
];

/** A `key` or `keys` segment: ssl.key, s3.access-key, fs.azure.account.key.<account>. */
const KEY_SEGMENT = /(^|[._-])keys?($|[._-])/;

/** Whether a config key names a secret (its value must never reach a client or a log). */
export function isSecretConfigKey(key: string): boolean {
  const k = key.toLowerCase();
  return SECRET_WORDS.some((w) => k.includes(w)) || KEY_SEGMENT.test(k);
}
