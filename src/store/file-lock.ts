/**
 * A cross-process lock beside a store file, so that the gateway and the CLI (`streamward acl`,
 * `streamward users`) never interleave a read-modify-write of the same file. Each writer takes
 * the lock, re-reads the file, applies its change to what it read, writes, and releases.
 *
 * The lock is a file `.<name>.lock` in the store's directory, created with O_CREAT|O_EXCL (the
 * one atomic "create if absent" every local file system offers), holding `pid`, creation time
 * and a random token. Released by unlinking it (only if it still holds our token).
 *
 * Stale locks: a holder that died (its pid no longer exists on this host) or a lock older than
 * `staleMs` (a holder hung or on another host sharing the volume) is broken: the breaker renames
 * the stale file to a unique name (atomic, so two breakers cannot both win) and retries.
 * Waiting is bounded by `timeoutMs`; then SW_ERR_STORE_LOCKED is thrown and nothing is written.
 *
 * Why not flock(2): Node has no flock binding, and the npm packages that add one are native
 * add-ons (a compiler at install time) or lock with the same lock-file technique as here.
 */
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { GatewayError } from '../errors.js';

export interface FileLockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
  /** A lock older than this is broken even if its pid looks alive (default 30 s). */
  staleMs?: number;
}

/** The lock file beside `path`. */
export function lockPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.lock`);
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock text describes a dead or expired holder. Unparsable text is stale once old enough. */
function isStale(text: string, staleMs: number, now: number): boolean {
  const [pidText, timeText] = text.split('\n');
  const created = Number(timeText);
  if (!Number.isFinite(created)) return true;
  if (now - created > staleMs) return true;
  return !pidAlive(Number(pidText));
}

async function tryCreate(lockPath: string, body: string): Promise<boolean> {
  try {
    const fh = await open(lockPath, 'wx', 0o600);
    try {
      await fh.writeFile(body, 'utf8');
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new GatewayError('SW_ERR_STORE_LOCKED', `${lockPath}: cannot create the lock file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Breaks the lock when it is stale; true when the caller should retry at once. */
async function breakIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
  // A holder writes its body right after creating the file: give an empty file a moment.
  if (text === '' || !isStale(text, staleMs, Date.now())) return false;
  const aside = `${lockPath}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(lockPath, aside);
  } catch {
    return true; // someone else broke or released it first
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  await unlink(aside).catch(() => undefined);
  if (moved !== text) {
    // We moved a fresh lock taken between our read and rename: put it back if the name is free.
    await tryCreate(lockPath, moved);
  }
  return true;
}

/** Runs `fn` while holding the lock beside `path`. */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockPath = lockPathFor(path);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const staleMs = options.staleMs ?? 30_000;
  const token = randomBytes(8).toString('hex');
  const deadline = Date.now() + timeoutMs;
  let wait = 5;
  let body = '';
  for (;;) {
    body = `${process.pid}\n${Date.now()}\n${token}\n`;
    if (await tryCreate(lockPath, body)) break;
    if (await breakIfStale(lockPath, staleMs)) continue;
    if (Date.now() > deadline) throw new GatewayError('SW_ERR_STORE_LOCKED', `${lockPath} is held by another writer (waited ${timeoutMs} ms)`);
    await new Promise((r) => setTimeout(r, wait + Math.floor(Math.random() * wait)));
    wait = Math.min(wait * 2, 100);
  }
  try {
    return await fn();
  } finally {
    const held = await readFile(lockPath, 'utf8').catch(() => null);
    if (held === body) await unlink(lockPath).catch(() => undefined);
  }
}
