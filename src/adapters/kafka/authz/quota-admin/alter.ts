/**
 * AlterClientQuotas semantics as the KRaft controller checks them (apache/kafka
 * metadata/src/main/java/org/apache/kafka/controller/ClientQuotaControlManager.java,
 * alterClientQuotas / validateEntity / configKeysForEntityType / validateQuotaKeyValue), one
 * result per distinct entity (the broker answers from a map keyed by entity; the gateway keeps
 * request order between entities, and the broker's HashMap order of components within one):
 *
 * - a key named twice in one entry, or an entity named again: "Ignoring duplicate entity ..."
 *   (the broker overwrites the duplicate-key message with that one; an entity named again keeps
 *   what its first entry changed, as on the broker);
 * - entity: empty -> "Invalid empty client quota entity"; a type other than user / client-id /
 *   ip -> "Unhandled client quota entity type: X"; an empty name -> "Empty X not supported";
 *   ip with user or client-id -> the broker's combination message;
 * - per op (removals are not checked, as on the broker): a key the gateway does not enforce ->
 *   "Invalid configuration key K"; value <= 0 -> "Quota K must be greater than 0"; the byte rates
 *   (LONG) too large or fractional -> the broker's messages; the first bad op refuses the whole
 *   entity, other entities still apply.
 *
 * Where the gateway differs (each refused with INVALID_REQUEST, logged): an `ip` entity ("Unhandled
 * client quota entity type: ip", what a broker whose store had no ip quotas answered: connection
 * rates are not enforced here); the key controller_mutation_rate (not enforced here: "Invalid
 * configuration key"); a type named twice inside one entity (the broker's map keeps the last;
 * the gateway refuses with the broker's own duplicate-entry message); a name spelled
 * '<default>' (the gateway's marker for the default entity: send a null name); a value that is
 * not a finite number (the broker would store NaN).
 */
import { DEFAULT_ENTITY, type QuotaType } from '../../../../quota/entities.js';
import type { QuotaChange } from '../../../../quota/store.js';
import { CLIENT_ID, entityId, entityText, identityOf, IP, javaMapOrder, QUOTA_KEYS, USER, type KafkaEntity } from './entity.js';

const INVALID_REQUEST = 42;
/** Long.MAX_VALUE as the broker compares it with a double (2^63). */
const LONG_MAX = 2 ** 63;

export interface QuotaOp {
  key: string;
  value: number;
  remove: boolean;
}

export interface Alteration {
  entity: ReadonlyArray<{ type: string; name: string | null }>;
  ops: readonly QuotaOp[];
}

/** One answer entry: the entity (as the broker echoes it) and its error (code 0: applied), with the change to make. */
export interface PlannedResult {
  entity: KafkaEntity;
  code: number;
  message: string | null;
  change: QuotaChange | null;
}

function entityProblem(entity: Alteration['entity']): string | null {
  if (entity.length === 0) return 'Invalid empty client quota entity';
  const seen = new Set<string>();
  for (const { type, name } of entity) {
    if (seen.has(type)) return `Invalid client quota entity, duplicate entity entry ${type}`;
    seen.add(type);
    if (type !== USER && type !== CLIENT_ID && type !== IP) return `Unhandled client quota entity type: ${type}`;
    if (name !== null && name === '') return `Empty ${type} not supported`;
    if (name === DEFAULT_ENTITY) return `${type} name ${DEFAULT_ENTITY} is reserved for the default entity (send a null name)`;
  }
  return null;
}

/** The broker's combination message when ip is named with user or client-id; the gateway's refusal of ip alone. */
function ipProblem(entity: Alteration['entity']): string | null {
  const types = new Set(entity.map((x) => x.type));
  if (!types.has(IP)) return null;
  if (types.has(USER) || types.has(CLIENT_ID)) return 'Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId';
  return `Unhandled client quota entity type: ${IP}`;
}

function valueProblem(key: string, value: number): string | null {
  const known = QUOTA_KEYS.get(key);
  if (!known) return `Invalid configuration key ${key}`;
  if (!Number.isFinite(value)) return `Quota ${key} must be a finite number`;
  if (value <= 0) return `Quota ${key} must be greater than 0`;
  if (known.integral) {
    if (value > LONG_MAX) return `Proposed value for ${key} is too large for a LONG.`;
    if (Math.abs(value % 1) > 1e-6) return `${key} cannot be a fractional value.`;
  }
  return null;
}

function plan(a: Alteration, entity: KafkaEntity): { message: string } | { change: QuotaChange } {
  const problem = entityProblem(a.entity) ?? ipProblem(a.entity);
  if (problem) return { message: problem };
  const set: Partial<Record<QuotaType, number>> = {};
  const remove: QuotaType[] = [];
  for (const op of a.ops) {
    const known = QUOTA_KEYS.get(op.key);
    if (op.remove) {
      if (known) remove.push(known.type);
      continue;
    }
    const bad = valueProblem(op.key, op.value);
    if (bad) return { message: bad };
    set[(known as { type: QuotaType }).type] = op.value;
  }
  return { change: { ...identityOf(entity), set, remove } };
}

/** The results of a request's alterations (one per distinct entity) and the changes to apply, in order. */
export function planAlterations(alterations: readonly Alteration[]): PlannedResult[] {
  const results = new Map<string, PlannedResult>();
  for (const a of alterations) {
    // the broker keys results by a HashMap-backed entity: echoed and printed in its order
    const entity: KafkaEntity = javaMapOrder(
      a.entity.map((x) => [x.type, x.name] as const),
      a.entity.length,
    );
    const id = entityId(entity);
    const keys = new Set<string>();
    const duplicateKey = a.ops.some((op) => keys.size === keys.add(op.key).size);
    if (results.has(id) || duplicateKey) {
      const first = results.get(id);
      results.set(id, { entity: first?.entity ?? entity, code: INVALID_REQUEST, message: `Ignoring duplicate entity ${entityText(entity)}`, change: first?.change ?? null });
      continue;
    }
    const p = plan(a, entity);
    results.set(id, 'change' in p ? { entity, code: 0, message: null, change: p.change } : { entity, code: INVALID_REQUEST, message: p.message, change: null });
  }
  return [...results.values()];
}
