/**
 * Composition root: turns a resolved Config into running listeners with their protocol
 * adapters, shared services, metrics, audit log, admin server and reloader. The only module that
 * knows every other one. Signals are not handled here (src/cli/run.ts maps SIGTERM to drain()
 * and close(), SIGHUP to reload()), so tests can run several gateways in one process.
 */
import type tls from 'node:tls';
import { Registry } from 'prom-client';
import { createLogger, type Logger } from './log.js';
import { Metrics } from './metrics.js';
import { Listener } from './proxy/listener.js';
import { DEFAULT_LIMITS, type ProxyLimits } from './proxy/settings.js';
import { GatewayError } from './errors.js';
import { startHttpListener, type RunningHttpListener } from './http/listener.js';
import { createAdapter } from './adapters/registry.js';
import { CredentialStore } from './sasl/credentials.js';
import { BackendIdentity } from './sasl/backend-identity.js';
import { oauthBearerFromConfig } from './sasl/oauthbearer.js';
import { FailedAuthThrottle } from './sasl/throttle.js';
import { HashLimiter } from './sasl/hash-limiter.js';
import { startGssapiMechanism } from './sasl/gssapi-listener.js';
import { CertificatePrincipalMapper } from './tls/principal.js';
import type { AuthPolicy } from './adapters/auth-policy.js';
import { Authorizer, MemoryAclState, type AuditSink } from './adapters/authz.js';
import { auditLogFromConfig } from './audit.js';
import { AdminServer } from './admin/server.js';
import { Readiness, backendAddresses } from './admin/readiness.js';
import { openAclFile } from './reload/acl-source.js';
import { etcdDocument, storeHealthReporter, type StoreHealthSink, type StoreTiming } from './store/open.js';
import { openSharedAcls } from './reload/shared-acls.js';
import { QuotaStore } from './quota/store.js';
import { quotaDocumentFor } from './quota/open.js';
import { fingerprints, type FileWatch } from './store/file-watch.js';
import { buildReloader, watchCredentials, type ReloadParts } from './reload/gateway-targets.js';
import { clientTlsFiles, listenerServerTls, readClientTls, serverTlsFiles } from './tls/files.js';
import type { TargetOutcome } from './reload/reloader.js';
import { LiveSessions, closeOnRemoval } from './adapters/live-sessions.js';
import { QuotaService } from './adapters/quota-gate.js';
import { QuotaManager } from './quota/manager.js';
import { enforceStoreQuotas } from './quota/enforced.js';
import type { ClientTls, Config, ListenerConfig, StreamCluster } from './config/types.js';
import type { BackendNode, GatewayServices } from './proxy/protocol.js';

export interface RunningGateway {
  config: Config;
  log: Logger;
  metrics: Metrics;
  listeners: Map<string, Listener>;
  /** HTTP listeners (Flink REST), by name. */
  http: Map<string, RunningHttpListener>;
  /** The authorizer of each Kafka and Fluss gateway listener, by listener name (read-only use). */
  authorizers: ReadonlyMap<string, Authorizer>;
  /** The client quotas in force (config + AlterClientQuotas): entries() and onChange() feed the quota manager. */
  quotaStore: QuotaStore;
  /** The admin server (/metrics, /healthz, /readyz); null when disabled by GatewayOptions.admin. */
  admin: AdminServer | null;
  readiness: Readiness;
  /** The quota manager enforcing quotaStore's entries (the config's and those altered over the wire). */
  quotas: QuotaManager;
  /** Re-read certificates, credentials, ACLs and the config file now (what SIGHUP does). */
  reload(): Promise<TargetOutcome[]>;
  /** Stop accepting, readiness false, let in-flight requests finish (up to timeoutMs), then close them. */
  drain(timeoutMs?: number): Promise<void>;
  /** Close everything now (connections still open are cut). */
  close(): Promise<void>;
}

export interface GatewayOptions {
  log?: Logger;
  registry?: Registry;
  /** Extra services for protocol sessions (tests inject stores here). */
  services?: GatewayServices;
  /** Where audit records go; default: an AuditLog on config.audit; null: none. */
  audit?: AuditSink | null;
  /** false: no admin server (tests that run many gateways); default: on config.admin.bind. */
  admin?: boolean;
  /** File-watch timing of reloads (tests shorten it); pollMs also re-checks files periodically. */
  reload?: { debounceMs?: number; pollMs?: number };
  /** How often each replica re-reads a shared (etcd) store (outage detection and resync). */
  stores?: StoreTiming;
  /** Backend reachability probes behind /readyz. */
  probe?: { intervalMs?: number; timeoutMs?: number };
  /** `workers: N`: asks the primary which port a node gets, so every worker opens the same one. */
  nodePortClaim?: (listener: string, node: BackendNode) => Promise<number>;
}

