/**
 * startHttpListener: an HTTP listener (`protocol: http`) in front of one Flink REST backend,
 * assembled from the config and the gateway-wide services. gateway.ts calls it for every
 * listener whose cluster is an HttpCluster.
 *
 * Services read (all optional; missing ones fail closed):
 *   credentials   { verifyPlain(user, password) } - the SASL credential store, for Basic
 *   audit         AuditSink - the gateway's audit log (adapters/authz.ts); decisions go there too
 *   flinkDecide   (q) => Decision - ACL decisions for Flink resources; when absent,
 *   flinkAcls     AclEntry[] (CLUSTER/JOB entries) are used through flink-acl.ts; with neither,
 *                 only super users get through
 *   authThrottle  FailedAuthThrottle - shared with SASL; else one per listener from limits.failedAuth
 *   principalMapper CertificatePrincipalMapper - else built from principals.mtls
 */
import type tls from 'node:tls';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { Config, Enforcement, GatewayListener, HttpCluster } from '../config/types.js';
import type { DecideOptions } from '../acl/types.js';
import type { AclEntry } from '../acl/types.js';
import type { AuditSink } from '../adapters/authz.js';
import { GatewayError } from '../errors.js';
import { loadServerTls } from '../tls/server-context.js';
import { readServerTlsMaterial, type ServerTlsMaterial } from './tls-terminator.js';
import type { ServerTlsState } from '../tls/server-context.js';
import { CertificatePrincipalMapper } from '../tls/principal.js';
import { FailedAuthThrottle } from '../sasl/throttle.js';
import { HashLimiter } from '../sasl/hash-limiter.js';
import { FrontServer } from './front-server.js';
import { Backend } from './backend.js';
import { AddressRewriter } from './headers.js';
import { Authenticator } from './authenticate.js';
import { RouteAuthorizer, type AuditPolicy } from './authorize.js';
import { BasicVerifier, type PasswordLookup } from './auth/basic.js';
import { bearerKeys, type BearerSettings } from './auth/jwt.js';
import { readClientTls } from '../tls/files.js';
import { flinkDecideFor, type FlinkDecide } from './flink-acl.js';
import { handleExchange } from './exchange.js';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './settings.js';
import { OriginPolicy, ownOrigins } from './origin-check.js';
import { ConfigAnswerFilter } from './config-answer.js';
import type { AnswerFilter } from './filtered-answer.js';

export interface HttpServices {
  credentials?: PasswordLookup | null;
  /** Audit sink shared with the other listeners; every HTTP decision is recorded there too. */
  audit?: AuditSink | null;
  flinkDecide?: FlinkDecide;
  flinkAcls?: readonly AclEntry[];
  authThrottle?: FailedAuthThrottle;
  /** Password-check queue shared with SASL; else one per listener from limits.authHashing. */
  authHashing?: HashLimiter;
  principalMapper?: CertificatePrincipalMapper;
  [name: string]: unknown;
}

export interface HttpListenerDeps {
  log: Logger;
  metrics: Metrics;
  services: HttpServices;
  /** Overrides of the HTTP limits (the config file has no keys for them yet). */
  limits?: Partial<HttpLimits>;
  /** Bearer-token (JWT) authentication; off when absent. */
  bearer?: BearerSettings;
}

export interface RunningHttpListener {
  port: number;
  /** Stop accepting, finish in-flight requests (up to ms), then close everything. */
  drain(ms: number): Promise<void>;
  close(): Promise<void>;
  /** Re-read the listener's certificate, key and client CA files (reload); throws on unreadable files. */
  /** New certificate, key, client CA or CRL, validated by the reload target (src/reload/tls-reload.ts). */
  setTls(state: ServerTlsState): void;
  /** Put reloaded config settings into force for the next request (config reload). */
  applySettings(s: HttpListenerSettings): void;
}

/** The reloadable settings an HTTP listener uses (acls.allowIfNoAcl is not one: Flink decisions fail closed). */
export interface HttpListenerSettings {
  logLevel: string;
  superUsers: readonly string[];
  enforcement: Enforcement;
  audit: AuditPolicy;
}

function backendTls(c: HttpCluster): tls.ConnectionOptions | undefined {
  if (!c.url.startsWith('https:')) return undefined;
  return c.tls ? readClientTls(c.tls) : {};
}

