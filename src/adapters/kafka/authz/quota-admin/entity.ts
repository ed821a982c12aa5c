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

/** An entity as Kafka sees it: entity type -> name (null = the default entity), user before client-id. */
export type KafkaEntity = ReadonlyArray<readonly [string, string | null]>;

const toWireName = (name: string): string | null => (name === DEFAULT_ENTITY ? null : name);
const fromWireName = (name: string | null): string => name ?? DEFAULT_ENTITY;

export function entityOf(e: Pick<QuotaEntry, 'user' | 'clientId'>): KafkaEntity {
  const out: Array<readonly [string, string | null]> = [];
  if (e.user !== undefined) out.push([USER, toWireName(e.user)]);
  if (e.clientId !== undefined) out.push([CLIENT_ID, toWireName(e.clientId)]);
  return out;
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

/** A stable key for equality of entities (order of components does not matter, as in a Java map). */
export function entityId(entity: KafkaEntity): string {
  return JSON.stringify([...entity].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** `ClientQuotaEntity(entries={user=alice, client-id=null})`, as the broker prints one. */
export function entityText(entity: KafkaEntity): string {
  return `ClientQuotaEntity(entries={${entity.map(([t, n]) => `${t}=${n}`).join(', ')}})`;
}
