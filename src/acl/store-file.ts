/**
 * The ACL store on disk (the only file-system module of src/acl): load with validation,
 * atomic write, and a watcher that reloads on change and keeps the last good state on error.
 * The format is in store-schema.ts.
 *
 * Atomic write: temp file in the same directory, fsync, rename over the target, fsync the
 * directory (best effort). Readers never see a half-written file. A new file is created 0600.
 *
 * Changes (update, and the CLI's updateAclFile) never write from memory: they take the lock
 * beside the file (src/store/file-lock.ts, shared with the CLI), re-read the file, apply the
 * change to what they read and write that, so a change made by another process in between
 * (a `streamward acl add` while the gateway serves CreateAcls) is never lost.
 *
 * Watcher: the gateway's one file watcher (src/store/file-watch.ts: the file's directory, so
 * Kubernetes `..data` swaps and atomic replaces are seen; debounced; checks never overlap; an
 * optional poll). Each check reads the file, does nothing if the text is unchanged, and
 * otherwise parses it: a good file replaces the state (onReload), a bad or missing one is
 * reported once (onError) and the previous state stays in force.
 */
import { readFile } from 'node:fs/promises';
import { GatewayError, toGatewayError } from '../errors.js';
import { AclIndex } from './acl-index.js';
import { formatAclStore, parseAclStore } from './store-schema.js';
import type { TaggedAclEntry } from './types.js';
import { withFileLock } from '../store/file-lock.js';
import { writeFileAtomic } from '../store/file-document.js';
import { watchDirectories, type FileWatch } from '../store/file-watch.js';

/** The file's text, or null when it does not exist. */
async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
}

/** Loads and validates a store file; a missing file holds no entries. Throws SW_ERR_CONFIG_INVALID. */
export async function loadAclFile(path: string): Promise<{ entries: TaggedAclEntry[]; index: AclIndex; text: string | null }> {
  const text = await readText(path);
  const entries = text === null ? [] : parseAclStore(text, path);
  return { entries, index: AclIndex.from(entries), text };
}

/** Writes `entries` atomically (store/file-document's writer); returns the text written. */
export async function writeAclFile(path: string, entries: readonly TaggedAclEntry[]): Promise<string> {
  const text = formatAclStore(entries);
  await writeFileAtomic(path, text);
  return text;
}

/**
 * Read-modify-write of the store file under its cross-process lock: `change` gets the entries
 * read from the file now and returns whether it changed anything; only then is the file written.
 */
export async function updateAclFile<T>(path: string, change: (index: AclIndex) => { result: T; changed: boolean }): Promise<{ result: T; index: AclIndex; text: string | null }> {
  return withFileLock(path, async () => {
    const { index, text } = await loadAclFile(path);
    const { result, changed } = change(index);
    return { result, index, text: changed ? await writeAclFile(path, index.tagged()) : text };
  });
}

export interface AclFileStoreOptions {
  /** Quiet period after the last directory event before the file is read (default 200 ms). */
  debounceMs?: number;
  /** Also check every this many ms (0 = events only, the default); for file systems without events. */
  pollMs?: number;
  /** A changed, valid file has replaced the state. */
  onReload?: (index: AclIndex) => void;
  /** A changed file is invalid or unreadable; the previous state stays (code SW_ERR_RELOAD_FAILED). */
  onError?: (error: GatewayError) => void;
}

/** One store file: the current index, saves, and (after watch()) reloads on outside changes. */
export class AclFileStore {
  private index = new AclIndex();
  private lastText: string | null = null;
  private lastBadText: string | null | undefined;
  private watcher: FileWatch | null = null;
  private closed = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly options: AclFileStoreOptions = {},
  ) {}

  /** The state in force (replace-on-reload: read it per decision, or follow onReload). */
  get current(): AclIndex {
    return this.index;
  }

  /** Initial load; throws on an invalid file (a missing one is an empty store). */
  async load(): Promise<AclIndex> {
    const { index, text } = await loadAclFile(this.path);
    this.index = index;
    this.lastText = text;
    return index;
  }

  /** Makes `index` the state and writes it atomically; saves are serialized. */
  save(index: AclIndex): Promise<void> {
    const run = async (): Promise<void> => {
      const text = await withFileLock(this.path, () => writeAclFile(this.path, index.tagged()));
      this.lastText = text;
      this.lastBadText = undefined;
      this.index = index;
    };
    const next = this.saving.then(run, run);
    this.saving = next.catch(() => undefined);
    return next;
  }

  /**
   * Applies `change` to the entries in the file now (not to the state in memory), under the
   * lock, writes the result and makes it the state. Changes are serialized with save().
   */
  update<T>(change: (index: AclIndex) => T): Promise<T> {
    const run = async (): Promise<T> => {
      const done = await updateAclFile(this.path, (index) => {
        const before = JSON.stringify(index.tagged());
        const result = change(index);
        return { result, changed: JSON.stringify(index.tagged()) !== before };
      });
      this.lastText = done.text;
      this.lastBadText = undefined;
      this.index = done.index;
      return done.result;
    };
    const next = this.saving.then(run, run);
    this.saving = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Starts watching the file's directory; throws when it cannot be watched. */
  watch(): void {
    if (this.watcher || this.closed) return;
    let starting = true;
    const unwatchable: Error[] = [];
    const watcher = watchDirectories([this.path], () => this.check(), {
      debounceMs: this.options.debounceMs,
      pollMs: this.options.pollMs,
      onError: (e) => (starting ? unwatchable.push(e) : this.report(e)),
    });
    starting = false;
    if (unwatchable.length > 0) {
      watcher.close();
      throw unwatchable[0];
    }
    this.watcher = watcher;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = null;
  }

  private async check(): Promise<void> {
    try {
      await this.saving;
      const text = await readText(this.path);
      if (this.closed || text === this.lastText || text === this.lastBadText) return;
      try {
        if (text === null) throw new GatewayError('SW_ERR_CONFIG_INVALID', `${this.path}: file is missing`);
        const index = AclIndex.from(parseAclStore(text, this.path));
        this.index = index;
        this.lastText = text;
        this.lastBadText = undefined;
        this.options.onReload?.(index);
      } catch (e) {
        this.lastBadText = text;
        this.report(e);
      }
    } catch (e) {
      this.report(e);
    }
  }

  private report(e: unknown): void {
    const detail = toGatewayError(e).message;
    this.options.onError?.(new GatewayError('SW_ERR_RELOAD_FAILED', detail));
  }
}
