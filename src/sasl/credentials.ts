/**
 * The credential store behind SASL: users with lists of salted credentials (schema in
 * credentials-model.ts), loaded from a YAML file, changed through this API with atomic writes,
 * and reloaded when the file changes (the last good state stays if the new file is invalid).
 * It answers the mechanisms' questions (CredentialLookup) without ever holding a password.
 */
import { randomBytes } from 'node:crypto';
import { GatewayError, toGatewayError } from '../errors.js';
import { buildCredential } from './credentials-build.js';
import type { BuildOptions } from './credentials-build.js';
import { readTextFile, writeFileAtomic } from './credentials-file.js';
import { credentialMechanisms, parseCredentials, serializeCredentials, validUserName } from './credentials-model.js';
import type { CredentialsData, StoredCredential } from './credentials-model.js';
import { watchDirectories, type FileWatch } from '../store/file-watch.js';
import { removals, type CredentialRemoval } from './credentials-diff.js';
import { withFileLock } from '../store/file-lock.js';
import type { DocumentStore } from '../store/document.js';
import { dummyPlainVerifier, verifyPlainPassword } from './plain-hash.js';
import type { ScryptParams } from './plain-hash.js';
import { SCRAM_DEFAULT_ITERATIONS, phantomSalt } from './scram-crypto.js';
import type { CredentialLookup, MechanismName, PasswordMechanismName, ScramCredential, ScramMechanismName } from './types.js';

export interface CredentialStoreOptions {
  /** scrypt cost for new PLAIN verifiers (default N=16384, r=8, p=1). */
  scrypt?: ScryptParams;
  /** PBKDF2 iterations for new SCRAM verifiers (default 8192, floor 4096). */
  iterations?: number;
}

export interface NewCredentialOptions {
  mechanisms?: readonly PasswordMechanismName[];
  /** Credential id; random 8 hex digits by default. */
  id?: string;
}

export interface UserSummary {
  user: string;
  credentials: { id: string; created: string; mechanisms: MechanismName[] }[];
}

export type CredentialsReload = { ok: true; users: number } | { ok: false; error: GatewayError };
export type { CredentialRemoval } from './credentials-diff.js';

export class CredentialStore implements CredentialLookup {
  #data: CredentialsData;
  /** Per mechanism, the iteration count phantom offers use; recomputed when the data changes. */
  #typical = new Map<ScramMechanismName, number>();
  #lastText: string | undefined;
  readonly #removalListeners = new Set<(removed: CredentialRemoval[]) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #seed: Buffer;
  /** The shared backend (etcd) when the store is not a file; null for a file or memory store. */
  #doc: DocumentStore | null = null;
  readonly #listeners = new Set<(users: ReadonlySet<string>) => void>();
  readonly #options: CredentialStoreOptions;
  readonly #dummy: ReturnType<typeof dummyPlainVerifier>;
  readonly path: string | undefined;

  private constructor(data: CredentialsData, path: string | undefined, text: string | undefined, options: CredentialStoreOptions) {
    this.#data = data;
    this.path = path;
    this.#lastText = text;
    this.#options = options;
    this.#seed = data.phantomSeed ?? randomBytes(32);
    this.#dummy = dummyPlainVerifier(options.scrypt);
  }

  /** Load from a file. With createIfMissing a missing file is an empty store, created on first change. */
  static async load(path: string, options: CredentialStoreOptions & { createIfMissing?: boolean } = {}): Promise<CredentialStore> {
    let text: string;
    try {
      text = await readTextFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && options.createIfMissing) {
        return new CredentialStore({ users: new Map() }, path, undefined, options);
      }
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return new CredentialStore(parseCredentials(text, path), path, text, options);
  }

  /**
   * A store shared through a DocumentStore (etcd): the same document as the file. Throws when it
   * is unreachable or invalid (a gateway does not start without its credentials).
   */
  static async openShared(doc: DocumentStore, options: CredentialStoreOptions = {}): Promise<CredentialStore> {
    const text = await doc.read();
    const store = new CredentialStore(text === null ? { users: new Map() } : parseCredentials(text, doc.where), undefined, text ?? undefined, options);
    store.#doc = doc;
    return store;
  }

