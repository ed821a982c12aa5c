/**
 * DescribeClientQuotas semantics as a KRaft broker answers them (apache/kafka
 * metadata/src/main/java/org/apache/kafka/image/ClientQuotasImage.java, describe()):
 *
 * - components are checked in order: an empty entity type, a type named twice ("cannot appear
 *   more than once"), a type other than user / client-id / ip (UNSUPPORTED_VERSION), a match
 *   string that does not fit the match type (0 exact needs one, 1 default and 2 any must have
 *   none), an unknown match type; ip combined with user or client-id. Each is the top-level
 *   error with the broker's message, and no entries.
 * - exact (0) matches the entity's name of that type, default (1) the default entity (null
 *   name), any (2) any entity that has that type; every component must match.
 * - strict: the entity has no other types than the components name; no components and not
 *   strict: every entity.
 * The gateway holds no ip quotas, so an ip filter matches nothing (as on a broker without any).
 */
import type { QuotaEntry } from '../../../../quota/entities.js';
import { CLIENT_ID, entityOf, IP, KEY_OF, USER, type KafkaEntity } from './entity.js';

export const MATCH_EXACT = 0;
export const MATCH_DEFAULT = 1;
export const MATCH_ANY = 2;

const INVALID_REQUEST = 42;
const UNSUPPORTED_VERSION = 35;

export interface FilterComponent {
  entityType: string;
  matchType: number;
  match: string | null;
}

export interface DescribedEntry {
  entity: KafkaEntity;
  values: Array<readonly [string, number]>;
}

export type DescribeOutcome = { error: { code: number; message: string } } | { entries: DescribedEntry[] };

/** The filter as exact matches (type -> name, null = default) and type-only matches, or the broker's error. */
function readFilter(components: readonly FilterComponent[]): { exact: Map<string, string | null>; any: Set<string> } | { code: number; message: string } {
  const exact = new Map<string, string | null>();
  const any = new Set<string>();
  for (const c of components) {
    const type = c.entityType;
    if (type === '') return { code: INVALID_REQUEST, message: 'Invalid empty entity type.' };
    if (exact.has(type) || any.has(type)) return { code: INVALID_REQUEST, message: `Entity type ${type} cannot appear more than once in the filter.` };
    if (type !== IP && type !== USER && type !== CLIENT_ID) return { code: UNSUPPORTED_VERSION, message: `Unsupported entity type ${type}` };
    if (c.matchType === MATCH_EXACT) {
      if (c.match === null) return { code: INVALID_REQUEST, message: 'Request specified MATCH_TYPE_EXACT, but set match string to null.' };
      exact.set(type, c.match);
    } else if (c.matchType === MATCH_DEFAULT) {
      if (c.match !== null) return { code: INVALID_REQUEST, message: 'Request specified MATCH_TYPE_DEFAULT, but also specified a match string.' };
      exact.set(type, null);
    } else if (c.matchType === MATCH_ANY) {
      if (c.match !== null) return { code: INVALID_REQUEST, message: 'Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.' };
      any.add(type);
    } else {
      return { code: INVALID_REQUEST, message: `Unknown match type ${c.matchType}` };
    }
  }
  const names = (t: string) => exact.has(t) || any.has(t);
  if (names(IP) && (names(USER) || names(CLIENT_ID))) {
    return { code: INVALID_REQUEST, message: 'Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.' };
  }
  return { exact, any };
}

function matches(entity: KafkaEntity, exact: Map<string, string | null>, any: Set<string>, strict: boolean): boolean {
  if (strict && entity.length !== exact.size + any.size) return false;
  const byType = new Map(entity);
  for (const [type, name] of exact) if (!byType.has(type) || byType.get(type) !== name) return false;
  for (const type of any) if (!byType.has(type)) return false;
  return true;
}

/** The broker's answer to a DescribeClientQuotas filter over the quota entries in force. */
export function describeQuotas(entries: readonly QuotaEntry[], components: readonly FilterComponent[], strict: boolean): DescribeOutcome {
  const filter = readFilter(components);
  if ('code' in filter) return { error: filter };
  const out: DescribedEntry[] = [];
  for (const e of entries) {
    const entity = entityOf(e);
    if (!matches(entity, filter.exact, filter.any, strict)) continue;
    const values: Array<readonly [string, number]> = [];
    for (const [type, key] of Object.entries(KEY_OF) as Array<[keyof typeof KEY_OF, string]>) {
      const v = e[type];
      if (v !== undefined) values.push([key, v]);
    }
    out.push({ entity, values });
  }
  return { entries: out };
}
