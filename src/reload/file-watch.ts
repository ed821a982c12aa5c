/**
 * Notices when the contents of a set of files change. Watches the files' DIRECTORIES, not the
 * files: editors and atomic writers replace a file (a watch on the old inode goes silent), and a
 * Kubernetes Secret/ConfigMap volume updates by swapping its `..data` symlink, which shows up as
 * an event in the mount directory while the file path (a symlink through `..data`) stays the
 * same. Events are debounced; then the files are read and hashed, and `onChange` runs only when
 * a hash differs from the last one seen, so bursts and unrelated files in the directory are
 * ignored. An optional poll does the same check for file systems that deliver no events.
 *
 *   idle ──event──► waiting(debounce) ──timer──► checking ──► idle (onChange if a hash moved)
 *   checking ──event──► checking + again ──done──► waiting          any ──close()──► closed
 */
import { createHash } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { concernsFiles } from '../watch-filter.js';

export interface FileWatchOptions {
  debounceMs?: number;
  /** Also check every this many ms (0 = events only). */
  pollMs?: number;
  /** A directory could not be watched (it is still polled if pollMs is set). */
  onError?: (e: Error) => void;
}

export interface FileWatch {
  close(): void;
}

/** sha256 of a file's bytes, or `missing:<code>` when it cannot be read (so a fix is a change). */
export async function fingerprint(path: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch (e) {
    return `missing:${(e as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

export async function fingerprints(paths: readonly string[]): Promise<string> {
  return (await Promise.all(paths.map(fingerprint))).join(',');
}

export function watchFiles(paths: readonly string[], onChange: () => void, options: FileWatchOptions = {}): FileWatch {
  let last: string | null = null;
  let closed = false;
  let checking = false;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  const watchers: FSWatcher[] = [];
  void fingerprints(paths).then((f) => (last ??= f));

  const check = async (): Promise<void> => {
    timer = null;
    checking = true;
    try {
      const now = await fingerprints(paths);
      if (closed) return;
      if (last !== null && now !== last) {
        last = now;
        onChange();
      }
      last = now;
    } finally {
      checking = false;
      if (again && !closed) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = (): void => {
    if (closed) return;
    if (checking) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), options.debounceMs ?? 200);
    timer.unref();
  };

  for (const dir of new Set(paths.map((p) => dirname(p)))) {
    try {
      const inDir = paths.filter((p) => dirname(p) === dir);
      const w = watch(dir, { persistent: false }, (_event, name) => {
        if (concernsFiles(inDir, name)) schedule();
      });
      w.on('error', (e) => options.onError?.(e));
      watchers.push(w);
    } catch (e) {
      options.onError?.(e as Error);
    }
  }
  const poller = options.pollMs ? setInterval(schedule, options.pollMs) : null;
  poller?.unref();
  return {
    close() {
      closed = true;
      for (const w of watchers) w.close();
      if (timer) clearTimeout(timer);
      if (poller) clearInterval(poller);
    },
  };
}
