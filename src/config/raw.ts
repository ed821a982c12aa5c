/**
 * The config file's shape as written (after `${VAR}` substitution and schema validation): every
 * optional key may be absent, durations and sizes are still strings. Only normalize.ts and the
 * checks read this; the rest of the gateway sees the resolved `Config`.
 */

export interface RawClientTls { ca?: string; cert?: string; key?: string; serverName?: string }
export interface RawServerTls { cert: string; key: string; clientCa?: string; clientAuth?: string; minVersion?: string }

export interface RawCluster {
  protocol: string;
  bootstrap?: string[] | string;
  url?: string;
  tls?: RawClientTls;
  configValues?: string;
}

export interface RawListener {
  name: string;
  mode?: string;
  cluster?: string;
  protocol?: string;
  bind: string;
  advertise?: string;
  nodePorts?: string | number;
  tls?: RawServerTls;
  authentication?: string[];
  sasl?: { mechanisms?: string[]; reauthenticate?: string };
  bearer?: { jwksUrl: string; issuer: string; audience: string | string[]; algorithms?: string[]; principalClaim?: string; jwksCache?: string };
  principalFrom?: string;
  enforcement?: string;
  allowedOrigins?: string[];
  upstream?: { address: string; tls: RawClientTls };
}

export interface RawConfig {
  clusters?: Record<string, RawCluster>;
  listeners: RawListener[];
  principals?: { mtls?: { rules?: string[]; san?: string; sanPattern?: string }; superUsers?: string[] };
  credentials?: string;
  acls?: { store?: string; allowIfNoAcl?: boolean };
  limits?: {
    maxFrameBytes?: string | number;
    maxConnections?: number;
    authTimeout?: string;
    idleTimeout?: string;
    failedAuth?: { delay?: string; maxDelay?: string; closeAfter?: number };
  };
  admin?: { bind?: string };
  workers?: number | 'auto';
  log?: { level?: string };
  audit?: { file?: string; allows?: string; sampleRate?: number };
}
