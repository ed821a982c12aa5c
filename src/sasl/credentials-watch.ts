/**
 * Notice changes to one file by watching its directory, not the file: editors and our own atomic
 * writes replace the file (a watch on the old inode would go silent), and Kubernetes updates a
 * mounted Secret by swapping the `..data` symlink inside that directory. Bursts of events are
 * collapsed into one call after `debounceMs` of quiet.
 */
import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import { concernsFiles } from '../watch-filter.js';

export interface DirWatch {
  close(): void;
}

export function watchFileDirectory(
  path: string,
  onSettled: () => void,
  onError: (e: Error) => void,
  debounceMs = 200,
): DirWatch {
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let watcher: FSWatcher | undefined;
  const fire = () => {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (!closed) onSettled();
    }, debounceMs);
    timer.unref();
  };
  try {
    watcher = watch(dirname(path), { persistent: false }, (_event, name) => {
      if (concernsFiles([path], name)) fire();
    });
    watcher.on('error', (e) => {
      if (!closed) onError(e);
    });
  } catch (e) {
    queueMicrotask(() => onError(e instanceof Error ? e : new Error(String(e))));
  }
  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      watcher?.close();
    },
  };
}
