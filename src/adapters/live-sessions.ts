/**
 * LiveSessions: the SASL-authenticated Kafka and Fluss connections of the whole gateway, by user
 * and the credential each one logged in with. When a user or one of its credentials leaves the
 * credential store (any backend: the store reports what a change took away), the connections
 * that depend on it are closed, each with one SW_ERR_AUTH_REVOKED log line and counted under
 * streamward_connections_closed_total{reason="SW_ERR_AUTH_REVOKED"}. Certificate-only and
 * anonymous connections are never registered.
 */
import type { Logger } from 'pino';
import { GatewayError } from '../errors.js';
import type { CredentialRemoval } from '../sasl/credentials.js';

export interface LiveSession {
  user: string;
  /** The credential used, when the mechanism could tell; unknown = closed on any removal of the user's credentials. */
  credentialId?: string;
  close(error: GatewayError): void;
}

export class LiveSessions {
  private readonly byUser = new Map<string, Set<LiveSession>>();

  /** Registers an authenticated connection; the returned function forgets it (call on close). */
  add(session: LiveSession): () => void {
    let set = this.byUser.get(session.user);
    if (!set) this.byUser.set(session.user, (set = new Set()));
    set.add(session);
    return () => {
      const s = this.byUser.get(session.user);
      if (!s) return;
      s.delete(session);
      if (s.size === 0) this.byUser.delete(session.user);
    };
  }

  /** Connections currently registered for a user. */
  count(user: string): number {
    return this.byUser.get(user)?.size ?? 0;
  }

  /** Closes every connection that logged in with something `removed` names; returns how many. */
  closeRemoved(removed: readonly CredentialRemoval[]): number {
    let closed = 0;
    for (const r of removed) {
      const set = this.byUser.get(r.user);
      if (!set) continue;
      for (const s of [...set]) {
        const hit = r.credentialIds === null || s.credentialId === undefined || r.credentialIds.includes(s.credentialId);
        if (!hit) continue;
        set.delete(s);
        const what = r.credentialIds === null ? `user ${r.user} was removed` : `credential ${s.credentialId ?? '(unknown)'} of user ${r.user} was removed`;
        s.close(new GatewayError('SW_ERR_AUTH_REVOKED', `principal User:${r.user}: ${what}`));
        closed++;
      }
      if (set.size === 0) this.byUser.delete(r.user);
    }
    return closed;
  }
}

/** Wires a credential store to the live sessions; returns the function that unwires it. */
export function closeOnRemoval(store: { onRemoval(l: (removed: CredentialRemoval[]) => void): () => void }, sessions: LiveSessions, log: Logger): () => void {
  return store.onRemoval((removed) => {
    const closed = sessions.closeRemoved(removed);
    if (closed > 0) log.info({ closed, users: removed.map((r) => r.user) }, 'closed connections of removed users or credentials');
  });
}