export function proxyLimits(config: Config): ProxyLimits {
  const l = config.limits;
  return {
    ...DEFAULT_LIMITS,
    maxFrameBytes: l.maxFrameBytes,
    preAuthMaxFrameBytes: l.preAuthMaxFrameBytes,
    maxConnections: l.maxConnections,
    maxConnectionsPerAddress: l.maxConnectionsPerAddress,
    handshakeTimeoutMs: l.handshakeTimeoutMs,
    idleTimeoutMs: l.idleTimeoutMs,
  };
}

export async function startGateway(config: Config, opts: GatewayOptions = {}): Promise<RunningGateway> {
  const log = opts.log ?? createLogger({ level: config.log.level });
  const metrics = new Metrics(opts.registry ?? new Registry(), { processMetrics: !opts.registry });
  const listeners = new Map<string, Listener>();
  const readiness = new Readiness({
    targets: config.listeners.filter((l) => l.protocol !== 'http').map((l) => ({ listener: l.name, addresses: backendAddresses(l, config) })),
    bound: () => new Map([...listeners].map(([name, l]) => [name, l.boundPort > 0 && !l.acceptingPaused])),
    metrics,
    ...opts.probe,
  });
  const storeHealth: StoreHealthSink = (store, healthy, detail) => readiness.setStoreHealth(store, healthy, detail);
  const credentials = config.credentialsEtcd
    ? await CredentialStore.openShared(etcdDocument(config.credentialsEtcd, opts.stores), {})
    : config.credentials
      ? await CredentialStore.load(config.credentials, { createIfMissing: true })
      : null;
  if (config.credentialsEtcd) storeHealth('credentials', true);
  const credentialHealth = credentials?.where && config.credentialsEtcd ? storeHealthReporter('credentials', credentials.where, log, storeHealth) : undefined;
  const watches: FileWatch[] = credentials?.watchable ? [watchCredentials(credentials, metrics, log, credentialHealth)] : [];
  const sessions = credentials && config.credentialsCloseOnRemoval ? new LiveSessions() : null;
  if (sessions && credentials) watches.push({ close: closeOnRemoval(credentials, sessions, log) });
  const certificates = CertificatePrincipalMapper.fromPrincipals(config.principals.mtls);
  const throttle = new FailedAuthThrottle({ ...config.limits.failedAuth });
  const hashing = new HashLimiter(config.limits.authHashing);
  const aclShared = config.acls.etcd
    ? await openSharedAcls(config.acls.etcd, metrics, log, storeHealth, opts.stores).catch(async (e: unknown) => {
        for (const w of watches) w.close();
        throw e;
      })
    : null;
  const aclFile = !aclShared && config.acls.store ? await openAclFile(config.acls.store, metrics, log) : null;
  const acls = aclShared ?? aclFile ?? new MemoryAclState();
  // Client quotas in force: the config's entries (base: the `quotas:` section, and setBase() on a
  // config reload, once that section exists) overlaid by AlterClientQuotas; onChange() feeds the
  // quota manager, entries() is the list to start it with (quotaEntriesOf).
  const quotaStore = await QuotaStore.open(quotaDocumentFor(config.acls, opts.stores), {
    onError: (e) => log.error({ err: e.code, what: 'quotas', detail: e.message }, 'client quota store could not be read; the quotas in force stay'),
  }).catch(async (e: unknown) => {
    for (const w of watches) w.close();
    aclFile?.close();
    await aclShared?.close();
    throw e;
  });
  const auditLog = opts.audit === undefined ? auditLogFromConfig(config.audit, metrics, log) : null;
  const audit: AuditSink | null = opts.audit === undefined ? auditLog : opts.audit;
  const authorizers = new Map<string, Authorizer>();
  const authorizerFor = (l: ListenerConfig): Authorizer | null => {
    if (l.mode !== 'gateway' || l.protocol === 'http') return null;
    const a = new Authorizer({ protocol: l.protocol, acls, decide: { superUsers: config.principals.superUsers, allowIfNoAcl: config.acls.allowIfNoAcl }, enforcement: l.enforcement, metrics, audit });
    authorizers.set(l.name, a);
    return a;
  };
  const services: GatewayServices = { config, metrics, credentials, acls, ...opts.services };
  // The quotas enforced: the config's entries overlaid by those altered over the wire
  // (AlterClientQuotas, shared through the quota store). The stage is always there, so a quota
  // set over the wire is enforced at once; with no quota in force it returns at its first line.
  const quotas = new QuotaService(new QuotaManager({ entries: [] }), metrics, log);
  const enforced = enforceStoreQuotas(quotaStore, quotas.manager, config.quotas ?? null);
  const http = new Map<string, RunningHttpListener>();
  const limits = proxyLimits(config);
  const backendIdentities = backendIdentitiesOf(config);
  const backendIdentityOf = (l: ListenerConfig): BackendIdentity | null => (l.mode === 'gateway' ? (backendIdentities.get(l.cluster) ?? null) : null);
  const authPolicy = (l: ListenerConfig): AuthPolicy => {
    const gw = l.mode === 'gateway' ? l : null;
    const backend = backendIdentityOf(l);
    return {
      backendRefusal: backend ? (principal, passthrough) => backend.refusal(principal, passthrough) : undefined,
      backendPassthrough: backend?.passthrough === true,
      listener: l.name,
      methods: gw ? gw.authentication : ['none'],
      mechanisms: gw?.sasl?.mechanisms ?? [],
      principalFrom: gw?.principalFrom ?? null,
      credentials,
      certificates,
      throttle,
      hashing,
      authTimeoutMs: config.limits.authTimeoutMs,
      reauthenticateMs: gw?.sasl?.reauthenticateMs ?? null,
      metrics,
      audit,
      protocol: l.protocol,
      sessions,
      mechanismImpls: gw?.sasl?.oauthbearer
        ? {
            OAUTHBEARER: oauthBearerFromConfig(gw.sasl.oauthbearer, (url, error) => {
              if (error) log.warn({ err: 'SW_ERR_JWKS_UNAVAILABLE', listener: l.name, url, detail: error }, 'token issuer keys could not be fetched');
            }),
          }
        : undefined,
    };
  };
  const parts: ReloadParts = {
    config,
    log,
    metrics,
    servedTls: [],
    clientTls: [],
    credentials,
    acls: aclShared ?? aclFile,
    authorizers,
    listeners,
    selfApplying: http,
    audit: auditLog,
    quotas: enforced,
    ...opts.reload,
  };
  /** Client identities are shared per cluster (and per sidecar), so a reload updates them once. */
  const clientTlsByName = new Map<string, tls.ConnectionOptions>();
  const clientTlsFor = async (name: string, t: ClientTls): Promise<tls.ConnectionOptions> => {
    const known = clientTlsByName.get(name);
    if (known) return known;
    const fingerprint = await fingerprints(clientTlsFiles(t));
    const options = readClientTls(t);
    clientTlsByName.set(name, options);
    parts.clientTls.push({ name, files: t, options, fingerprint });
    return options;
  };
  let admin: AdminServer | null = null;
  try {
    for (const l of config.listeners) {
      if (l.protocol === 'http' && l.mode === 'gateway') {
        const httpServices = { ...services, credentials, audit, authThrottle: throttle, authHashing: hashing, principalMapper: certificates, acls };
        const bearer = l.bearer
          ? {
              jwksUrl: l.bearer.jwksUrl,
              issuer: l.bearer.issuer,
              audience: l.bearer.audience,
              algorithms: l.bearer.algorithms ?? undefined,
              principalClaim: l.bearer.principalClaim ?? undefined,
              jwksCacheMs: l.bearer.jwksCacheMs ?? undefined,
            }
          : undefined;
        const servedFingerprint = l.tls ? await fingerprints(serverTlsFiles(l.tls)) : '';
        const running = await startHttpListener(l, config, { log, metrics, services: httpServices, bearer });
        http.set(l.name, running);
        if (l.tls) parts.servedTls.push({ listener: { name: l.name, setTls: (state) => running.setTls(state) }, files: l.tls, fingerprint: servedFingerprint });
        continue;
      }
      let upstreamTls: tls.ConnectionOptions | undefined;
      if (l.mode === 'gateway') {
        const cluster = config.clusters[l.cluster] as StreamCluster;
        upstreamTls = cluster.tls ? await clientTlsFor(`cluster ${cluster.name}`, cluster.tls) : undefined;
      } else {
        upstreamTls = await clientTlsFor(`sidecar ${l.name}`, l.upstream.tls);
      }
      const servedFingerprint = l.mode === 'gateway' && l.tls ? await fingerprints(serverTlsFiles(l.tls)) : '';
      // the checks refuse the legacy range form, so only a map or auto arrives here
      const nodePorts = l.nodePorts?.kind === 'ids' ? l.nodePorts : ('auto' as const);
      const listener = new Listener({
        name: l.name,
        bind: l.bind,
        advertiseHost: l.advertise,
        nodePorts,
        tls: listenerServerTls(l),
        sni: l.mode === 'gateway' && l.sni ? { ...l.sni, mainKind: l.protocol === 'fluss' ? 'tablet' : 'broker' } : null,
        adapter: createAdapter(l, config, {
          auth: withListenerMechanisms(authPolicy(l), await startGssapiMechanism(l.mode === 'gateway' ? l.sasl?.gssapi : null, watches)),
          authorizer: authorizerFor(l),
          quotaStore,
          quotas: l.mode === 'gateway' ? quotas : null,
          backendIdentity: backendIdentityOf(l),
        }),
        bootstrap: backendAddresses(l, config),
        limits,
        metrics,
        services,
        log,
        upstreamTls,
        nodePortClaim: opts.nodePortClaim ? (node) => opts.nodePortClaim!(l.name, node) : undefined,
      });
      await listener.start();
      listeners.set(l.name, listener);
      const served = listener.tls();
      if (served) metrics.trackCertificate(l.name, served.subject, served.notAfter);
      if (l.mode === 'gateway' && l.tls) parts.servedTls.push({ listener, files: l.tls, fingerprint: servedFingerprint });
    }
    if (opts.admin !== false) {
      admin = new AdminServer({ bind: config.admin.bind, registry: metrics.registry, readiness: () => readiness.report(), log });
      await admin.start().catch((e: Error) => {
        throw new GatewayError('SW_ERR_CONFIG_INVALID', `admin.bind ${config.admin.bind.host}:${config.admin.bind.port}: ${e.message}`, { cause: e });
      });
    }
  } catch (e) {
    for (const w of watches) w.close();
    aclFile?.close();
    await aclShared?.close();
    enforced.close();
    await quotaStore.close();
    await Promise.all([...[...listeners.values()].map((x) => x.close()), ...[...http.values()].map((x) => x.close())]);
    await auditLog?.close();
    throw e;
  }
  void readiness.start();
  const reloader = buildReloader(parts);
  let drained: Promise<void> | null = null;
  const drain = (timeoutMs = 30000): Promise<void> => {
    readiness.setDraining();
    drained ??= Promise.all([...[...listeners.values()].map((x) => x.drain(timeoutMs)), ...[...http.values()].map((x) => x.drain(timeoutMs))]).then(() => undefined);
    return drained;
  };
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      readiness.setDraining();
      readiness.stop();
      reloader.close();
      for (const w of watches) w.close();
      aclFile?.close();
      await aclShared?.close();
      enforced.close();
      await quotaStore.close();
      await Promise.all([...[...listeners.values()].map((x) => x.close()), ...[...http.values()].map((x) => x.close())]);
      await drained;
      await admin?.close();
      await auditLog?.close();
    })();
    return closed;
  };
  return { config, log, metrics, listeners, http, authorizers, quotaStore, admin, readiness, quotas: quotas.manager, reload: () => reloader.reloadAll(), drain, close };
}

/** The gateway's identity towards each SASL backend (clusters.<name>.sasl), its files read once now. */
function backendIdentitiesOf(config: Config): Map<string, BackendIdentity> {
  const out = new Map<string, BackendIdentity>();
  for (const c of Object.values(config.clusters)) {
    if (c.protocol === 'http' || !c.sasl) continue;
    const identity = new BackendIdentity(c.sasl);
    try {
      identity.check();
    } catch (e) {
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `clusters.${c.name}.sasl: ${(e as Error).message}`, { cause: e });
    }
    out.set(c.name, identity);
  }
  return out;
}

/** The policy with GSSAPI added beside the mechanisms it already carries (OAUTHBEARER). */
function withListenerMechanisms(policy: AuthPolicy, gssapi: AuthPolicy['mechanismImpls']): AuthPolicy {
  if (!gssapi) return policy;
  return { ...policy, mechanismImpls: { ...policy.mechanismImpls, ...gssapi } };
}
