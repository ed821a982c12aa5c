/**
 * What the gateway has learned about topics from backend answers: topic id → name (Metadata v10+,
 * DescribeTopicPartitions, CreateTopics v7+) and the names known to exist. Requests that name
 * topics by id (Produce v13+, Fetch v13+, OffsetCommit/OffsetFetch v10+, Metadata by id, ...)
 * are authorized on the name found here; an id the gateway has never seen resolves to nothing
 * and is answered UNKNOWN_TOPIC_ID, never allowed.
 *
 * One map is shared by every connection of the process (ids are cluster-wide). It is bounded:
 * past `limit` entries the oldest learned ones are forgotten (they are learned again from the
 * next Metadata answer that lists them).
 *
 * Existence has an age, as a broker's metadata cache would: a decision that depends on whether a
 * topic exists (auto-creation without CREATE) trusts what was seen in the last EXISTENCE_TTL_MS
 * (present, or absent from a full listing) and asks the backend again after that.
 */
export const EXISTENCE_TTL_MS = 5000;

export class TopicIdMap {
  private readonly byId = new Map<string, string>();
  /** name → when an answer last listed it (ms). */
  private readonly known = new Map<string, number>();
  /** name → when a full listing last lacked it (ms). */
  private readonly absent = new Map<string, number>();

  constructor(private readonly limit = 200_000) {}

  /** Remember that `id` (16 bytes) names `name`. The all-zero id is ignored. */
  learn(id: Buffer, name: string): void {
    if (id.length !== 16 || id.every((b) => b === 0)) return;
    const key = id.toString('hex');
    if (this.byId.get(key) !== name) {
      this.byId.delete(key);
      this.byId.set(key, name);
      trim(this.byId, this.limit);
    }
    this.learnName(name);
  }

  /** Remember that a topic called `name` exists (seen now). */
  learnName(name: string, now = Date.now()): void {
    this.known.delete(name);
    this.known.set(name, now);
    this.absent.delete(name);
    trim(this.known, this.limit);
  }

  /** Remember that a full listing of the backend's topics lacked `name`. */
  learnAbsent(name: string, now = Date.now()): void {
    this.known.delete(name);
    this.absent.delete(name);
    this.absent.set(name, now);
    trim(this.absent, this.limit);
  }

  /** Whether `name` was listed by the backend within the last `maxAgeMs`. */
  existsFresh(name: string, maxAgeMs = EXISTENCE_TTL_MS, now = Date.now()): boolean {
    const at = this.known.get(name);
    return at !== undefined && now - at <= maxAgeMs;
  }

  /** Whether a full listing within the last `maxAgeMs` lacked `name`. */
  absentFresh(name: string, maxAgeMs = EXISTENCE_TTL_MS, now = Date.now()): boolean {
    const at = this.absent.get(name);
    return at !== undefined && now - at <= maxAgeMs;
  }

  /** Forget a deleted topic. */
  forget(name: string, id?: Buffer): void {
    this.known.delete(name);
    this.absent.delete(name);
    if (id) this.byId.delete(id.toString('hex'));
  }

  /** The name for an id, or null when the gateway has never seen it. */
  name(id: Buffer): string | null {
    return this.byId.get(id.toString('hex')) ?? null;
  }

  /** Whether a topic called `name` was seen in a backend answer. */
  exists(name: string): boolean {
    return this.known.has(name);
  }

  get size(): number {
    return this.byId.size;
  }
}

function trim<V>(m: Map<string, V>, limit: number): void {
  while (m.size > limit) {
    const oldest = m.keys().next();
    if (oldest.done) return;
    m.delete(oldest.value);
  }
}

/** The process-wide map used unless a stage is given its own. */
export const GATEWAY_TOPIC_IDS = new TopicIdMap();
