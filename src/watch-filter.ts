/**
 * Directory watches (fs.watch on a file's folder, so that atomic renames and Kubernetes `..data`
 * symlink swaps are seen) report every file of the folder. This tells whether an event can
 * concern a watched file: its own name, a Kubernetes `..`-prefixed swap, or an unnamed event.
 * Without it, a busy neighbour (an audit log in the same folder) makes every watcher re-read.
 */
import { basename } from 'node:path';

export function concernsFiles(files: readonly string[], eventName: string | Buffer | null | undefined): boolean {
  if (eventName === null || eventName === undefined) return true;
  const name = eventName.toString();
  return name.startsWith('..') || files.some((f) => basename(f) === name);
}
