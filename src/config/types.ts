/**
 * The typed, resolved configuration the gateway runs on. `parseConfig` turns the YAML file into
 * this shape: defaults filled in, durations in milliseconds, sizes in bytes, `host:port` strings
 * split, file paths absolute. Field names follow the file; a unit suffix (`Ms`) is added where the
 * file's string became a number.
 */

import type { NodePortPlan } from './node-port-map.js';

export type Protocol = 'kafka' | 'fluss' | 'http';
export type StreamProtocol = 'kafka' | 'fluss';
export type AuthMethod = 'none' | 'sasl' | 'mtls' | 'basic';
export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' | 'GSSAPI' | 'OAUTHBEARER';
export type ClientAuth = 'none' | 'requested' | 'required';
export type TlsVersion = 'TLSv1.2' | 'TLSv1.3';
export type Enforcement = 'enforce' | 'shadow';
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface HostPort {
  host: string;
  /** 0 = an ephemeral port (tests). */
  port: number;
}

/** Ports for the per-backend-node endpoints of a listener. */
export type NodePorts =
  /** The deterministic map: a node's port is a function of its kind and id (proxy/node-port-map.ts). */
  | ({ kind: 'ids' } & NodePortPlan)
  /** `0` or `auto` in the file: every node endpoint gets an ephemeral port (tests, demos). */
  | { kind: 'ephemeral' }
  /** The old `9124-9199` form (ports in discovery order); always refused by the checks. */
  | { kind: 'legacy-range'; first: number; last: number };

/** TLS the gateway offers to clients on a listener. */
export interface ServerTls {
  cert: string;
  key: string;
  /** CA bundle that client certificates must chain to; null = client certificates not asked for. */
  clientCa: string | null;
  /** Default: `required` when clientCa is set, else `none`. */
  clientAuth: ClientAuth;
  minVersion: TlsVersion;
  /** PEM CRL files client certificates are checked against (absent or empty = no CRL check). */
  crl?: readonly string[];
}

/** TLS the gateway uses towards a backend or an edge gateway. */
export interface ClientTls {
  /** CA bundle to verify the server with; null = the system's default CAs. */
  ca: string | null;
  /** Client certificate and key, both or neither. */
  cert: string | null;
  key: string | null;
  /** Name checked against the server certificate; null = the host being connected to. */
  serverName: string | null;
}

export interface SaslSettings {
  mechanisms: SaslMechanism[];
  /** Kafka only: the longest a SASL session lives before the client must re-authenticate; null = never. */
  reauthenticateMs: number | null;
  /** Set when mechanisms list OAUTHBEARER. */
  oauthbearer: OAuthBearerConfig | null;
  /** Kafka GSSAPI (Kerberos); absent unless the listener has a sasl.gssapi section. */
  gssapi?: GssapiSettings;
}

export interface GssapiSettings {
  /** Keytab holding the service principal's keys (resolved against the config file's folder). */
  keytab: string;
  /** The gateway's service principal, e.g. kafka/broker.example.com@EXAMPLE.COM. */
  principal: string;
  /** Kafka's sasl.kerberos.principal.to.local.rules; default [DEFAULT]. */
  principalToLocalRules: string[];
  /** Realm the DEFAULT rule accepts; default the service principal's realm. */
  defaultRealm: string;
  /** Python 3 with the gssapi module (Debian python3-gssapi); default /usr/bin/python3. */
  python: string;
}

/** SASL/OAUTHBEARER token checks (KIP-255 / KIP-768 OIDC settings on the client side). */
export interface OAuthBearerConfig {
  issuer: string;
  /** null = OIDC discovery: `<issuer>/.well-known/openid-configuration` names the JWKS. */
  jwksUrl: string | null;
  audience: string[];
  principalClaim: string;
  clockSkewSeconds: number;
  allowedAlgorithms: Array<'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'>;
  jwksCacheMs: number;
  jwksCooldownMs: number;
  maxTokenBytes: number;
}

interface ListenerCommon {
  name: string;
  /** The wire protocol spoken on this listener (for gateway listeners: the cluster's protocol). */
  protocol: Protocol;
  bind: HostPort;
  /**
   * Host name clients are told to use for node endpoints. Default: the bind host, or 127.0.0.1
   * when binding a wildcard address (0.0.0.0 or ::) — set it explicitly for real deployments.
   */
  advertise: string;
  /** Null for HTTP listeners (they have no per-node endpoints). */
  nodePorts: NodePorts | null;
}

