/**
 * Raw (validated) file shape → resolved `Config`: defaults filled in, units converted, addresses
 * split, paths made absolute against the config file's folder. Pure mapping: the semantic checks
 * live in checks.ts and files.ts.
 */
import os from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import type { RawClientTls, RawCluster, RawConfig, RawEtcdStore, RawListener, RawNodePorts, RawOAuthBearer, RawQuotas, RawServerTls } from './raw.js';
import { defaultOffsets } from './node-port-map.js';
import type * as T from './types.js';
import { isWildcardHost, parseDuration, parseHostPort, parsePortRange, parseSize } from './units.js';

export const DEFAULTS = {
  maxFrameBytes: 100 * 1024 * 1024,
  preAuthMaxFrameBytes: 512 * 1024,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 0,
  handshakeTimeout: '10s',
  authTimeout: '10s',
  idleTimeout: '10m',
  failedAuth: { delay: '1s', maxDelay: '30s', closeAfter: 5, decay: '60s' },
  authHashing: { concurrency: 2, queue: 32 },
  minVersion: 'TLSv1.2' as T.TlsVersion,
  adminBind: '127.0.0.1:9404',
  logLevel: 'info' as T.LogLevel,
  enforcement: 'enforce' as T.Enforcement,
  saslMechanisms: ['PLAIN'] as T.SaslMechanism[],
  audit: { file: 'stdout', allows: 'sampled' as const, sampleRate: 0.01 },
  /** Kafka's quota.window.num / quota.window.size.seconds defaults. */
  quotaWindow: { samples: 11, size: '1s' },
  nodeMinId: 0,
  /** Default maxId is minId + 31: 32 ids per kind. */
  nodeMaxId: 31,
};

/** Parsers below only see values the schema accepted, so a failed parse is a bug, not user error. */
function must<V>(v: V | undefined, what: string): V {
  if (v === undefined) throw new Error(`config normalize: schema let through an invalid ${what}`);
  return v;
}
const ms = (s: string): number => must(parseDuration(s), 'duration');
const hostPort = (s: string): T.HostPort => must(parseHostPort(s), 'host:port');

function etcdStore(e: RawEtcdStore, file: (p: string) => string): T.EtcdStoreConfig {
  return {
    endpoints: e.endpoints.map((u) => u.replace(/\/+$/, '')),
    prefix: e.prefix.replace(/\/+$/, '') || '/',
    tls: e.tls ? { ca: file(e.tls.ca), cert: e.tls.cert ? file(e.tls.cert) : null, key: e.tls.key ? file(e.tls.key) : null } : null,
    auth: e.auth ? { username: e.auth.username, password: e.auth.password } : null,
  };
}

export function normalize(raw: RawConfig, baseDir: string, meta: T.ConfigMeta): T.Config {
  const file = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  const clientTls = (t: RawClientTls | undefined): T.ClientTls | null =>
    t ? { ca: t.ca ? file(t.ca) : null, cert: t.cert ? file(t.cert) : null, key: t.key ? file(t.key) : null, serverName: t.serverName ?? null } : null;

  const clusters: Record<string, T.ClusterConfig> = {};
  for (const [name, c] of Object.entries(raw.clusters ?? {})) clusters[name] = cluster(name, c, clientTls, file);

  const listeners = raw.listeners.map((l) => listener(l, clusters, file, clientTls));
  const p = raw.principals ?? {};
  const limits = raw.limits ?? {};
  const failed = { ...DEFAULTS.failedAuth, ...limits.failedAuth };
  return {
    clusters,
    listeners,
    principals: {
      mtls: { rules: p.mtls?.rules ?? ['DEFAULT'], san: (p.mtls?.san as 'dns' | 'uri' | undefined) ?? null, sanPattern: p.mtls?.sanPattern ?? null },
      superUsers: p.superUsers ?? [],
    },
    credentials: typeof raw.credentials === 'string' ? file(raw.credentials) : raw.credentials && 'file' in raw.credentials ? file(raw.credentials.file) : null,
    credentialsEtcd: raw.credentials && typeof raw.credentials === 'object' && 'etcd' in raw.credentials ? etcdStore(raw.credentials.etcd, file) : null,
    credentialsCloseOnRemoval: typeof raw.credentials === 'object' ? (raw.credentials.closeOnRemoval ?? true) : true,
    acls: { store: raw.acls?.store ? file(raw.acls.store) : null, etcd: raw.acls?.etcd ? etcdStore(raw.acls.etcd, file) : null, allowIfNoAcl: raw.acls?.allowIfNoAcl ?? false },
    limits: {
      maxFrameBytes: limits.maxFrameBytes === undefined ? DEFAULTS.maxFrameBytes : must(parseSize(limits.maxFrameBytes), 'size'),
      preAuthMaxFrameBytes: limits.preAuthMaxFrameBytes === undefined ? DEFAULTS.preAuthMaxFrameBytes : must(parseSize(limits.preAuthMaxFrameBytes), 'size'),
      maxConnections: limits.maxConnections ?? DEFAULTS.maxConnections,
      maxConnectionsPerAddress: limits.maxConnectionsPerAddress ?? DEFAULTS.maxConnectionsPerAddress,
      handshakeTimeoutMs: ms(limits.handshakeTimeout ?? DEFAULTS.handshakeTimeout),
      authTimeoutMs: ms(limits.authTimeout ?? DEFAULTS.authTimeout),
      idleTimeoutMs: ms(limits.idleTimeout ?? DEFAULTS.idleTimeout),
      failedAuth: { delayMs: ms(failed.delay), maxDelayMs: ms(failed.maxDelay), closeAfter: failed.closeAfter, decayMs: ms(failed.decay) },
      authHashing: { ...DEFAULTS.authHashing, ...limits.authHashing },
    },
    admin: { bind: hostPort(raw.admin?.bind ?? DEFAULTS.adminBind) },
    workers: raw.workers === 'auto' ? os.availableParallelism() : (raw.workers ?? 1),
    log: { level: (raw.log?.level as T.LogLevel | undefined) ?? DEFAULTS.logLevel },
    audit: {
      file: raw.audit?.file === undefined || raw.audit.file === 'stdout' ? 'stdout' : file(raw.audit.file),
      allows: (raw.audit?.allows as T.AuditConfig['allows'] | undefined) ?? DEFAULTS.audit.allows,
      sampleRate: raw.audit?.sampleRate ?? DEFAULTS.audit.sampleRate,
    },
    quotas: raw.quotas ? quotas(raw.quotas) : null,
    meta,
  };
}

