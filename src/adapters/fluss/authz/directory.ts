/**
 * FlussTableDirectory: the gateway-wide map from Fluss table id to table path.
 *
 * Requests such as PRODUCE_LOG and FETCH_LOG name tables only by id, and Fluss has no api that
 * maps an id back to a path, so the gateway learns the pairs from answers flowing through it
 * (MetadataResponse.table_metadata, GetTableInfo / GetLatestKvSnapshots / GetLakeSnapshot
 * table_id paired with the request's path). One directory serves every connection: a client may
 * fetch metadata on one connection and produce on another. Table ids come from a counter and are
 * never reused, so a learned pair stays true forever (a re-created table gets a new id).
 *
 * A miss never allows anything. With backend queries configured, a miss triggers one refresh
 * that lists every table of the backend over a gateway-owned connection; concurrent misses share
 * it, and refreshes are at least `minRefreshIntervalMs` apart so unknown ids cannot hammer the
 * backend. Without backend queries a miss stays a miss (the caller answers "unknown table").
 *
 * A learned pair is never replaced by a different name taken from an answer: an answer that
 * names a known id differently drops the entry (the id is unknown until the backend's own table
 * listing names it again), so a mismatched or forged answer cannot re-point an id.
 */
import type { Logger } from 'pino';
import { FlussBackendQueries, type FlussBackendAddress, type FlussBackendOperations } from './backend-queries.js';
import type { TableRef } from './texts.js';

export interface FlussTableDirectoryOptions {
  /** The backend to ask on a miss: its address, or ready-made queries (tests). */
  backend?: FlussBackendAddress | FlussBackendOperations;
  /** Entries kept before the oldest are forgotten (re-learned on demand). Default 200,000. */
  maxEntries?: number;
  /** Minimum time between two backend refreshes. Default 1000 ms. */
  minRefreshIntervalMs?: number;
  log?: Logger;
}

export class FlussTableDirectory {
  private readonly byId = new Map<bigint, TableRef>();
  private readonly maxEntries: number;
  private readonly minRefreshMs: number;
  private refreshing: Promise<void> | null = null;
  private lastRefreshAt = -Infinity;
  /** Backend queries for misses and server-side state, or null. */
  readonly backend: FlussBackendOperations | null;

  constructor(private readonly options: FlussTableDirectoryOptions = {}) {
    this.maxEntries = options.maxEntries ?? 200_000;
    this.minRefreshMs = options.minRefreshIntervalMs ?? 1000;
    const b = options.backend;
    this.backend = !b ? null : 'listTables' in b ? b : new FlussBackendQueries(b);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Records that `tableId` names `table` (learned from an answer flowing through the gateway). */
  learn(tableId: bigint, table: TableRef): void {
    const known = this.byId.get(tableId);
    if (known && known.name === table.name) return;
    if (known) {
      this.byId.delete(tableId);
      this.options.log?.warn(
        { err: 'SW_ERR_UPSTREAM_PROTOCOL', tableId: String(tableId), was: known.name, now: table.name },
        'an answer named a known table id differently; the id is forgotten until the backend names it',
      );
      return;
    }
    this.remember(tableId, table);
  }

  private remember(tableId: bigint, table: TableRef): void {
    this.byId.set(tableId, Object.freeze({ ...table }));
    if (this.byId.size > this.maxEntries) {
      const oldest = this.byId.keys().next().value as bigint;
      this.byId.delete(oldest);
    }
  }

  /** The path of a table id, if learned. */
  get(tableId: bigint): TableRef | undefined {
    return this.byId.get(tableId);
  }

  /** The path of a table id: at once when known, else after asking the backend (undefined = unknown). */
  lookup(tableId: bigint): TableRef | undefined | Promise<TableRef | undefined> {
    const hit = this.byId.get(tableId);
    if (hit || !this.backend) return hit;
    return this.refresh().then(() => this.byId.get(tableId));
  }

  /** Paths of several ids; a Promise only when some id had to be asked for. */
  lookupAll(tableIds: readonly bigint[]): Map<bigint, TableRef | undefined> | Promise<Map<bigint, TableRef | undefined>> {
    const out = new Map<bigint, TableRef | undefined>();
    let missing = false;
    for (const id of tableIds) {
      const t = this.byId.get(id);
      out.set(id, t);
      if (!t) missing = true;
    }
    if (!missing || !this.backend) return out;
    return this.refresh().then(() => {
      for (const id of tableIds) out.set(id, this.byId.get(id));
      return out;
    });
  }

  close(): void {
    this.backend?.close();
  }

  private refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    if (!this.backend || performance.now() - this.lastRefreshAt < this.minRefreshMs) return Promise.resolve();
    const backend = this.backend;
    this.refreshing = backend
      .listTables()
      .then((tables) => {
        for (const t of tables) this.remember(t.id, t.table);
        this.options.log?.info({ tables: tables.length }, 'table directory refreshed from the backend');
      })
      .catch((e: unknown) => {
        this.options.log?.warn({ err: 'SW_ERR_UPSTREAM_UNREACHABLE', detail: (e as Error).message }, 'table directory refresh failed');
      })
      .finally(() => {
        this.refreshing = null;
        this.lastRefreshAt = performance.now();
      });
    return this.refreshing;
  }
}
