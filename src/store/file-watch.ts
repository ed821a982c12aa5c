/**
 * The one file watcher of the gateway (the ACL file, the credentials file, and the certificate
 * and config files of the reloader all use it).
 *
 * It watches the files' DIRECTORIES, not the files: editors and atomic writers replace a file (a
 * watch on the old inode goes silent), and a Kubernetes Secret/ConfigMap volume updates by
 * swapping its `..data` symlink, which shows up as an event in the mount directory while the
 * file path (a symlink through `..data`) stays the same. Only events that can concern a watched
 * file count (concernsFiles): a busy neighbour such as an audit log wakes nobody.
 * Events are debounced; then `check` runs, never two at once (an event during a check runs one
 * more check after it). An optional poll schedules the same check for file systems that deliver
 * no events. watchFiles adds content hashes: onChange only when a file's bytes really changed.
 *
 *   idle ──event──► waiting(debounce) ──timer──► checking ──done──► idle
 *   checking ──event──► checking + again ──done──► waiting          any ──close()──► closed
 */
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface FileWatchOptions {
  /** Quiet period after the last event before the check (default 200 ms). */
  debounceMs?: number;
  /** Also check every this many ms (0 = events only, the default). */
  pollMs?: number;
  /**
   * A directory cannot be watched (called during the watch call; it is still polled if pollMs
   * is set), a watch failed later, or a check threw.
   */
  onError?: (e: Error) => void;
}

export interface FileWatch {
  close(): void;
}

/** Whether a directory event can concern one of `files`: its name, a `..` swap, or no name. */
export function concernsFiles(files: readonly string[], eventName: string | Buffer | null | undefined): boolean {
  if (eventName === null || eventName === undefined) return true;
  const name = eventName.toString();
  return name.startsWith('..') || files.some((f) => basename(f) === name);
}

/** sha256 of a file's bytes, or `missing:<code>` when it cannot be read (so a fix is a change). */
export async function fingerprint(path: string): Promise<string> {
  try {
    return createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  } catch (e) {
    return `missing:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

export async function fingerprints(paths: readonly string[]): Promise<string> {
  return (await Promise.all(paths.map(fingerprint))).join(',');
}

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

class DirectoryWatch implements FileWatch {
  private readonly watchers: FSWatcher[] = [];
  private readonly poller: NodeJS.Timeout | null;
  private timer: NodeJS.Timeout | null = null;
  private checking = false;
  private again = false;
  private closed = false;

  constructor(
    paths: readonly string[],
    private readonly check: () => unknown,
    private readonly options: FileWatchOptions,
  ) {
    for (const dir of new Set(paths.map((p) => dirname(p)))) {
      const inDir = paths.filter((p) => dirname(p) === dir);
      try {
        const w = watch(dir, { persistent: false }, (_event, name) => {
          if (concernsFiles(inDir, name)) this.schedule();
        });
        w.on('error', (e) => this.fail(e));
        this.watchers.push(w);
      } catch (e) {
        this.fail(e);
      }
    }
    this.poller = options.pollMs ? setInterval(() => this.schedule(), options.pollMs) : null;
    this.poller?.unref();
  }

  close(): void {
    this.closed = true;
    for (const w of this.watchers) w.close();
    if (this.timer) clearTimeout(this.timer);
    if (this.poller) clearInterval(this.poller);
  }

  private schedule(): void {
    if (this.closed) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), this.options.debounceMs ?? 200);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = null;
    this.checking = true;
    try {
      await this.check();
    } catch (e) {
      this.fail(e);
    } finally {
      this.checking = false;
      if (this.again && !this.closed) {
        this.again = false;
        this.schedule();
      }
    }
  }

  private fail(e: unknown): void {
    if (!this.closed) this.options.onError?.(asError(e));
  }
}

/** Runs `check` (debounced, one at a time) whenever the directory of one of `paths` changes. */
export function watchDirectories(paths: readonly string[], check: () => unknown, options: FileWatchOptions = {}): FileWatch {
  return new DirectoryWatch(paths, check, options);
}

/** Calls onChange once per settled change of the files' contents (a missing file is content too). */
export function watchFiles(paths: readonly string[], onChange: () => void, options: FileWatchOptions = {}): FileWatch {
  let last: string | null = null;
  let closed = false;
  void fingerprints(paths).then((f) => (last ??= f));
  const watcher = watchDirectories(
    paths,
    async () => {
      const now = await fingerprints(paths);
      if (closed) return;
      const changed = last !== null && now !== last;
      last = now;
      if (changed) onChange();
    },
    options,
  );
  return {
    close() {
      closed = true;
      watcher.close();
    },
  };
}
