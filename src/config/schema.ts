/**
 * JSON schema of the config file (after `${VAR}` substitution). Every object forbids unknown keys.
 * Value languages (durations, sizes, addresses, port ranges, names) are ajv formats backed by
 * units.ts, so the error text can say what shape was expected.
 */
import { parseDuration, parseHostPort, parsePortRange, parseSize } from './units.js';

type Schema = Record<string, unknown>;

/** Format name → [validator, what the value should look like]. */
export const FORMATS: Record<string, [(s: string) => boolean, string]> = {
  duration: [(s) => parseDuration(s) !== undefined, 'a duration such as 250ms, 30s, 5m, 1h'],
  size: [(s) => parseSize(s) !== undefined, 'a size such as 512, 64KiB, 100MiB, 1GiB'],
  'host-port': [(s) => parseHostPort(s) !== undefined, 'host:port (port 0..65535)'],
  'host-port-list': [(s) => s.split(',').every((p) => parseHostPort(p) !== undefined), 'a comma-separated list of host:port'],
  'node-ports': [(s) => s === 'auto' || s === '0' || parsePortRange(s) !== undefined, 'auto, or a map such as { base: 9100, maxId: 31 }'],
  'node-key': [(s) => /^(broker|controller|tablet):\d{1,10}$|^coordinator$/.test(s), 'a node such as broker:7, controller:1, tablet:3 or coordinator'],
  name: [(s) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(s), 'a name of letters, digits, ".", "_" and "-"'],
  principal: [(s) => /^[A-Za-z]+:.+$/.test(s), 'a principal such as User:alice'],
  'http-url': [(s) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(s), 'an http:// or https:// URL'],
  regex: [(s) => compiles(s), 'a valid regular expression'],
  'web-origin': [(s) => /^https?:\/\/[^\s/?#@]+$/.test(s) && canParseUrl(s), 'a web origin such as https://flink.example.com (scheme://host[:port], no path)'],
};

function canParseUrl(s: string): boolean {
  try {
    return new URL(s).host.length > 0;
  } catch {
    return false;
  }
}

function compiles(s: string): boolean {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
}

const str = (format?: string): Schema => (format ? { type: 'string', format } : { type: 'string', minLength: 1 });
const obj = (properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
});
const enumOf = (...values: string[]): Schema => ({ type: 'string', enum: values });
const listOf = (items: Schema, minItems = 1): Schema => ({ type: 'array', items, minItems, uniqueItems: true });

const duration = str('duration');
const size: Schema = { type: ['string', 'integer'], format: 'size', minimum: 0 };
const hostPort = str('host-port');
const path = str();
const port: Schema = { type: 'integer', minimum: 1, maximum: 65535 };
const nodeId: Schema = { type: 'integer', minimum: 0, maximum: 2147483647 };
const offset: Schema = { type: 'integer', minimum: 0, maximum: 65534 };
/** `auto` (ephemeral ports, tests) or the deterministic map (proxy/node-port-map.ts); a range string is refused by the checks. */
const nodePorts: Schema = {
  if: { type: 'object' },
  then: obj(
    {
      base: port,
      minId: nodeId,
      maxId: nodeId,
      offsets: obj({ broker: offset, controller: offset, coordinator: offset, tablet: offset }),
      overrides: { type: 'object', propertyNames: { format: 'node-key' }, additionalProperties: port },
    },
    ['base'],
  ),
  else: { type: ['string', 'integer'], format: 'node-ports', minimum: 0, maximum: 65535 },
};

const clientTls = obj({ ca: path, cert: path, key: path, serverName: str() });
const serverTls = obj({ cert: path, key: path, clientCa: path, clientAuth: enumOf('none', 'requested', 'required'), minVersion: enumOf('TLSv1.2', 'TLSv1.3'), crl: { oneOf: [path, listOf(path)] } }, [
  'cert',
  'key',
]);

/** A shared store on etcd: endpoints are http(s)://host:port; one key `<prefix>/document` holds the store. */
const etcdStore = obj(
  {
    endpoints: listOf(str('http-url')),
    prefix: { type: 'string', pattern: '^/[^\\s]*$' },
    tls: obj({ ca: path, cert: path, key: path }, ['ca']),
    auth: obj({ username: str(), password: str() }, ['username', 'password']),
  },
  ['endpoints', 'prefix'],
);

const streamCluster = obj(
  {
    protocol: enumOf('kafka', 'fluss', 'http'),
    bootstrap: { type: ['array', 'string'], items: hostPort, minItems: 1, format: 'host-port-list' },
    tls: clientTls,
    configValues: enumOf('rewrite', 'redact', 'pass'),
    sasl: obj({
      mechanism: enumOf('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'),
      identity: enumOf('service', 'mapped', 'passthrough'),
      username: str(),
      password: str(),
      passwordFile: path,
      mapping: path,
    }),
  },
  ['protocol', 'bootstrap'],
);
const httpCluster = obj({ protocol: enumOf('http'), url: str('http-url'), tls: clientTls, configValues: enumOf('rewrite', 'redact', 'pass') }, ['protocol', 'url']);
const cluster: Schema = {
  type: 'object',
  if: { properties: { protocol: { const: 'http' } }, required: ['protocol'] },
  then: httpCluster,
  else: streamCluster,
};

const listenerMode = enumOf('gateway', 'client-sidecar');
/** SASL/OAUTHBEARER: JWTs checked against the issuer's JWKS (jwksUrl, or OIDC discovery from issuer). */
const oauthbearer = obj(
  {
    issuer: str(),
    jwksUrl: str('http-url'),
    audience: { oneOf: [str(), listOf(str())] },
    principalClaim: str(),
    clockSkewSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    allowedAlgorithms: listOf(enumOf('RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA')),
    jwksCache: duration,
    jwksCooldown: duration,
    maxTokenBytes: { type: 'integer', minimum: 256, maximum: 16384 },
  },
  ['issuer', 'audience'],
);
const gatewayListener = obj(
  {
    name: str('name'),
    mode: listenerMode,
    cluster: str('name'),
    bind: hostPort,
    advertise: str(),
    nodePorts,
    sni: obj({ bootstrap: str(), node: str() }, ['bootstrap', 'node']),
    tls: serverTls,
    authentication: listOf(enumOf('none', 'sasl', 'mtls', 'basic')),
    sasl: obj({
      mechanisms: listOf(enumOf('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'GSSAPI', 'OAUTHBEARER')),
      reauthenticate: duration,
      gssapi: obj({ keytab: str(), principal: str(), principalToLocalRules: listOf(str()), defaultRealm: str(), python: str() }, ['keytab', 'principal']),
      oauthbearer,
    }),
    principalFrom: enumOf('sasl', 'basic', 'mtls', 'must-match'),
    enforcement: enumOf('enforce', 'shadow'),
    allowedOrigins: listOf(str('web-origin'), 0),
    bearer: obj(
      {
        jwksUrl: str('http-url'),
        issuer: str(),
        audience: { oneOf: [str(), listOf(str())] },
        algorithms: listOf(enumOf('RS256', 'RS384', 'RS512', 'ES256', 'ES384')),
        principalClaim: str(),
        jwksCache: duration,
      },
      ['jwksUrl', 'issuer', 'audience'],
    ),
  },
  ['name', 'cluster', 'bind'],
);
const sidecarListener = obj(
  {
    name: str('name'),
    mode: listenerMode,
    protocol: enumOf('kafka', 'fluss'),
    bind: hostPort,
    advertise: str(),
    nodePorts,
    upstream: obj({ address: hostPort, tls: obj({ ca: path, cert: path, key: path, serverName: str() }, ['cert', 'key']) }, ['address', 'tls']),
  },
  ['name', 'mode', 'protocol', 'bind', 'upstream'],
);
const listener: Schema = {
  type: 'object',
  if: { properties: { mode: { const: 'client-sidecar' } }, required: ['mode'] },
  then: sidecarListener,
  else: gatewayListener,
};

export const CONFIG_SCHEMA: Schema = obj(
  {
    clusters: { type: 'object', propertyNames: { format: 'name' }, additionalProperties: cluster },
    listeners: { type: 'array', minItems: 1, items: listener },
    principals: obj({
      mtls: obj({ rules: listOf(str()), san: enumOf('dns', 'uri'), sanPattern: str('regex') }),
      superUsers: listOf(str('principal'), 0),
    }),
    credentials: { oneOf: [path, obj({ file: path, closeOnRemoval: { type: 'boolean' } }, ['file']), obj({ etcd: etcdStore, closeOnRemoval: { type: 'boolean' } }, ['etcd'])] },
    acls: obj({ store: path, etcd: etcdStore, allowIfNoAcl: { type: 'boolean' } }),
    limits: obj({
      maxFrameBytes: size,
      preAuthMaxFrameBytes: size,
      maxConnections: { type: 'integer', minimum: 1 },
      maxConnectionsPerAddress: { type: 'integer', minimum: 0 },
      handshakeTimeout: duration,
      authTimeout: duration,
      idleTimeout: duration,
      failedAuth: obj({ delay: duration, maxDelay: duration, closeAfter: { type: 'integer', minimum: 0 }, decay: duration }),
      authHashing: obj({ concurrency: { type: 'integer', minimum: 1 }, queue: { type: 'integer', minimum: 0 } }),
    }),
    admin: obj({ bind: hostPort }),
    workers: { anyOf: [{ type: 'integer', minimum: 1, maximum: 256 }, { const: 'auto' }] },
    log: obj({ level: enumOf('trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent') }),
    audit: obj({ file: path, allows: enumOf('all', 'sampled', 'none'), sampleRate: { type: 'number', minimum: 0, maximum: 1 } }),
    quotas: obj(
      {
        window: obj({ samples: { type: 'integer', minimum: 2, maximum: 100 }, size: duration }),
        entries: {
          type: 'array',
          maxItems: 10_000,
          items: obj({ user: str(), clientId: { type: 'string' }, producerByteRate: size, consumerByteRate: size, requestPercentage: { type: 'number', exclusiveMinimum: 0 } }),
        },
      },
      ['entries'],
    ),
  },
  ['listeners'],
);