function quotas(q: RawQuotas): T.QuotasConfig {
  const rate = (v: string | number | undefined): number | undefined => (v === undefined ? undefined : must(parseSize(v), 'size'));
  return {
    window: { samples: q.window?.samples ?? DEFAULTS.quotaWindow.samples, windowMs: ms(q.window?.size ?? DEFAULTS.quotaWindow.size) },
    entries: q.entries.map((e) => {
      const out: T.QuotaEntryConfig = {};
      if (e.user !== undefined) out.user = e.user;
      if (e.clientId !== undefined) out.clientId = e.clientId;
      const produce = rate(e.producerByteRate);
      const consume = rate(e.consumerByteRate);
      if (produce !== undefined) out.producerByteRate = produce;
      if (consume !== undefined) out.consumerByteRate = consume;
      if (e.requestPercentage !== undefined) out.requestPercentage = e.requestPercentage;
      return out;
    }),
  };
}

function cluster(name: string, c: RawCluster, clientTls: (t: RawClientTls | undefined) => T.ClientTls | null, file: (p: string) => string): T.ClusterConfig {
  const tls = clientTls(c.tls);
  if (c.protocol === 'http') {
    const configValues = (c.configValues as T.HttpCluster['configValues'] | undefined) ?? 'rewrite';
    return { name, protocol: 'http', url: c.url!.replace(/\/+$/, ''), tls, configValues };
  }
  const list = typeof c.bootstrap === 'string' ? c.bootstrap.split(',') : c.bootstrap!;
  const configValues = (c.configValues as T.StreamCluster['configValues'] | undefined) ?? 'rewrite';
  return { name, protocol: c.protocol as T.StreamProtocol, bootstrap: list.map(hostPort), tls, configValues, sasl: backendSasl(c.sasl, file) };
}

function backendSasl(s: RawCluster['sasl'], file: (p: string) => string): T.BackendSasl | null {
  if (!s) return null;
  return {
    mechanism: (s.mechanism as T.BackendSasl['mechanism'] | undefined) ?? 'PLAIN',
    identity: (s.identity as T.BackendSasl['identity'] | undefined) ?? 'service',
    username: s.username ?? null,
    password: s.password ?? null,
    passwordFile: s.passwordFile ? file(s.passwordFile) : null,
    mapping: s.mapping ? file(s.mapping) : null,
  };
}

function nodePorts(v: string | number | RawNodePorts | undefined, protocol: T.Protocol): T.NodePorts | null {
  if (v === undefined) return null;
  if (v === 0 || v === '0' || v === 'auto') return { kind: 'ephemeral' };
  if (typeof v === 'object') {
    const minId = v.minId ?? DEFAULTS.nodeMinId;
    const maxId = v.maxId ?? minId + DEFAULTS.nodeMaxId;
    const offsets = v.offsets ?? (protocol === 'http' ? {} : defaultOffsets(protocol, minId, maxId));
    return { kind: 'ids', base: v.base, minId, maxId, offsets, overrides: { ...v.overrides } };
  }
  const range = must(parsePortRange(String(v)), 'port range');
  return { kind: 'legacy-range', ...range };
}

function advertise(l: RawListener, bind: T.HostPort): string {
  if (l.advertise) return l.advertise;
  return isWildcardHost(bind.host) ? '127.0.0.1' : bind.host;
}

