/**
 * File plumbing for the credentials store: read the file, and replace it atomically
 * (temp file in the same directory, fsync, rename, fsync the directory) so a reader or a crash
 * sees either the old or the new file, never half of one. A symlinked path (a user's link to
 * another location) is written through to its target so the link survives.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, realpath, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function readTextFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

async function resolveTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw e;
  }
}

/** Write `text` to `path` atomically with mode 0600. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = await resolveTarget(path);
  const dir = dirname(target);
  const tmp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  await fh.close();
  try {
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } finally {
    await dh.close();
  }
}