  /** Where the store lives, for logs: the file path or e.g. `etcd /streamward/credentials`; null in memory. */
  get where(): string | null {
    return this.#doc?.where ?? this.path ?? null;
  }

  /**
   * The change event: `listener` gets the user names after every change of the data (a reload
   * of the file, a change seen on etcd, or a change made through this store), so caches of earlier
   * verifications (HTTP Basic) can be dropped. Returns an unsubscribe.
   */
  onChange(listener: (users: ReadonlySet<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stop following a shared backend. */
  async close(): Promise<void> {
    await this.#doc?.close();
  }

  /** An in-memory store (no file; changes are not persisted). */
  static fromYaml(text: string, options: CredentialStoreOptions = {}): CredentialStore {
    return new CredentialStore(parseCredentials(text), undefined, text, options);
  }

  static empty(options: CredentialStoreOptions = {}): CredentialStore {
    return new CredentialStore({ users: new Map() }, undefined, undefined, options);
  }

  async verifyPlain(user: string, password: string): Promise<boolean> {
    return (await this.matchPlain(user, password)) !== null;
  }

  async matchPlain(user: string, password: string): Promise<string | null> {
    const withPlain = (this.#data.users.get(user) ?? []).filter((c) => c.plain);
    if (withPlain.length === 0) {
      await verifyPlainPassword(password, this.#dummy);
      return null;
    }
    // Check every verifier (no early exit) so the time does not say which one matched.
    const results = await Promise.all(withPlain.map((c) => verifyPlainPassword(password, c.plain!)));
    const i = results.indexOf(true);
    return i === -1 ? null : withPlain[i].id;
  }

  /** Be told what every change of the data (reload, CLI edit, API call, any backend) took away. */
  onRemoval(listener: (removed: CredentialRemoval[]) => void): () => void {
    this.#removalListeners.add(listener);
    return () => this.#removalListeners.delete(listener);
  }

  scramCredentials(user: string, mechanism: ScramMechanismName): ScramCredential[] {
    const out: ScramCredential[] = [];
    for (const c of this.#data.users.get(user) ?? []) {
      const s = c.scram[mechanism];
      if (s) out.unshift({ id: c.id, ...s });
    }
    return out;
  }

  phantomScram(user: string, mechanism: ScramMechanismName): { salt: Buffer; iterations: number } {
    return { salt: phantomSalt(this.#seed, mechanism, user), iterations: this.#typicalIterations(mechanism) };
  }

  /**
   * The iteration count most verifiers of this mechanism use, so a phantom offer blends in.
   * Cached: an unknown user must not cost a scan of the whole store (that would be measurable).
   */
  #typicalIterations(mechanism: ScramMechanismName): number {
    const cached = this.#typical.get(mechanism);
    if (cached !== undefined) return cached;
    const counts = new Map<number, number>();
    for (const list of this.#data.users.values()) {
      for (const c of list) {
        const i = c.scram[mechanism]?.iterations;
        if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
      }
    }
    let best = this.#options.iterations ?? SCRAM_DEFAULT_ITERATIONS;
    let bestCount = 0;
    for (const [i, n] of counts) if (n > bestCount) [best, bestCount] = [i, n];
    this.#typical.set(mechanism, best);
    return best;
  }

  hasUser(user: string): boolean {
    return this.#data.users.has(user);
  }

  /** Users and credential metadata, sorted by name; no salts, hashes or keys. */
  list(): UserSummary[] {
    return [...this.#data.users.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([user, creds]) => ({
        user,
        credentials: creds.map((c) => ({ id: c.id, created: c.created, mechanisms: credentialMechanisms(c) })),
      }));
  }

  /** Create a user with one credential; returns the credential id. */
  addUser(user: string, password: string, o: NewCredentialOptions = {}): Promise<string> {
    return this.#mutate(async (users) => {
      if (!validUserName(user)) throw new GatewayError('SW_ERR_CONFIG_INVALID', 'invalid user name');
      if (users.has(user)) throw new GatewayError('SW_ERR_CONFIG_INVALID', `user ${user} already exists`);
      const c = await buildCredential(password, this.#buildOptions(o, []));
      users.set(user, [c]);
      return c.id;
    });
  }

  /** Add another password to an existing user (rotation); returns the new credential id. */
  addCredential(user: string, password: string, o: NewCredentialOptions = {}): Promise<string> {
    return this.#mutate(async (users) => {
      const list = users.get(user);
      if (!list) throw new GatewayError('SW_ERR_CONFIG_INVALID', `no user ${user}`);
      if (o.id !== undefined && list.some((c) => c.id === o.id)) {
        throw new GatewayError('SW_ERR_CONFIG_INVALID', `user ${user} already has credential ${o.id}`);
      }
      const c = await buildCredential(password, this.#buildOptions(o, list));
      users.set(user, [...list, c]);
      return c.id;
    });
  }

  removeUser(user: string): Promise<boolean> {
    return this.#mutate(async (users) => users.delete(user));
  }

  /** Drop one credential; removing a user's last credential removes the user. */
  removeCredential(user: string, id: string): Promise<boolean> {
    return this.#mutate(async (users) => {
      const list = users.get(user);
      const rest = list?.filter((c) => c.id !== id);
      if (!list || !rest || rest.length === list.length) return false;
      if (rest.length === 0) users.delete(user);
      else users.set(user, rest);
      return true;
    });
  }

  toYaml(): string {
    return serializeCredentials({ ...this.#data, phantomSeed: this.#seed });
  }

  /**
   * Re-read the file; throws (keeping the current state) if it is unreadable or invalid.
   * Queued behind pending changes, so our own writes are never mistaken for outside edits.
   */
  reload(): Promise<boolean> {
    return this.#serial(async () => {
      const doc = this.#doc;
      if (doc)
        return this.#applyText(
          await doc.read().catch((e: unknown) => {
            throw toGatewayError(e, 'SW_ERR_RELOAD_FAILED');
          }),
        );
      if (!this.path) return false;
      const text = await readTextFile(this.path).catch((e: NodeJS.ErrnoException) => {
        throw new GatewayError('SW_ERR_RELOAD_FAILED', `${this.path}: cannot read (${e.code ?? 'error'})`, { cause: e });
      });
      if (text === this.#lastText) return false;
      const data = parseCredentials(text, this.path);
      if (data.phantomSeed) this.#seed = data.phantomSeed;
      this.#setData(data);
      this.#lastText = text;
      return true;
    });
  }

  /** A shared document's new text: parse and apply (throws on an invalid one; the state stays). */
  #applyText(text: string | null): boolean {
    if ((text ?? undefined) === this.#lastText) return false;
    const data: CredentialsData = text === null ? { users: new Map() } : parseCredentials(text, this.where ?? undefined);
    if (data.phantomSeed) this.#seed = data.phantomSeed;
    this.#setData(data);
    this.#lastText = text ?? undefined;
    return true;
  }

  /** Whether watch() can follow this store (a file or a shared backend). */
  get watchable(): boolean {
    return this.#doc !== null || this.path !== undefined;
  }

  /**
   * Reload whenever the file's directory (or the shared document) changes; report each reload or
   * failure. onHealth: a shared backend became unreachable (the last state stays) or came back.
   */
  watch(onChange: (e: CredentialsReload) => void, options: { debounceMs?: number; onHealth?: (healthy: boolean, error?: GatewayError) => void } = {}): FileWatch {
    const doc = this.#doc;
    if (doc) {
      const onText = (text: string | null) => {
        void this.#serial(async () => this.#applyText(text)).then(
          (changed) => changed && onChange({ ok: true, users: this.#data.users.size }),
          (e) => onChange({ ok: false, error: toGatewayError(e, 'SW_ERR_RELOAD_FAILED') }),
        );
      };
      void doc.watch({ onText, onHealth: (healthy, e) => options.onHealth?.(healthy, e) });
      return { close: () => void doc.close() };
    }
    if (!this.path) throw new GatewayError('SW_ERR_INTERNAL', 'watch() needs a file-backed store');
    const settled = () =>
      this.reload().then(
        (changed) => changed && onChange({ ok: true, users: this.#data.users.size }),
        (e) => onChange({ ok: false, error: toGatewayError(e, 'SW_ERR_RELOAD_FAILED') }),
      );
    const error = (e: Error) => onChange({ ok: false, error: toGatewayError(e, 'SW_ERR_RELOAD_FAILED') });
    return watchDirectories([this.path], settled, { debounceMs: options.debounceMs, onError: error });
  }

  #setData(data: CredentialsData): void {
    const removed = removals(this.#data, data);
    this.#data = data;
    this.#typical.clear();
    if (this.#listeners.size > 0) {
      const users: ReadonlySet<string> = new Set(data.users.keys());
      for (const l of this.#listeners) l(users);
    }
    if (removed.length === 0) return;
    for (const l of this.#removalListeners) {
      try {
        l(removed);
      } catch {
        // a listener's failure must not undo or block the change
      }
    }
  }

  #buildOptions(o: NewCredentialOptions, existing: StoredCredential[]): BuildOptions {
    const shareScram: BuildOptions['shareScram'] = {};
    for (const c of existing) {
      for (const m of ['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
        const s = c.scram[m];
        if (s) shareScram[m] = { salt: s.salt, iterations: s.iterations };
      }
    }
    return { mechanisms: o.mechanisms, id: o.id, scrypt: this.#options.scrypt, iterations: this.#options.iterations, shareScram };
  }

  /**
   * Run one change at a time; persist it, then make it current. With a file, the change is applied
   * to the file as it is now (lock beside it, re-read), never to the state in memory, so a change
   * another process made meanwhile (a second `streamward users` command) is not lost.
   */
  #mutate<T>(change: (users: Map<string, StoredCredential[]>) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      const doc = this.#doc;
      if (doc) {
        let settled: { data: CredentialsData; text: string } | null = null;
        const result = await doc.update(async (text) => {
          const fresh = text === null ? { users: new Map<string, StoredCredential[]>() } : parseCredentials(text, doc.where);
          if (fresh.phantomSeed) this.#seed = fresh.phantomSeed;
          const users = new Map(fresh.users);
          const r = await change(users);
          const next: CredentialsData = { phantomSeed: this.#seed, users };
          settled = { data: next, text: serializeCredentials(next) };
          return { text: settled.text, result: r };
        });
        const s = settled as { data: CredentialsData; text: string } | null;
        if (s) {
          this.#lastText = s.text;
          this.#setData(s.data);
        }
        return result;
      }
      const path = this.path;
      if (!path) {
        const users = new Map(this.#data.users);
        const result = await change(users);
        this.#setData({ phantomSeed: this.#seed, users });
        return result;
      }
      return withFileLock(path, async () => {
        const fresh = await this.#readFresh(path);
        if (fresh?.data.phantomSeed) this.#seed = fresh.data.phantomSeed;
        const users = new Map(fresh ? fresh.data.users : []);
        const result = await change(users);
        const next: CredentialsData = { phantomSeed: this.#seed, users };
        const text = serializeCredentials(next);
        await writeFileAtomic(path, text);
        this.#lastText = text;
        this.#setData(next);
        return result;
      });
    });
  }

  /** The file's current content, or null when it does not exist; throws on an invalid file. */
  async #readFresh(path: string): Promise<{ data: CredentialsData; text: string } | null> {
    let text: string;
    try {
      text = await readTextFile(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new GatewayError('SW_ERR_CONFIG_INVALID', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return { data: parseCredentials(text, path), text };
  }

  /** Changes and reloads run one at a time, in call order. */
  #serial<T>(run: () => Promise<T>): Promise<T> {
    const p = this.#queue.then(run, run);
    this.#queue = p.catch(() => undefined);
    return p;
  }
}
