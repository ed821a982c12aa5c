/**
 * Joins a cluster's backend identity (sasl/backend-identity.ts: which username and password for
 * which principal) with a protocol's login exchange (kafka/upstream-login.ts,
 * fluss/upstream-login.ts) into what the proxy core asks for on each new backend connection.
 */
import { saslClient, type SaslClient } from '../sasl/client-mechanisms.js';
import type { BackendIdentity } from '../sasl/backend-identity.js';
import type { UpstreamLogin } from '../proxy/upstream-login.js';
import type { PassthroughLogin } from '../proxy/protocol.js';

export type LoginExchange = (client: SaslClient, username: string) => UpstreamLogin;

/** The login for a connection of `principal` (null: the gateway's own); throws SW_ERR_UPSTREAM_NO_CREDENTIAL. */
export type BackendLogin = (principal: string | null, passthrough?: PassthroughLogin | null) => UpstreamLogin;

export function backendLogin(identity: BackendIdentity | null | undefined, exchange: LoginExchange): BackendLogin | undefined {
  if (!identity) return undefined;
  return (principal, passthrough) => {
    const credential = identity.credentialFor(principal, passthrough);
    return exchange(saslClient(credential), credential.username);
  };
}
