/**
 * Kafka's client quota entities and keys, and how they map onto the gateway's QuotaEntry: an
 * entity is a set of (type, name) with type `user` or `client-id` (Kafka also has `ip`, which
 * the gateway does not enforce), a null name meaning the default entity (QuotaEntry's
 * '<default>'); the quota keys are Kafka's config names. Text forms follow the broker's
 * (ClientQuotaEntity.toString) so error messages read as Kafka's do.
 */
import { DEFAULT_ENTITY, type QuotaEntry, type QuotaType } from '../../../../quota/entities.js';

export const USER = 'user';
export const CLIENT_ID = 'client-id';
export const IP = 'ip';

/** Kafka's quota config keys the gateway enforces, and the QuotaEntry field of each. */
export const QUOTA_KEYS: ReadonlyMap<string, { type: QuotaType; integral: boolean }> = new Map([
  ['producer_byte_rate', { type: 'producerByteRate', integral: true }],
  ['consumer_byte_rate', { type: 'consumerByteRate', integral: true }],
  ['request_percentage', { type: 'requestPercentage', integral: false }],
]);

export const KEY_OF: Readonly<Record<QuotaType, string>> = {
  producerByteRate: 'producer_byte_rate',
  consumerByteRate: 'consumer_byte_rate',
  requestPercentage: 'request_percentage',
};

/** An entity as Kafka sees it: entity type -> name (null = the default entity). */
export type KafkaEntity = ReadonlyArray<readonly [string, string | null]>;

const toWireName = (name: string): string | null => (name === DEFAULT_ENTITY ? null : name);
const fromWireName = (name: string | null): string => name ?? DEFAULT_ENTITY;

/** The entity of a quota entry, its components in the broker's order (javaMapOrder). */
export function entityOf(e: Pick<QuotaEntry, 'user' | 'clientId'>): KafkaEntity {
  const out: Array<readonly [string, string | null]> = [];
  if (e.user !== undefined) out.push([USER, toWireName(e.user)]);
  if (e.clientId !== undefined) out.push([CLIENT_ID, toWireName(e.clientId)]);
  return javaMapOrder(out, 2);
}

/** The QuotaEntry identity of a validated user / client-id entity. */
export function identityOf(entity: KafkaEntity): { user?: string; clientId?: string } {
  const out: { user?: string; clientId?: string } = {};
  for (const [type, name] of entity) {
    if (type === USER) out.user = fromWireName(name);
    else if (type === CLIENT_ID) out.clientId = fromWireName(name);
  }
  return out;
}

/** Java's String.hashCode, spread as HashMap spreads it. */
function javaSpreadHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The components in the order a java.util.HashMap built with `initialCapacity` and filled in
 * this order iterates them (bucket, then insertion): the order the broker echoes an entity's
 * components in and prints them (for user and client-id: client-id first).
 */
export function javaMapOrder(entity: KafkaEntity, initialCapacity: number): KafkaEntity {
  let table = 1;
  while (table < Math.max(1, initialCapacity)) table *= 2;
  let size = 0;
  for (let i = 0; i < entity.length; i++) if (++size > table * 0.75) table *= 2;
  const bucket = (t: string) => javaSpreadHash(t) & (table - 1);
  return entity
    .map((c, i) => ({ c, i, b: bucket(c[0]) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.c);
}

/** A stable key for equality of entities (order of components does not matter, as in a Java map). */
export function entityId(entity: KafkaEntity): string {
  return JSON.stringify([...entity].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** `ClientQuotaEntity(entries={user=alice, client-id=null})`, as the broker prints one. */
export function entityText(entity: KafkaEntity): string {
  return `ClientQuotaEntity(entries={${entity.map(([t, n]) => `${t}=${n}`).join(', ')}})`;
}
