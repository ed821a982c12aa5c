/**
 * The gateway's client quota store: the entries of the config file (the base, replaced on a
 * config reload) plus the overrides altered over the wire (AlterClientQuotas), which live in a
 * DocumentStore (quota document, document.ts) so they survive a restart and are shared by every
 * replica that shares the document: a file beside the ACL file, the etcd key beside the ACL key,
 * or memory when the gateway has neither (then alterations last until the process stops).
 *
 * What is in force (entries()) is the base overlaid per entity and per quota type: a number
 * from the wire replaces the config's value, a null hides it (a wire removal of a value the
 * config sets), an entity left with no value is dropped. onChange(cb) tells the gateway the new
 * list each time it changes (an alteration here, one made by another replica, a config
 * reload); it feeds QuotaManager.update({ entries }).
 *
 * Bounded: the document holds at most `maxEntries` entities (default 10000); an alteration that
 * would add one more is refused ('full') and nothing of it is written.
 */
import { GatewayError, toGatewayError } from '../errors.js';
import type { DocumentStore } from '../store/document.js';
import { QUOTA_TYPES, type QuotaEntry, type QuotaType } from './entities.js';
import { entityKey, formatQuotaDocument, parseQuotaDocument, type QuotaOverride } from './document.js';

/** One entity's alteration: values to set and quota types to remove (DEFAULT_ENTITY names a default). */
export interface QuotaChange {
  user?: string;
  clientId?: string;
  set: Partial<Record<QuotaType, number>>;
  remove: readonly QuotaType[];
}

/** What became of one change: applied (or would be, validateOnly) or refused because the store is full. */
export type ChangeOutcome = 'ok' | 'full';

export interface QuotaStoreOptions {
  /** The config file's quota entries. */
  base?: readonly QuotaEntry[];
  /** Most entities the wire may add (default 10000). */
  maxEntries?: number;
  /** A document changed by someone else could not be read; the state in force stays. */
  onError?: (e: GatewayError) => void;
}

export const DEFAULT_MAX_QUOTA_ENTRIES = 10_000;

type Listener = (entries: readonly QuotaEntry[]) => void;

export class QuotaStore {
  private base: readonly QuotaEntry[];
  private overlay = new Map<string, QuotaOverride>();
  private lastText: string | null = null;
  private effective: readonly QuotaEntry[] = [];
  private readonly listeners = new Set<Listener>();
  readonly maxEntries: number;

  private constructor(
    private readonly doc: DocumentStore,
    private readonly options: QuotaStoreOptions,
  ) {
    this.base = options.base ?? [];
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_QUOTA_ENTRIES;
  }

  /** Reads the document (throws when unreachable or invalid: a gateway does not start on a broken store) and follows it. */
  static async open(doc: DocumentStore, options: QuotaStoreOptions = {}): Promise<QuotaStore> {
    const s = new QuotaStore(doc, options);
    const text = await doc.read();
    s.setOverlay(parseQuotaDocument(text, doc.where, s.maxEntries), text);
    s.recompute();
    await doc.watch({ onText: (t) => s.follow(t), onHealth: (healthy, e) => (healthy ? undefined : options.onError?.(e ?? new GatewayError('SW_ERR_STORE_UNAVAILABLE', doc.where))) });
    return s;
  }

  get where(): string {
    return this.doc.where;
  }

  /** The quota entries in force (config overlaid with the wire's alterations). */
  entries(): readonly QuotaEntry[] {
    return this.effective;
  }

  /** The overrides altered over the wire, as stored. */
  overrides(): readonly QuotaOverride[] {
    return [...this.overlay.values()];
  }

  /** A config reload: new base entries. */
  setBase(entries: readonly QuotaEntry[]): void {
    this.base = entries;
    this.recompute();
  }

