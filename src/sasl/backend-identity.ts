/**
 * Who the gateway is towards a backend with SASL (`clusters.<name>.sasl`): the credential for a
 * backend connection opened for a client's principal, or for the gateway's own connections.
 *
 *   identity service: every connection logs in as the service username / password;
 *   identity mapped:  the client's principal picks its credential from the mapping file:
 *
 *     principals:
 *       User:alice: { username: alice, password: "..." }
 *
 *     a principal not in it gets NO credential (SW_ERR_UPSTREAM_NO_CREDENTIAL), never the
 *     service identity; the gateway's own connections (principal null) use the service identity;
 *   identity passthrough: the client's own PLAIN user name and password (kept by the gateway for
 *     the connection's life, only in this mode); a client that logged in otherwise gets none.
 *
 * The password file and the mapping file are read again when they change (size, mtime, inode
 * checked at each login), so rotating a secret needs no restart. A file that cannot be read or
 * parsed gives no credential (fail closed). Secrets never appear in errors.
 */
import { readFileSync, statSync } from 'node:fs';
import { parse } from 'yaml';
import { GatewayError } from '../errors.js';
import type { BackendSasl } from '../config/types.js';
import type { BackendCredential } from './client-mechanisms.js';

const MAX_FILE_BYTES = 4 * 1024 * 1024;
const MAX_PRINCIPALS = 100_000;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

type Login = { username: string; password: string };
/** The client's own PLAIN user and password (identity passthrough). */
export type PassthroughLogin = Login;

/** A file's parsed value, parsed again when its size, mtime or inode changes. */
class WatchedFile<V> {
  private seen: { key: string; value: V | GatewayError } | null = null;
  constructor(
    private readonly path: string,
    private readonly parseText: (text: string) => V,
  ) {}

  get(): V {
    let key: string;
    try {
      const st = statSync(this.path);
      if (st.size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
      key = `${st.size}:${st.mtimeMs}:${st.ino}`;
    } catch (e) {
      throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', `cannot read ${this.path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (this.seen?.key !== key) {
      let value: V | GatewayError;
      try {
        value = this.parseText(readFileSync(this.path, 'utf8'));
      } catch (e) {
        value = e instanceof GatewayError ? e : new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', `${this.path}: ${(e as Error).message}`);
      }
      this.seen = { key, value };
    }
    if (this.seen.value instanceof GatewayError) throw this.seen.value;
    return this.seen.value;
  }
}

function invalid(path: string, what: string): GatewayError {
  return new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', `${path} is not a valid mapping file: ${what}`);
}

function validText(s: unknown, max: number): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= max && !CONTROL.test(s);
}

/** The mapping file: `principals:` -> `{username, password}` per principal; anything else refused. */
export function parseMapping(text: string, path: string): Map<string, Login> {
  let doc: unknown;
  try {
    doc = parse(text, { maxAliasCount: 0 });
  } catch {
    throw invalid(path, 'not YAML');
  }
  const root = (doc ?? {}) as Record<string, unknown>;
  if (typeof root !== 'object' || Array.isArray(root)) throw invalid(path, 'expected a mapping with `principals`');
  for (const k of Object.keys(root)) if (k !== 'principals' && k !== 'version') throw invalid(path, `unknown key ${k}`);
  const principals = (root.principals ?? {}) as Record<string, unknown>;
  if (typeof principals !== 'object' || Array.isArray(principals)) throw invalid(path, '`principals` must be a mapping');
  const entries = Object.entries(principals);
  if (entries.length > MAX_PRINCIPALS) throw invalid(path, `more than ${MAX_PRINCIPALS} principals`);
  const out = new Map<string, Login>();
  for (const [principal, v] of entries) {
    if (!/^[A-Za-z]+:.+$/.test(principal)) throw invalid(path, `${principal.slice(0, 80)} is not a principal such as User:alice`);
    const e = v as Record<string, unknown>;
    if (typeof e !== 'object' || e === null || Object.keys(e).some((k) => k !== 'username' && k !== 'password')) throw invalid(path, `${principal}: expected { username, password }`);
    if (!validText(e.username, 255) || !validText(e.password, 1024)) throw invalid(path, `${principal}: username and password must be non-empty text without control characters`);
    out.set(principal, { username: e.username, password: e.password });
  }
  return out;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0] ?? '';
  if (!validText(line, 1024)) throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', 'the password file holds no password on its first line');
  return line;
}

export class BackendIdentity {
  private readonly passwordFile: WatchedFile<string> | null;
  private readonly mapping: WatchedFile<Map<string, Login>> | null;

  constructor(private readonly settings: BackendSasl) {
    this.passwordFile = settings.passwordFile ? new WatchedFile(settings.passwordFile, firstLine) : null;
    const mappingPath = settings.identity === 'mapped' ? settings.mapping : null;
    this.mapping = mappingPath ? new WatchedFile(mappingPath, (text) => parseMapping(text, mappingPath)) : null;
  }

  get mechanism(): BackendSasl['mechanism'] {
    return this.settings.mechanism;
  }

  /** Reads the files once (at start): a broken setup fails the start, not the first client. */
  check(): void {
    if (this.mapping) this.mapping.get();
    if (this.settings.username) this.service();
  }

  /** True when connections log in with the client's own PLAIN login. */
  get passthrough(): boolean {
    return this.settings.identity === 'passthrough';
  }

  /** The credential for a connection of `principal` (null: the gateway's own connection). */
  credentialFor(principal: string | null, passthrough?: PassthroughLogin | null): BackendCredential {
    const login = principal === null || this.settings.identity === 'service' ? this.service() : this.settings.identity === 'mapped' ? this.mapped(principal) : this.passedThrough(passthrough);
    return { mechanism: this.settings.mechanism, ...login };
  }

  /** Why `principal` would get no credential, or null when it would get one. */
  refusal(principal: string, passthrough?: PassthroughLogin | null): GatewayError | null {
    try {
      this.credentialFor(principal, passthrough);
      return null;
    } catch (e) {
      return e instanceof GatewayError ? e : new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', String(e));
    }
  }

  private service(): Login {
    const username = this.settings.username;
    if (username === null) throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', "no service identity configured for the gateway's own backend connections");
    const password = this.passwordFile ? this.passwordFile.get() : this.settings.password;
    if (!password) throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', 'the service identity has no password');
    return { username, password };
  }

  private passedThrough(passthrough: PassthroughLogin | null | undefined): Login {
    if (!passthrough || passthrough.username === '' || passthrough.password === '') {
      throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', 'identity passthrough: the client did not log in with SASL/PLAIN, so there is no password to pass on');
    }
    return { username: passthrough.username, password: passthrough.password };
  }

  private mapped(principal: string): Login {
    if (!this.mapping) throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', 'identity mapped without a mapping file');
    const login = this.mapping.get().get(principal);
    if (!login) throw new GatewayError('SW_ERR_UPSTREAM_NO_CREDENTIAL', `no backend credential is mapped for ${principal}`);
    return login;
  }
}