/** A listener in front of one backend cluster: TLS and authentication in, plaintext out. */
export interface GatewayListener extends ListenerCommon {
  mode: 'gateway';
  cluster: string;
  tls: ServerTls | null;
  /**
   * SNI routing: the bootstrap and every node on the bind port, chosen by the TLS host name;
   * nodes are advertised as `node` with `$(nodeId)` / `$(kind)` filled in. Null = a port per node.
   */
  sni: { bootstrap: string; node: string } | null;
  /** Accepted ways to authenticate; `[none]` = anonymous (`User:ANONYMOUS`). */
  authentication: AuthMethod[];
  sasl: SaslSettings | null;
  /**
   * Where the principal comes from when a client presents both a password (SASL or basic) and a
   * certificate: the password's user, the certificate's mapped name, or both must agree.
   * Only set when `authentication` lists mtls and sasl/basic; else null.
   */
  principalFrom: 'sasl' | 'basic' | 'mtls' | 'must-match' | null;
  /** `shadow`: decide, log and count denials, but let the request through. */
  enforcement: Enforcement;
  /** HTTP listeners: bearer tokens (JWT) verified against a JWKS; null = no bearer tokens. */
  bearer: BearerConfig | null;
  /**
   * HTTP listeners: web origins (scheme://host[:port], normalised) besides the listener's own
   * from which browsers may send state-changing requests; [] = only the listener's own.
   */
  allowedOrigins: string[];
}

export interface BearerConfig {
  jwksUrl: string;
  issuer: string;
  audience: string[];
  algorithms: Array<'RS256' | 'RS384' | 'RS512' | 'ES256' | 'ES384'> | null;
  /** Claim holding the user name (default `sub`). */
  principalClaim: string | null;
  jwksCacheMs: number | null;
}

/** A client-side sidecar: plaintext from a local application, mTLS out to an edge gateway. */
export interface SidecarListener extends ListenerCommon {
  mode: 'client-sidecar';
  protocol: StreamProtocol;
  upstream: { address: HostPort; tls: ClientTls };
}

export type ListenerConfig = GatewayListener | SidecarListener;

/** Host-bearing values in config answers: rewritten to gateway endpoints, redacted, or passed. */
export type ConfigValuesMode = 'rewrite' | 'redact' | 'pass';

export interface StreamCluster {
  name: string;
  protocol: StreamProtocol;
  bootstrap: HostPort[];
  tls: ClientTls | null;
  /**
   * Host-bearing values in config answers (Kafka DescribeConfigs: advertised.listeners, listeners, ...;
   * Fluss DESCRIBE_CLUSTER_CONFIGS): rewrite to gateway endpoints (default), redact, or pass.
   * Credential-bearing values are always masked.
   */
  configValues: ConfigValuesMode;
  /** The gateway's own SASL login to a backend that has SASL; null = the backend has none (plaintext login-free). */
  sasl: BackendSasl | null;
}

/**
 * How the gateway logs in to a SASL backend on each connection it opens (`clusters.<name>.sasl`).
 * `service`: one identity for every connection. `mapped`: the client's principal picks a
 * username and password from the `mapping` file; a principal not in it is refused. The service
 * identity (optional with `mapped` and `passthrough`) also serves the gateway's own connections
 * (node discovery, Fluss table lookups). `passthrough`: the client's own PLAIN user and password.
 */
export interface BackendSasl {
  mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
  identity: 'service' | 'mapped' | 'passthrough';
  /** Username of the service identity; null = none. */
  username: string | null;
  /** The service password from the file (usually `${VAR}`); never printed. */
  password: string | null;
  /** Absolute path of a file holding the service password (one line); read at each login. */
  passwordFile: string | null;
  /** Absolute path of the principal -> backend credential file (identity: mapped); read again when it changes. */
  mapping: string | null;
}

export interface HttpCluster {
  name: string;
  protocol: 'http';
  /** Base URL of the backend, e.g. http://flink-jobmanager:8081 (no trailing slash). */
  url: string;
  tls: ClientTls | null;
  /**
   * Host-bearing values in configuration answers (Flink JSON): `rewrite` backend addresses to
   * the listener's, `redact` them, or `pass` them. Credential-bearing values are always redacted.
   */
  configValues: ConfigValuesMode;
}

export type ClusterConfig = StreamCluster | HttpCluster;

