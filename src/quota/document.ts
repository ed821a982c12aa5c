/**
 * The document of client quotas altered over the wire (AlterClientQuotas): what the gateway
 * keeps beside its ACLs (a file next to the ACL file, or a key on etcd) so alterations survive a
 * restart and every replica sees them. Quotas from the config file are not in it.
 *
 *   # written by streamward: client quotas altered with AlterClientQuotas
 *   version: 1
 *   quotas:
 *     - user: alice                  # and/or clientId; '<default>' = the default entity
 *       producerByteRate: 1048576
 *       consumerByteRate: null       # removed over the wire: hides the config file's value
 *
 * Parsing is strict (unknown keys, a duplicate entity, a value that is not a positive finite
 * number or null, more than `maxEntries` entities: the whole document is refused, and the
 * state in force stays), so a hand edit cannot slip a quota past the checks AlterClientQuotas
 * makes.
 */
import { parseDocument, stringify } from 'yaml';
import { GatewayError } from '../errors.js';
import { QUOTA_TYPES, type QuotaType } from './entities.js';

export const QUOTA_DOCUMENT_VERSION = 1;

/** One entity's quotas as altered over the wire: a number sets it, null hides the config's value. */
export interface QuotaOverride {
  user?: string;
  clientId?: string;
  values: Partial<Record<QuotaType, number | null>>;
}

const HEADER = ' written by streamward: client quotas altered with AlterClientQuotas (the config file holds the others)';
const ENTITY_KEYS = new Set(['user', 'clientId']);

/** The key of an entity: user and client id (either may be absent). */
export const entityKey = (user: string | undefined, clientId: string | undefined): string => JSON.stringify([user ?? null, clientId ?? null]);

function invalid(where: string, detail: string): GatewayError {
  return new GatewayError('SW_ERR_RELOAD_FAILED', `${where}: ${detail}`);
}

function parseItem(raw: unknown, i: number, where: string): QuotaOverride {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(where, `quotas[${i}] must be a mapping`);
  const out: QuotaOverride = { values: {} };
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (ENTITY_KEYS.has(k)) {
      if (typeof v !== 'string' || v === '') throw invalid(where, `quotas[${i}].${k} must be a non-empty string`);
      out[k as 'user' | 'clientId'] = v;
    } else if ((QUOTA_TYPES as readonly string[]).includes(k)) {
      if (v !== null && (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) throw invalid(where, `quotas[${i}].${k} must be a positive number or null`);
      out.values[k as QuotaType] = v as number | null;
    } else {
      throw invalid(where, `quotas[${i}]: unknown key '${k}'`);
    }
  }
  if (out.user === undefined && out.clientId === undefined) throw invalid(where, `quotas[${i}] names neither user nor clientId`);
  return out;
}

/** The overrides in `text` (null or empty: none). Throws SW_ERR_RELOAD_FAILED on anything else than a valid document. */
export function parseQuotaDocument(text: string | null, where: string, maxEntries: number): QuotaOverride[] {
  if (text === null || text.trim() === '') return [];
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw invalid(where, doc.errors[0].message);
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 0 }) as unknown;
  } catch (e) {
    throw invalid(where, (e as Error).message);
  }
  if (root === null || root === undefined) return [];
  if (typeof root !== 'object' || Array.isArray(root)) throw invalid(where, 'must be a mapping');
  const { version, quotas, ...rest } = root as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(where, `unknown key '${extra[0]}'`);
  if (version !== undefined && version !== QUOTA_DOCUMENT_VERSION) throw invalid(where, `unsupported version ${String(version)}`);
  if (quotas === undefined || quotas === null) return [];
  if (!Array.isArray(quotas)) throw invalid(where, '`quotas` must be a list');
  if (quotas.length > maxEntries) throw invalid(where, `${quotas.length} entities, more than the ${maxEntries} allowed`);
  const seen = new Set<string>();
  return quotas.map((raw, i) => {
    const o = parseItem(raw, i, where);
    const k = entityKey(o.user, o.clientId);
    if (seen.has(k)) throw invalid(where, `quotas[${i}] repeats an entity`);
    seen.add(k);
    return o;
  });
}

/** The document text for `overrides` (deterministic: the given order, fields in a fixed order). */
export function formatQuotaDocument(overrides: readonly QuotaOverride[]): string {
  const quotas = overrides.map((o) => {
    const item: Record<string, string | number | null> = {};
    if (o.user !== undefined) item.user = o.user;
    if (o.clientId !== undefined) item.clientId = o.clientId;
    for (const t of QUOTA_TYPES) if (o.values[t] !== undefined) item[t] = o.values[t] as number | null;
    return item;
  });
  return `#${HEADER}\n${stringify({ version: QUOTA_DOCUMENT_VERSION, quotas }, { lineWidth: 0 })}`;
}
