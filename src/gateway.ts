/**
 * Composition root: turns a resolved Config into running listeners with their protocol
 * adapters, shared services, metrics and logger. The only module that knows every other one.
 */
import fs from 'node:fs';
import type tls from 'node:tls';
import { Registry } from 'prom-client';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { Listener } from './proxy/listener.js';
import { DEFAULT_LIMITS, type ProxyLimits } from './proxy/settings.js';
import { loadServerTls, type ServerTlsState } from './tls/server-context.js';
import { GatewayError } from './errors.js';
import { createAdapter } from './adapters/registry.js';
import { CredentialStore } from './sasl/credentials.js';
import { FailedAuthThrottle } from './sasl/throttle.js';
import { CertificatePrincipalMapper } from './tls/principal.js';
import type { AuthPolicy } from './adapters/auth-policy.js';
import { Authorizer, MemoryAclState, type AclState, type AuditSink } from './adapters/authz.js';
import { AclFileStore } from './acl/store-file.js';
import type { AclIndex } from './acl/acl-index.js';
import type { DirWatch } from './sasl/credentials-watch.js';
import type { ClientTls, Config, ListenerConfig, StreamCluster } from './config/types.js';
import type { GatewayServices } from './proxy/protocol.js';

export interface RunningGateway {
  config: Config;
  log: Logger;
  metrics: Metrics;
  listeners: Map<string, Listener>;
  /** Stop accepting, let in-flight requests finish (up to timeoutMs), then close. */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  log?: Logger;
  registry?: Registry;
  /** Extra services for protocol sessions (tests inject stores here). */
  services?: GatewayServices;
  /** Where audit records go (default: none until an audit sink is configured). */
  audit?: AuditSink | null;
}

/** The ACL state in force: the gateway-owned file when configured, else memory. */
async function openAcls(config: Config, log: Logger, metrics: Metrics): Promise<{ state: AclState; close(): void }> {
  const path = config.acls.store;
  if (!path) return { state: new MemoryAclState(), close: () => {} };
  const store = new AclFileStore(path, {
    onReload: (index: AclIndex) => {
      metrics.reloads.inc({ what: 'acls', outcome: 'success' });
      log.info({ entries: index.size() }, 'ACLs reloaded');
    },
    onError: (e) => {
      metrics.reloads.inc({ what: 'acls', outcome: 'failure' });
      log.error({ err: e.code, detail: e.message }, 'ACL reload failed; previous ACLs stay in force');
    },
  });
  await store.load();
  store.watch();
  return { state: { current: () => store.current, replace: (next) => store.save(next) }, close: () => store.close() };
}

export function proxyLimits(config: Config): ProxyLimits {
  return {
    ...DEFAULT_LIMITS,
    maxFrameBytes: config.limits.maxFrameBytes,
    maxConnections: config.limits.maxConnections,
    idleTimeoutMs: config.limits.idleTimeoutMs,
  };
}

export function clientTlsOptions(t: ClientTls): tls.ConnectionOptions {
  return {
    ca: t.ca ? fs.readFileSync(t.ca) : undefined,
    cert: t.cert ? fs.readFileSync(t.cert) : undefined,
    key: t.key ? fs.readFileSync(t.key) : undefined,
    servername: t.serverName ?? undefined,
  };
}