export interface MtlsPrincipalSettings {
  /** Kafka `ssl.principal.mapping.rules` entries, tried in order (`DEFAULT` = the whole DN). */
  rules: string[];
  /** Take the principal from a subject alternative name of this type instead of the DN. */
  san: 'dns' | 'uri' | null;
  /** With `san`: only SANs matching this regex count; capture group 1 (else the match) is the name. */
  sanPattern: string | null;
}

export interface LimitsConfig {
  maxFrameBytes: number;
  /** Largest frame before authentication (Kafka and Fluss listeners). */
  preAuthMaxFrameBytes: number;
  maxConnections: number;
  /** 0 = no per-address limit. */
  maxConnectionsPerAddress: number;
  handshakeTimeoutMs: number;
  authTimeoutMs: number;
  idleTimeoutMs: number;
  failedAuth: { delayMs: number; maxDelayMs: number; closeAfter: number; decayMs: number };
  /** Password checks (scrypt, SCRAM proofs) running at once, and waiting; more are refused. */
  authHashing: { concurrency: number; queue: number };
}

/** One quota entity (`<default>` names the default user / client id) and its limits (the shape of src/quota/entities.ts QuotaEntry). */
export interface QuotaEntryConfig {
  user?: string;
  clientId?: string;
  /** Bytes per second of Produce / PRODUCE_LOG / PUT_KV requests. */
  producerByteRate?: number;
  /** Bytes per second of Fetch / FETCH_LOG answers. */
  consumerByteRate?: number;
  /** Percent of one thread's time (Kafka's request_percentage). */
  requestPercentage?: number;
}

export interface QuotasConfig {
  /** Kafka's quota.window.num and quota.window.size.seconds (default 11 x 1 s). */
  window: { samples: number; windowMs: number };
  entries: QuotaEntryConfig[];
}

export interface AuditConfig {
  /** Absolute file path, or 'stdout'. */
  file: string;
  /** Which allowed decisions are written (denials always are). */
  allows: 'all' | 'sampled' | 'none';
  /** Fraction of allowed decisions written when `allows: sampled` (0..1). */
  sampleRate: number;
}

/** A store shared through etcd (src/store/etcd-document.ts). */
export interface EtcdStoreConfig {
  /** http(s)://host:port of the etcd members. */
  endpoints: string[];
  /** Key prefix; the store is the key `<prefix>/document`. */
  prefix: string;
  /** Absolute paths; ca is required, cert/key for client-certificate auth. */
  tls: { ca: string; cert: string | null; key: string | null } | null;
  auth: { username: string; password: string } | null;
}

export interface Config {
  clusters: Record<string, ClusterConfig>;
  listeners: ListenerConfig[];
  principals: { mtls: MtlsPrincipalSettings; superUsers: string[] };
  /** Absolute path of the credentials file (salted hashes); null = none, or on etcd (credentialsEtcd). */
  credentials: string | null;
  /** `credentials.closeOnRemoval`: close the connections of a removed user / credential (default true). */
  credentialsCloseOnRemoval: boolean;
  /** The credentials on etcd, shared by every replica (`credentials: {etcd: ...}`); null = not on etcd. */
  credentialsEtcd: EtcdStoreConfig | null;
  acls: {
    /** Absolute path of the ACL file the gateway owns; null = in memory only, or on etcd. */
    store: string | null;
    /** The ACL store on etcd, shared by every replica; null = not on etcd. */
    etcd: EtcdStoreConfig | null;
    allowIfNoAcl: boolean;
  };
  limits: LimitsConfig;
  admin: { bind: HostPort };
  /** Worker processes sharing every listener (node:cluster); 1 = no cluster. `auto` resolves to the core count. */
  workers: number;
  log: { level: LogLevel };
  audit: AuditConfig;
  /** Per-principal quotas (Kafka's semantics, src/quota/); null = no quota stage at all. */
  quotas?: QuotasConfig | null;
  /** Where the config came from; not part of the file. */
  meta: ConfigMeta;
}

export interface ConfigMeta {
  /** Absolute path of the config file (or a label such as `<demo>`). */
  source: string;
  /** Fields (file-shape paths, e.g. ['listeners', 0, 'advertise']) whose value came from `${VAR}`. */
  envValues: Array<{ path: Array<string | number>; variables: string[] }>;
  /** Things that are legal but probably not meant (printed by `check`). */
  warnings: string[];
}
