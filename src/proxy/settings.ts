/**
 * Runtime settings the proxy core needs, resolved from the config by gateway.ts.
 * Kept separate from the config types so the core has no knowledge of the config file.
 */
import type tls from 'node:tls';
import type { Metrics } from '../metrics.js';
import type { BackendNode } from './protocol.js';
import type { UpstreamAddress } from './upstream.js';

export interface ProxyLimits {
  maxFrameBytes: number;
  /** Largest frame before the client has authenticated (Kafka's sasl.server.max.receive.size idea). */
  preAuthMaxFrameBytes: number;
  /** Largest backend response frame accepted (backends are trusted, but memory is not free). */
  maxResponseBytes: number;
  /** Connections of the listener, TLS handshakes in progress included. */
  maxConnections: number;
  /** Connections (handshakes included) one client address may hold; 0 = no limit. */
  maxConnectionsPerAddress: number;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  /** Requests a client may have in flight before its reads pause. */
  maxInflight: number;
  /** Time from accept until the connection is established (first bytes and TLS handshake). */
  handshakeTimeoutMs: number;
}

export const DEFAULT_LIMITS: ProxyLimits = {
  maxFrameBytes: 100 * 1024 * 1024,
  preAuthMaxFrameBytes: 512 * 1024,
  maxResponseBytes: 1024 * 1024 * 1024,
  maxConnections: 10000,
  maxConnectionsPerAddress: 0,
  idleTimeoutMs: 10 * 60 * 1000,
  connectTimeoutMs: 10000,
  maxInflight: 1000,
  handshakeTimeoutMs: 10000,
};

export interface ConnectionSettings {
  limits: ProxyLimits;
  metrics: Metrics;
  /** Where a connection standing for `target` connects (bootstrap list, or the node's address). */
  upstreamAddresses(target: BackendNode): UpstreamAddress[];
  /** TLS towards the backend (client-side sidecar mode); undefined = plaintext. */
  upstreamTls?: tls.ConnectionOptions;
}