function serverTls(t: RawServerTls | undefined, file: (p: string) => string): T.ServerTls | null {
  if (!t) return null;
  return {
    cert: file(t.cert),
    key: file(t.key),
    clientCa: t.clientCa ? file(t.clientCa) : null,
    clientAuth: (t.clientAuth as T.ClientAuth | undefined) ?? (t.clientCa ? 'required' : 'none'),
    minVersion: (t.minVersion as T.TlsVersion | undefined) ?? DEFAULTS.minVersion,
    ...(t.crl === undefined ? {} : { crl: (typeof t.crl === 'string' ? [t.crl] : t.crl).map(file) }),
  };
}

function listener(l: RawListener, clusters: Record<string, T.ClusterConfig>, file: (p: string) => string, clientTls: (t: RawClientTls | undefined) => T.ClientTls | null): T.ListenerConfig {
  const bind = hostPort(l.bind);
  const protocol: T.Protocol = l.mode === 'client-sidecar' ? (l.protocol as T.StreamProtocol) : (clusters[l.cluster!]?.protocol ?? 'kafka');
  const common = { name: l.name, bind, advertise: advertise(l, bind), nodePorts: nodePorts(l.nodePorts, protocol) };
  if (l.mode === 'client-sidecar') {
    const up = l.upstream!;
    return { ...common, mode: 'client-sidecar', protocol: l.protocol as T.StreamProtocol, upstream: { address: hostPort(up.address), tls: clientTls(up.tls)! } };
  }
  const authentication = (l.authentication ?? ['none']) as T.AuthMethod[];
  const password = authentication.find((a): a is 'sasl' | 'basic' => a === 'sasl' || a === 'basic');
  const both = password !== undefined && authentication.includes('mtls');
  const sasl: T.SaslSettings | null = authentication.includes('sasl')
    ? {
        mechanisms: (l.sasl?.mechanisms as T.SaslMechanism[] | undefined) ?? DEFAULTS.saslMechanisms,
        reauthenticateMs: l.sasl?.reauthenticate ? ms(l.sasl.reauthenticate) : null,
        ...(l.sasl?.gssapi ? { gssapi: gssapiSettings(l.sasl.gssapi, file) } : {}),
        oauthbearer: l.sasl?.oauthbearer ? oauthBearer(l.sasl.oauthbearer) : null,
      }
    : null;
  return {
    ...common,
    mode: 'gateway',
    // an unknown cluster is reported by the checks; the protocol then does not matter
    protocol: clusters[l.cluster!]?.protocol ?? 'kafka',
    cluster: l.cluster!,
    tls: serverTls(l.tls, file),
    sni: l.sni ? { bootstrap: l.sni.bootstrap, node: l.sni.node } : null,
    authentication,
    sasl,
    principalFrom: both ? ((l.principalFrom as T.GatewayListener['principalFrom']) ?? password) : null,
    enforcement: (l.enforcement as T.Enforcement | undefined) ?? DEFAULTS.enforcement,
    allowedOrigins: [...new Set((l.allowedOrigins ?? []).map((o) => new URL(o).origin))],
    bearer: l.bearer
      ? {
          jwksUrl: l.bearer.jwksUrl,
          issuer: l.bearer.issuer,
          audience: Array.isArray(l.bearer.audience) ? l.bearer.audience : [l.bearer.audience],
          algorithms: (l.bearer.algorithms as NonNullable<T.BearerConfig['algorithms']> | undefined) ?? null,
          principalClaim: l.bearer.principalClaim ?? null,
          jwksCacheMs: l.bearer.jwksCache ? ms(l.bearer.jwksCache) : null,
        }
      : null,
  };
}

function gssapiSettings(g: NonNullable<NonNullable<RawListener['sasl']>['gssapi']>, file: (p: string) => string): T.GssapiSettings {
  const at = g.principal.lastIndexOf('@');
  return {
    keytab: file(g.keytab),
    principal: g.principal,
    principalToLocalRules: g.principalToLocalRules ?? ['DEFAULT'],
    defaultRealm: g.defaultRealm ?? (at >= 0 ? g.principal.slice(at + 1) : ''),
    python: g.python ?? '/usr/bin/python3',
  };
}

function oauthBearer(o: RawOAuthBearer): T.OAuthBearerConfig {
  return {
    issuer: o.issuer,
    jwksUrl: o.jwksUrl ?? null,
    audience: Array.isArray(o.audience) ? o.audience : [o.audience],
    principalClaim: o.principalClaim ?? 'sub',
    clockSkewSeconds: o.clockSkewSeconds ?? 30,
    allowedAlgorithms: (o.allowedAlgorithms as T.OAuthBearerConfig['allowedAlgorithms'] | undefined) ?? ['RS256', 'ES256'],
    jwksCacheMs: o.jwksCache ? ms(o.jwksCache) : 600_000,
    jwksCooldownMs: o.jwksCooldown ? ms(o.jwksCooldown) : 30_000,
    maxTokenBytes: o.maxTokenBytes ?? 4096,
  };
}
