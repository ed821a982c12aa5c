/**
 * Chooses the protocol adapter for a listener. The proxy core never branches on protocol
 * names; this table is the one place that maps a listener's protocol to its adapter.
 */
import { KafkaAdapter } from './kafka/adapter.js';
import { FlussAdapter } from './fluss/adapter.js';
import { GatewayError } from '../errors.js';
import type { Config, ListenerConfig, StreamCluster } from '../config/types.js';
import { FlussTableDirectory, flussAuthzStage } from './fluss/authz/index.js';
import { kafkaAuthzStage } from './kafka/authz/index.js';
import { kafkaQuotaStage } from './kafka/quota-stage.js';
import { flussQuotaStage } from './fluss/quota-stage.js';
import type { QuotaService } from './quota-gate.js';
import { readClientTls } from '../tls/files.js';
import type { AuthPolicy } from './auth-policy.js';
import type { Authorizer } from './authz.js';
import type { QuotaStore } from '../quota/store.js';
import type { ProtocolAdapter } from '../proxy/protocol.js';
import type { BackendIdentity } from '../sasl/backend-identity.js';
import { backendLogin } from './backend-login.js';
import { kafkaUpstreamLogin } from './kafka/upstream-login.js';
import { flussUpstreamLogin } from './fluss/upstream-login.js';

/** What a listener's adapter is built from, resolved by gateway.ts. */
export interface AdapterDeps {
  auth: AuthPolicy;
  /** Null on listeners without authorization (client-side sidecars: the edge decides). */
  authorizer: Authorizer | null;
  /** The gateway's client quota store (Kafka's Describe/AlterClientQuotas are answered from it). */
  quotaStore?: QuotaStore | null;
  /** Quota enforcement; absent or null = no quota stage. */
  quotas?: QuotaService | null;
  /** The gateway's identity towards the cluster's backend when it has SASL (clusters.<name>.sasl); null = none. */
  backendIdentity?: BackendIdentity | null;
}

type AdapterFactory = (listener: ListenerConfig, config: Config, deps: AdapterDeps) => ProtocolAdapter;

function flussAdapter(listener: ListenerConfig, config: Config, deps: AdapterDeps): FlussAdapter {
  const cluster = listener.mode === 'gateway' ? (config.clusters[listener.cluster] as StreamCluster) : null;
  const configValues = cluster?.configValues;
  const quota = deps.quotas ? [flussQuotaStage(deps.quotas)] : [];
  const upstreamLogin = backendLogin(deps.backendIdentity, flussUpstreamLogin);
  if (!deps.authorizer || !cluster) return new FlussAdapter({ auth: deps.auth, stages: quota, configValues, upstreamLogin });
  // table id -> path, learned from responses; misses resolved by listing tables at the backend
  // (on a connection of the gateway's own, logged in with the service identity when the backend has SASL)
  const backend = cluster.bootstrap[0];
  const login = upstreamLogin ? () => upstreamLogin(null) : undefined;
  const tables = new FlussTableDirectory({ backend: { host: backend.host, port: backend.port, tls: cluster.tls ? readClientTls(cluster.tls) : undefined, login } });
  return new FlussAdapter({ auth: deps.auth, stages: [flussAuthzStage(deps.authorizer, tables), ...quota], onClose: () => tables.close(), configValues, upstreamLogin });
}

const FACTORIES: Record<string, AdapterFactory> = {
  kafka: (l, c, deps) =>
    new KafkaAdapter({
      auth: deps.auth,
      stages: [
        ...(deps.authorizer
          ? [kafkaAuthzStage(deps.authorizer, { configValues: l.mode === 'gateway' ? (c.clusters[l.cluster] as StreamCluster).configValues : 'rewrite', quotas: deps.quotaStore })]
          : []),
        ...(deps.quotas ? [kafkaQuotaStage(deps.quotas)] : []),
      ],
      upstreamLogin: backendLogin(deps.backendIdentity, kafkaUpstreamLogin),
    }),
  fluss: flussAdapter,
};

export function registerAdapter(protocol: string, factory: AdapterFactory): void {
  FACTORIES[protocol] = factory;
}

export function createAdapter(listener: ListenerConfig, config: Config, deps: AdapterDeps): ProtocolAdapter {
  const factory = FACTORIES[listener.protocol];
  if (!factory) throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${listener.name}: protocol ${listener.protocol} is not available`);
  return factory(listener, config, deps);
}