  /** Calls `cb` with the entries in force after every change; returns the unsubscribe. */
  onChange(cb: Listener): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /**
   * Applies `changes` in order on the freshest document (no lost update across replicas) and
   * returns one outcome per change. validateOnly: nothing is written, outcomes as if it were.
   */
  async alter(changes: readonly QuotaChange[], validateOnly = false): Promise<ChangeOutcome[]> {
    if (validateOnly) return this.applyTo(new Map(this.overlay), changes);
    let settled: { overlay: Map<string, QuotaOverride>; text: string | null } | null = null;
    const outcomes = await this.doc.update(async (text) => {
      const overlay = new Map(parseQuotaDocument(text, this.doc.where, this.maxEntries).map((o) => [entityKey(o.user, o.clientId), o]));
      const before = formatQuotaDocument([...overlay.values()]);
      const result = this.applyTo(overlay, changes);
      const after = formatQuotaDocument([...overlay.values()]);
      settled = { overlay, text: after === before ? text : after };
      return { text: after === before ? null : after, result };
    });
    const s = settled as { overlay: Map<string, QuotaOverride>; text: string | null } | null;
    if (s && s.text !== this.lastText) {
      this.overlay = s.overlay;
      this.lastText = s.text;
      this.recompute();
    }
    return outcomes;
  }

  close(): Promise<void> {
    this.listeners.clear();
    return this.doc.close();
  }

  private applyTo(overlay: Map<string, QuotaOverride>, changes: readonly QuotaChange[]): ChangeOutcome[] {
    const baseByKey = new Map(this.base.map((e) => [entityKey(e.user, e.clientId), e]));
    return changes.map((c) => {
      const k = entityKey(c.user, c.clientId);
      const existing = overlay.get(k);
      const values: QuotaOverride['values'] = { ...existing?.values };
      for (const t of QUOTA_TYPES) {
        const v = c.set[t];
        if (v !== undefined) values[t] = v;
      }
      for (const t of c.remove) {
        if (baseByKey.get(k)?.[t] !== undefined) values[t] = null;
        else delete values[t];
      }
      if (Object.keys(values).length === 0) {
        overlay.delete(k);
        return 'ok';
      }
      if (!existing && overlay.size >= this.maxEntries) return 'full';
      overlay.set(k, { ...(c.user !== undefined ? { user: c.user } : {}), ...(c.clientId !== undefined ? { clientId: c.clientId } : {}), values });
      return 'ok';
    });
  }

  private follow(text: string | null): void {
    if (text === this.lastText) return;
    try {
      // as the ACL file store: a document that disappears is an error, not "no quotas altered"
      if (text === null) throw new GatewayError('SW_ERR_RELOAD_FAILED', `${this.doc.where}: the quota document is missing`);
      this.setOverlay(parseQuotaDocument(text, this.doc.where, this.maxEntries), text);
      this.recompute();
    } catch (e) {
      this.options.onError?.(toGatewayError(e, 'SW_ERR_RELOAD_FAILED'));
    }
  }

  private setOverlay(overrides: readonly QuotaOverride[], text: string | null): void {
    this.overlay = new Map(overrides.map((o) => [entityKey(o.user, o.clientId), o]));
    this.lastText = text;
  }

  private recompute(): void {
    const merged = new Map<string, QuotaEntry>();
    for (const e of this.base) merged.set(entityKey(e.user, e.clientId), { ...e });
    for (const [k, o] of this.overlay) {
      const e: QuotaEntry = merged.get(k) ?? { ...(o.user !== undefined ? { user: o.user } : {}), ...(o.clientId !== undefined ? { clientId: o.clientId } : {}) };
      for (const t of QUOTA_TYPES) {
        const v = o.values[t];
        if (v === null) delete e[t];
        else if (v !== undefined) e[t] = v;
      }
      merged.set(k, e);
    }
    this.effective = [...merged.values()].filter((e) => QUOTA_TYPES.some((t) => e[t] !== undefined));
    for (const cb of this.listeners) cb(this.effective);
  }
}

/** The entries in force: what the gateway hands QuotaManager (configure / update). */
export function quotaEntriesOf(store: QuotaStore): readonly QuotaEntry[] {
  return store.entries();
}
