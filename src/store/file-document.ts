/**
 * DocumentStore backends without etcd: a local file (the client quotas beside the ACL file) and
 * memory (no store configured: the document lives as long as the process).
 *
 * The file backend follows the file store's rules (src/acl/store-file.ts): every update takes the
 * lock beside the file (file-lock.ts), re-reads it, applies the change to what it read and writes
 * the result atomically (temp file in the same directory, fsync, rename, fsync the directory), so
 * two gateways sharing the file never lose an update. watch() follows the file through the one
 * directory watcher (file-watch.ts) and hands every changed text to onText.
 */
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';
import type { DocumentChange, DocumentStore, DocumentWatch } from './document.js';
import { withFileLock } from './file-lock.js';
import { watchDirectories, type FileWatch } from './file-watch.js';

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new GatewayError('SW_ERR_STORE_UNAVAILABLE', `${path}: cannot read: ${(e as Error).message}`, { cause: e });
  }
}

/** Writes `text` to `path` atomically (a new file is created 0600). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  const mode = await stat(path).then(
    (s) => s.mode & 0o777,
    () => 0o600,
  );
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // some file systems refuse fsync on a directory; the rename is still atomic
  }
}

export interface FileDocumentOptions {
  debounceMs?: number;
  pollMs?: number;
}

export class FileDocumentStore implements DocumentStore {
  readonly where: string;
  private watcher: FileWatch | null = null;
  private lastText: string | null | undefined;

  constructor(
    readonly path: string,
    private readonly options: FileDocumentOptions = {},
  ) {
    this.where = `file ${path}`;
  }

  read(): Promise<string | null> {
    return readText(this.path);
  }

  update<T>(change: (text: string | null) => Promise<DocumentChange<T>>): Promise<T> {
    return withFileLock(this.path, async () => {
      const done = await change(await readText(this.path));
      if (done.text !== null) await writeFileAtomic(this.path, done.text);
      return done.result;
    });
  }

  async watch(handlers: DocumentWatch): Promise<void> {
    if (this.watcher) return;
    this.lastText = await readText(this.path);
    this.watcher = watchDirectories(
      [this.path],
      async () => {
        const text = await readText(this.path);
        if (text === this.lastText) return;
        this.lastText = text;
        handlers.onText(text);
      },
      { debounceMs: this.options.debounceMs, pollMs: this.options.pollMs, onError: (e) => handlers.onHealth(false, new GatewayError('SW_ERR_STORE_UNAVAILABLE', e.message)) },
    );
  }

  async close(): Promise<void> {
    this.watcher?.close();
    this.watcher = null;
  }
}

/** The document in memory: what a gateway without an ACL file or etcd keeps until it stops. */
export class MemoryDocumentStore implements DocumentStore {
  readonly where = 'memory';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private text: string | null = null) {}

  async read(): Promise<string | null> {
    return this.text;
  }

  update<T>(change: (text: string | null) => Promise<DocumentChange<T>>): Promise<T> {
    const run = async (): Promise<T> => {
      const done = await change(this.text);
      if (done.text !== null) this.text = done.text;
      return done.result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async watch(): Promise<void> {
    // nobody else writes it
  }

  async close(): Promise<void> {
    // nothing held
  }
}