export async function startHttpListener(l: GatewayListener, config: Config, deps: HttpListenerDeps): Promise<RunningHttpListener> {
  const cluster = config.clusters[l.cluster];
  if (!cluster || cluster.protocol !== 'http') throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: cluster ${l.cluster} is not an http cluster`);
  const { services, metrics } = deps;
  const log = deps.log.child({ listener: l.name });
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, maxConnections: config.limits.maxConnections, ...deps.limits };
  let tlsMaterial: ServerTlsMaterial | null = null;
  if (l.tls) {
    try {
      // loadServerTls validates the files and gives the facts for the expiry metric.
      const state = loadServerTls({ cert: l.tls.cert, key: l.tls.key, clientCa: l.tls.clientCa ?? undefined, clientAuth: l.tls.clientAuth, minVersion: l.tls.minVersion });
      metrics.certExpirySeconds.set({ listener: l.name, subject: state.subject }, (state.notAfter.getTime() - Date.now()) / 1000);
      tlsMaterial = readServerTlsMaterial(l.tls);
    } catch (e) {
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: ${(e as Error).message}`, { cause: e });
    }
  }
  const fa = config.limits.failedAuth;
  const throttle = services.authThrottle ?? new FailedAuthThrottle({ ...fa });
  const hashing = services.authHashing ?? new HashLimiter(config.limits.authHashing);
  const basic = services.credentials ? new BasicVerifier(services.credentials) : undefined;
  const authenticator = new Authenticator({
    methods: l.authentication,
    principalFrom: l.principalFrom,
    realm: `streamward ${l.name}`,
    basic,
    bearer: deps.bearer ? { settings: deps.bearer, keys: bearerKeys(deps.bearer) } : undefined,
    certificates: l.authentication.includes('mtls') ? (services.principalMapper ?? CertificatePrincipalMapper.fromPrincipals(config.principals.mtls)) : undefined,
    throttle,
    hashing,
    onAttempt: (a) => {
      // A remembered Basic success is no new check of the credentials: the check that put it
      // in memory was counted and audited (one line per user and password per ttl, not per request).
      if (a.remembered) return;
      metrics.authentications.inc({ listener: l.name, mechanism: a.mechanism, outcome: a.ok ? 'success' : 'failure' });
      services.audit?.record({
        time: new Date().toISOString(),
        kind: 'authentication',
        principal: a.principal ?? null,
        client: a.address,
        listener: l.name,
        protocol: 'http',
        api: a.mechanism,
        decision: a.ok ? 'success' : 'failure',
        reason: a.detail,
      });
    },
  });
  // One options object, read by every decision: a reload replaces superUsers in it.
  const decideOptions: DecideOptions = { superUsers: [...config.principals.superUsers] };
  const authorizer = new RouteAuthorizer({
    listener: l.name,
    enforcement: l.enforcement,
    decide: flinkDecideFor(services, decideOptions),
    metrics,
    log,
    audit: { allows: config.audit.allows, sampleRate: config.audit.sampleRate },
    sink: services.audit ?? null,
  });
  const backend = new Backend(cluster.url, limits, backendTls(cluster));
  let rewriter: AddressRewriter | null = null;
  let origins: OriginPolicy | null = null;
  let answers: AnswerFilter | null = null;
  const front: FrontServer = new FrontServer({
    name: l.name,
    log,
    metrics,
    limits,
    tls: tlsMaterial,
    onRequest: (req, res, expectContinue) => {
      void handleExchange(
        {
          listener: l.name,
          log,
          metrics,
          limits,
          authenticator,
          authorizer,
          backend,
          rewriter: rewriter as AddressRewriter,
          origins: origins as OriginPolicy,
          answers: answers as AnswerFilter,
          tls: tlsMaterial !== null,
          draining: () => front.draining,
        },
        req,
        res,
        expectContinue,
      );
    },
  });
  let port: number;
  try {
    port = await front.listen(l.bind.host, l.bind.port);
  } catch (e) {
    await backend.destroy();
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: cannot listen on ${l.bind.host}:${l.bind.port}: ${(e as Error).message}`, { cause: e });
  }
  const host = l.advertise.includes(':') ? `[${l.advertise}]` : l.advertise;
  const scheme = tlsMaterial ? 'https' : 'http';
  rewriter = new AddressRewriter(cluster.url, `${scheme}://${host}:${port}`);
  const configAnswers = new ConfigAnswerFilter({
    mode: cluster.configValues,
    rewriter,
    backendHost: new URL(cluster.url).hostname.replace(/^\[|\]$/g, ''),
    publicAuthority: `${host}:${port}`,
    publicHost: l.advertise,
  });
  answers = { maxBytes: limits.maxFilteredResponseBytes, shared: { used: 0, max: limits.maxFilteringBytes }, filter: (json) => configAnswers.filter(json) };
  origins = new OriginPolicy([...ownOrigins(scheme, [l.advertise, l.bind.host], port), ...l.allowedOrigins]);
  log.info(
    { port, backend: new URL(cluster.url).origin, tls: tlsMaterial !== null, authentication: l.authentication, enforcement: l.enforcement, allowedOrigins: origins.allowed },
    'http listener started',
  );
  let drained: Promise<void> | null = null;
  const drain = (ms: number) => {
    drained ??= (async () => {
      basic?.close();
      await front.drain(ms);
      await backend.destroy();
    })();
    return drained;
  };
  return {
    port,
    drain,
    close: () => drain(0),
    setTls: (state) => front.setTls({ secure: state.options, clientAuth: state.clientAuth }),
    applySettings: (s) => {
      log.level = s.logLevel;
      decideOptions.superUsers = [...s.superUsers];
      authorizer.configure({ enforcement: s.enforcement, audit: s.audit });
    },
  };
}
