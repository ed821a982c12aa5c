/**
 * Fetch-session membership per client connection (KIP-227), so an incremental fetch can never
 * read a partition that was not authorized. A broker authorizes every partition of the session
 * on every request; the gateway only sees the partitions a frame lists, so it remembers what
 * each session holds:
 *
 *   (none) ──full fetch, epoch 0, answered with SessionId S──► S { partitions the backend got }
 *   S ──incremental (id S, epoch > 0)──► S  + listed partitions that are allowed
 *                                          − ForgottenTopicsData
 *                                          − members no longer allowed (sent as forgotten, 29)
 *   S ──epoch -1 or 0 naming S, or answer 70/71──► (none)
 *   (none) ──incremental naming an unknown S──► answered FETCH_SESSION_ID_NOT_FOUND (70), so the
 *            client starts a full session the gateway can follow (e.g. after a reconnect)
 *
 * Topics are keyed by name (v < 13) or by id (v13+); each member keeps its name for re-checks.
 * Share sessions (ShareFetch, keyed by group and member id) are tracked the same way: epoch 0
 * opens, -1 closes, an unknown session is answered SHARE_SESSION_NOT_FOUND (122).
 */

export interface SessionTopic {
  name: string;
  /** Present for sessions that name topics by id. */
  id: Buffer | null;
  partitions: Set<number>;
}

export type SessionMembers = Map<string, SessionTopic>;

const MAX_SESSIONS_PER_CONNECTION = 32;

/** A fetch SessionId, or `share:<group>:<member>` for a share session. */
export type SessionKey = number | string;

export function topicKey(name: string | null, id: Buffer | null): string {
  return id ? `i:${id.toString('hex')}` : `n:${name ?? ''}`;
}

export class FetchSessions {
  private readonly sessions = new Map<SessionKey, SessionMembers>();

  get(sessionId: SessionKey): SessionMembers | undefined {
    return this.sessions.get(sessionId);
  }

  /** Record a session the backend just created. */
  open(sessionId: SessionKey, members: SessionMembers): void {
    this.sessions.delete(sessionId);
    this.sessions.set(sessionId, members);
    while (this.sessions.size > MAX_SESSIONS_PER_CONNECTION) {
      const oldest = this.sessions.keys().next();
      if (oldest.done) break;
      this.sessions.delete(oldest.value);
    }
  }

  drop(sessionId: SessionKey): void {
    this.sessions.delete(sessionId);
  }

  get size(): number {
    return this.sessions.size;
  }
}

/** Add partitions of one topic to a member map. */
export function addMembers(members: SessionMembers, name: string, id: Buffer | null, partitions: Iterable<number>): void {
  const k = topicKey(name, id);
  let t = members.get(k);
  if (!t) {
    t = { name, id: id ? Buffer.from(id) : null, partitions: new Set() };
    members.set(k, t);
  }
  for (const p of partitions) t.partitions.add(p);
}

/** Remove partitions of one topic; the topic goes when it has none left. */
export function removeMembers(members: SessionMembers, key: string, partitions: Iterable<number>): void {
  const t = members.get(key);
  if (!t) return;
  for (const p of partitions) t.partitions.delete(p);
  if (t.partitions.size === 0) members.delete(key);
}
