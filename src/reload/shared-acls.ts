/**
 * The ACL state in force when ACLs live in a shared store (etcd): the same AclState the adapters
 * use with the file store (they never know which backend it is). The document is the ACL store
 * YAML (src/acl/store-schema.ts), so `acl export|import` moves it between file and etcd as is.
 *
 * - current(): the last valid state seen; never replaced by an invalid document or by nothing
 *   when etcd is unreachable (fail closed: the last state stays, it never becomes permissive).
 * - update(change): an etcd transaction on the freshest document (no lost update across replicas).
 * - Every replica watches the key; onReload fires on each new valid state (the change event).
 * - onHealth reports an outage and the recovery (the caller marks /readyz degraded).
 */
import { AclIndex } from '../acl/acl-index.js';
import { formatAclStore, parseAclStore } from '../acl/store-schema.js';
import { GatewayError, toGatewayError } from '../errors.js';
import type { AclState } from '../adapters/authz.js';
import type { ReloadTarget } from './reloader.js';
import type { DocumentStore } from '../store/document.js';
import { EtcdDocumentStore } from '../store/etcd-document.js';
import { storeHealthReporter, type StoreHealthSink, type StoreTiming } from '../store/open.js';
import type { EtcdStoreConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface SharedAclOptions {
  onReload?: (index: AclIndex) => void;
  onError?: (error: GatewayError) => void;
  onHealth?: (healthy: boolean, error?: GatewayError) => void;
}

function parse(text: string | null, where: string): AclIndex {
  return text === null ? new AclIndex() : AclIndex.from(parseAclStore(text, where));
}

export class SharedAclState implements AclState {
  private index = new AclIndex();
  private lastText: string | null = null;

  private constructor(
    readonly doc: DocumentStore,
    private readonly options: SharedAclOptions,
  ) {}

  /** Reads the store (throws when unreachable or invalid: a gateway does not start without its ACLs) and follows it. */
  static async open(doc: DocumentStore, options: SharedAclOptions = {}): Promise<SharedAclState> {
    const s = new SharedAclState(doc, options);
    const text = await doc.read();
    s.index = parse(text, doc.where);
    s.lastText = text;
    await doc.watch({ onText: (t) => s.apply(t), onHealth: (healthy, e) => options.onHealth?.(healthy, e) });
    return s;
  }

  current(): AclIndex {
    return this.index;
  }

  private apply(text: string | null): boolean {
    if (text === this.lastText) return false;
    try {
      const index = parse(text, this.doc.where);
      this.index = index;
      this.lastText = text;
      this.options.onReload?.(index);
      return true;
    } catch (e) {
      this.options.onError?.(new GatewayError('SW_ERR_RELOAD_FAILED', toGatewayError(e).message));
      return false;
    }
  }

  replace(next: AclIndex): Promise<void> {
    return this.update((index) => {
      for (const p of ['kafka', 'fluss', 'flink'] as const) for (const e of index.entries(p)) index.remove(p, e);
      for (const e of next.tagged()) index.add(e.protocol, e);
    });
  }

  async update<T>(change: (index: AclIndex) => T): Promise<T> {
    let settled: { index: AclIndex; text: string | null } | null = null;
    const result = await this.doc.update(async (text) => {
      const index = parse(text, this.doc.where);
      const before = formatAclStore(index.tagged());
      const r = change(index);
      const after = formatAclStore(index.tagged());
      settled = { index, text: after === before ? text : after };
      return { text: after === before ? null : after, result: r };
    });
    const s = settled as { index: AclIndex; text: string | null } | null;
    if (s && s.text !== this.lastText) {
      this.index = s.index;
      this.lastText = s.text;
    }
    return result;
  }

  /** SIGHUP: re-read now (throws when unreachable or invalid; the state stays). */
  async reload(): Promise<boolean> {
    const text = await this.doc.read();
    if (text === this.lastText) return false;
    this.index = parse(text, this.doc.where);
    this.lastText = text;
    return true;
  }

  target(): ReloadTarget {
    return {
      what: 'acls',
      name: `acl store ${this.doc.where}`,
      files: [],
      reload: async () => {
        const changed = await this.reload();
        return changed ? { changed, detail: { entries: this.index.size() } } : { changed };
      },
    };
  }

  close(): Promise<void> {
    return this.doc.close();
  }
}

/** The ACL state on etcd, followed, counted and logged like the file store. */
export async function openSharedAcls(config: EtcdStoreConfig, metrics: Metrics, log: Logger, health: StoreHealthSink, timing: StoreTiming = {}): Promise<SharedAclState> {
  const doc = new EtcdDocumentStore(config, { pollMs: timing.pollMs });
  health('acls', true);
  try {
    return await SharedAclState.open(doc, {
      onReload: (index) => {
        metrics.reloads.inc({ what: 'acls', outcome: 'success' });
        log.info({ entries: index.size(), where: doc.where }, 'ACLs reloaded');
      },
      onError: (e) => {
        metrics.reloads.inc({ what: 'acls', outcome: 'failure' });
        log.error({ err: e.code, what: 'acls', detail: e.message }, 'ACL reload failed; previous ACLs stay in force');
      },
      onHealth: storeHealthReporter('acls', doc.where, log, health),
    });
  } catch (e) {
    await doc.close();
    throw e;
  }
}
