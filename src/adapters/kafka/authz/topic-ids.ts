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
 */
export class TopicIdMap {
  private readonly byId = new Map<string, string>();
  private readonly known = new Map<string, true>();

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

  /** Remember that a topic called `name` exists. */
  learnName(name: string): void {
    if (this.known.has(name)) return;
    this.known.set(name, true);
    trim(this.known, this.limit);
  }

  /** Forget a deleted topic. */
  forget(name: string, id?: Buffer): void {
    this.known.delete(name);
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
