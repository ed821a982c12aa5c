/**
 * The config file's shape as written (after `${VAR}` substitution and schema validation): every
 * optional key may be absent, durations and sizes are still strings. Only normalize.ts and the
 * checks read this; the rest of the gateway sees the resolved `Config`.
 */

export interface RawClientTls {
  ca?: string;
  cert?: string;
  key?: string;
  serverName?: string;
}
export interface RawServerTls {
  cert: string;
  key: string;
  clientCa?: string;
  clientAuth?: string;
  minVersion?: string;
  crl?: string | string[];
}

export interface RawCluster {
  protocol: string;
  bootstrap?: string[] | string;
  url?: string;
  configValues?: string;
  tls?: RawClientTls;
  sasl?: { mechanism?: string; identity?: string; username?: string; password?: string; passwordFile?: string; mapping?: string };
}

export interface RawNodePorts {
  base: number;
  minId?: number;
  maxId?: number;
  offsets?: { broker?: number; controller?: number; coordinator?: number; tablet?: number };
  overrides?: Record<string, number>;
}

export interface RawListener {
  name: string;
  mode?: string;
  cluster?: string;
  protocol?: string;
  bind: string;
  advertise?: string;
  nodePorts?: string | number | RawNodePorts;
  tls?: RawServerTls;
  sni?: { bootstrap: string; node: string };
  authentication?: string[];
  sasl?: {
    mechanisms?: string[];
    reauthenticate?: string;
    gssapi?: { keytab: string; principal: string; principalToLocalRules?: string[]; defaultRealm?: string; python?: string };
    oauthbearer?: RawOAuthBearer;
  };
  bearer?: { jwksUrl: string; issuer: string; audience: string | string[]; algorithms?: string[]; principalClaim?: string; jwksCache?: string };
  principalFrom?: string;
  enforcement?: string;
  allowedOrigins?: string[];
  upstream?: { address: string; tls: RawClientTls };
}

export interface RawEtcdStore {
  endpoints: string[];
  prefix: string;
  tls?: { ca: string; cert?: string; key?: string };
  auth?: { username: string; password: string };
}

export interface RawConfig {
  clusters?: Record<string, RawCluster>;
  listeners: RawListener[];
  principals?: { mtls?: { rules?: string[]; san?: string; sanPattern?: string }; superUsers?: string[] };
  credentials?: string | { file: string; closeOnRemoval?: boolean } | { etcd: RawEtcdStore; closeOnRemoval?: boolean };
  acls?: { store?: string; etcd?: RawEtcdStore; allowIfNoAcl?: boolean };
  limits?: {
    maxFrameBytes?: string | number;
    preAuthMaxFrameBytes?: string | number;
    maxConnections?: number;
    maxConnectionsPerAddress?: number;
    handshakeTimeout?: string;
    authTimeout?: string;
    idleTimeout?: string;
    failedAuth?: { delay?: string; maxDelay?: string; closeAfter?: number; decay?: string };
    authHashing?: { concurrency?: number; queue?: number };
  };
  admin?: { bind?: string };
  workers?: number | 'auto';
  log?: { level?: string };
  audit?: { file?: string; allows?: string; sampleRate?: number };
  quotas?: RawQuotas;
}

/** `quotas:` as written (sizes as text or bytes, the window size as a duration). */
export interface RawQuotas {
  window?: { samples?: number; size?: string };
  entries: Array<{ user?: string; clientId?: string; producerByteRate?: string | number; consumerByteRate?: string | number; requestPercentage?: number }>;
}

export interface RawOAuthBearer {
  issuer: string;
  jwksUrl?: string;
  audience: string | string[];
  principalClaim?: string;
  clockSkewSeconds?: number;
  allowedAlgorithms?: string[];
  jwksCache?: string;
  jwksCooldown?: string;
  maxTokenBytes?: number;
}
