/**
 * Chooses the protocol adapter for a listener. The proxy core never branches on protocol
 * names; this table is the one place that maps a listener's protocol to its adapter.
 */
import { KafkaAdapter } from './kafka/adapter.js';
import { FlussAdapter } from './fluss/adapter.js';
import { GatewayError } from '../errors.js';
import type { Config, ListenerConfig } from '../config/types.js';
import type { AuthPolicy } from './auth-policy.js';
import type { Authorizer } from './authz.js';
import type { ProtocolAdapter } from '../proxy/protocol.js';

/** What a listener's adapter is built from, resolved by gateway.ts. */
export interface AdapterDeps {
  auth: AuthPolicy;
  /** Null on listeners without authorization (client-side sidecars: the edge decides). */
  authorizer: Authorizer | null;
}

type AdapterFactory = (listener: ListenerConfig, config: Config, deps: AdapterDeps) => ProtocolAdapter;

const FACTORIES: Record<string, AdapterFactory> = {
  kafka: (_l, _c, deps) => new KafkaAdapter({ auth: deps.auth }),
  fluss: (_l, _c, deps) => new FlussAdapter({ auth: deps.auth }),
};

export function registerAdapter(protocol: string, factory: AdapterFactory): void {
  FACTORIES[protocol] = factory;
}

export function createAdapter(listener: ListenerConfig, config: Config, deps: AdapterDeps): ProtocolAdapter {
  const factory = FACTORIES[listener.protocol];
  if (!factory) throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${listener.name}: protocol ${listener.protocol} is not available`);
  return factory(listener, config, deps);
}
