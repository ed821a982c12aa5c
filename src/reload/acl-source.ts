/**
 * The ACL state in force when ACLs live in the gateway-owned file (`acls.store`). The file store
 * (src/acl/store-file.ts) already watches its file and keeps the last good state; this wrapper
 * adds the SIGHUP path: `reload()` opens a fresh store on the same file, which validates the
 * whole file, and only if that succeeds swaps it in (and watches with it). Saves made through
 * the ACL admin apis are tracked so a swap never overtakes a save in progress.
 */
import { AclFileStore, type AclFileStoreOptions } from '../acl/store-file.js';
import type { AclIndex } from '../acl/acl-index.js';
import type { AclState } from '../adapters/authz.js';
import type { ReloadTarget } from './reloader.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

function sameEntries(a: AclIndex, b: AclIndex): boolean {
  return JSON.stringify(a.tagged()) === JSON.stringify(b.tagged());
}

export class SwappableAclFile implements AclState {
  private store: AclFileStore;
  private saves: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly path: string,
    private readonly options: AclFileStoreOptions,
  ) {
    this.store = new AclFileStore(path, options);
  }

  /** Loads the file (throws on an invalid one) and starts watching it. */
  static async open(path: string, options: AclFileStoreOptions): Promise<SwappableAclFile> {
    const s = new SwappableAclFile(path, options);
    await s.store.load();
    s.store.watch();
    return s;
  }

  current(): AclIndex {
    return this.store.current;
  }

  replace(next: AclIndex): Promise<void> {
    const p = this.saves.then(() => this.store.save(next));
    this.saves = p.catch(() => undefined);
    return p;
  }

  /** Applies `change` to the file's entries as they are now (lock, re-read, write): no lost update. */
  update<T>(change: (index: AclIndex) => T): Promise<T> {
    const p = this.saves.then(() => this.store.update(change));
    this.saves = p.catch(() => undefined);
    return p;
  }

  /** Re-reads the file into a fresh store; swaps when valid and different. Throws when invalid. */
  async reload(): Promise<boolean> {
    await this.saves;
    const fresh = new AclFileStore(this.path, this.options);
    await fresh.load();
    if (sameEntries(fresh.current, this.store.current)) return false;
    this.store.close();
    fresh.watch();
    this.store = fresh;
    return true;
  }

  target(): ReloadTarget {
    return {
      what: 'acls',
      name: `acl store ${this.path}`,
      files: [], // the store watches its own file
      reload: async () => {
        const changed = await this.reload();
        return changed ? { changed, detail: { entries: this.current().size() } } : { changed };
      },
    };
  }

  close(): void {
    this.store.close();
  }
}

/** Opens the gateway's ACL file, counting and logging what its own watcher finds. */
export function openAclFile(path: string, metrics: Metrics, log: Logger): Promise<SwappableAclFile> {
  return SwappableAclFile.open(path, {
    onReload: (index) => {
      metrics.reloads.inc({ what: 'acls', outcome: 'success' });
      log.info({ entries: index.size() }, 'ACLs reloaded');
    },
    onError: (e) => {
      metrics.reloads.inc({ what: 'acls', outcome: 'failure' });
      log.error({ err: e.code, what: 'acls', detail: e.message }, 'ACL reload failed; previous ACLs stay in force');
    },
  });
}