function serverTlsFor(l: ListenerConfig): ServerTlsState | null {
  if (l.mode !== 'gateway' || !l.tls) return null;
  const t = l.tls;
  try {
    return loadServerTls({ cert: t.cert, key: t.key, clientCa: t.clientCa ?? undefined, clientAuth: t.clientAuth, minVersion: t.minVersion });
  } catch (e) {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: ${(e as Error).message}`);
  }
}

export async function startGateway(config: Config, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger({ level: config.log.level });
  const metrics = new Metrics(opts.registry ?? new Registry(), { processMetrics: !opts.registry });
  const credentials = config.credentials ? await CredentialStore.load(config.credentials, { createIfMissing: true }) : null;
  const watches: DirWatch[] = [];
  if (credentials?.path) {
    watches.push(credentials.watch((e) => {
      metrics.reloads.inc({ what: 'credentials', outcome: e.ok ? 'success' : 'failure' });
      if (e.ok) log.info({ users: e.users }, 'credentials reloaded');
      else log.error({ err: e.error.code, detail: e.error.message }, 'credentials reload failed; previous credentials stay in force');
    }));
  }
  const mtls = config.principals.mtls;
  const san = mtls.san ? (mtls.sanPattern ? { type: mtls.san, pattern: mtls.sanPattern } : mtls.san) : undefined;
  const certificates = CertificatePrincipalMapper.fromConfig({ rules: mtls.rules, san });
  const throttle = new FailedAuthThrottle({ delayMs: config.limits.failedAuth.delayMs, maxDelayMs: config.limits.failedAuth.maxDelayMs, closeAfter: config.limits.failedAuth.closeAfter });
  const acls = await openAcls(config, log, metrics);
  const audit = opts.audit ?? null;
  const authorizerFor = (l: ListenerConfig): Authorizer | null =>
    l.mode === 'gateway' && l.protocol !== 'http'
      ? new Authorizer({ protocol: l.protocol, acls: acls.state, decide: { superUsers: config.principals.superUsers, allowIfNoAcl: config.acls.allowIfNoAcl }, enforcement: l.enforcement, metrics, audit })
      : null;
  const services: GatewayServices = { config, metrics, credentials, acls: acls.state, ...opts.services };
  const listeners = new Map<string, Listener>();
  const limits = proxyLimits(config);
  const authPolicy = (l: ListenerConfig): AuthPolicy => {
    const gw = l.mode === 'gateway' ? l : null;
    return {
      listener: l.name,
      methods: gw ? gw.authentication : ['none'],
      mechanisms: gw?.sasl?.mechanisms ?? [],
      principalFrom: gw?.principalFrom ?? null,
      credentials,
      certificates,
      throttle,
      authTimeoutMs: config.limits.authTimeoutMs,
      reauthenticateMs: gw?.sasl?.reauthenticateMs ?? null,
      metrics,
    };
  };
  try {
    for (const l of config.listeners) {
      if (l.protocol === 'http') {
        log.warn({ listener: l.name }, 'http listeners are not available in this build; skipped');
        continue;
      }
      let bootstrap;
      let upstreamTls: tls.ConnectionOptions | undefined;
      if (l.mode === 'gateway') {
        const cluster = config.clusters[l.cluster] as StreamCluster;
        bootstrap = cluster.bootstrap;
        upstreamTls = cluster.tls ? clientTlsOptions(cluster.tls) : undefined;
      } else {
        bootstrap = [l.upstream.address];
        upstreamTls = clientTlsOptions(l.upstream.tls);
      }
      const nodePorts = !l.nodePorts || l.nodePorts.kind === 'ephemeral' ? ('auto' as const) : { from: l.nodePorts.first, to: l.nodePorts.last };
      const listener = new Listener({
        name: l.name,
        bind: l.bind,
        advertiseHost: l.advertise,
        nodePorts,
        tls: serverTlsFor(l),
        adapter: createAdapter(l, config, { auth: authPolicy(l), authorizer: authorizerFor(l) }),
        bootstrap,
        limits,
        metrics,
        services,
        log,
        upstreamTls,
      });
      await listener.start();
      listeners.set(l.name, listener);
      const served = listener.tls();
      if (served) metrics.certExpirySeconds.set({ listener: l.name, subject: served.subject }, (served.notAfter.getTime() - Date.now()) / 1000);
    }
  } catch (e) {
    for (const w of watches) w.close();
    acls.close();
    await Promise.all([...listeners.values()].map((x) => x.close()));
    throw e;
  }
  let drained: Promise<void> | null = null;
  const drain = (timeoutMs = 30000) => {
    drained ??= Promise.all([...listeners.values()].map((x) => x.drain(timeoutMs))).then(() => undefined);
    return drained;
  };
  const close = async () => {
    for (const w of watches) w.close();
    acls.close();
    await drain(0);
  };
  return { config, log, metrics, listeners, drain, close };
}
