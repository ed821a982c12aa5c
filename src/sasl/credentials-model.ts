/**
 * The credentials file: its in-memory model, strict YAML parsing and serialisation. The file
 * holds salted verifiers only, never a password. Schema (version 1):
 *
 *   version: 1
 *   phantomSeed: <base64, 32 bytes>     # optional; salts shown to unknown SCRAM users derive from
 *                                       # it. Written by the gateway when it first saves the file.
 *   users:
 *     <user name>:                      # any non-empty text without control characters
 *       - id: <text>                    # unique within the user; removeCredential() takes it
 *         created: <ISO-8601 time>
 *         PLAIN:                        # optional, one per credential
 *           algorithm: scrypt
 *           N: 16384                    # power of two, 2^10..2^20
 *           r: 8                        # 1..32
 *           p: 1                        # 1..16
 *           salt: <base64, >= 16 bytes>
 *           hash: <base64, 32..64 bytes>
 *         SCRAM-SHA-256:                # optional (same shape for SCRAM-SHA-512)
 *           salt: <base64, >= 16 bytes>
 *           iterations: 8192            # 4096..1000000
 *           storedKey: <base64, 32 bytes (64 for SHA-512)>
 *           serverKey: <base64, same length>
 *
 * A user holds a LIST of credentials (one per password) so that old and new passwords both work
 * while clients are rotated; every credential must carry at least one mechanism. Unknown keys are
 * errors, so a typo never silently disables a credential.
 */
import { parse, stringify } from 'yaml';
import { GatewayError } from '../errors.js';
import { validScryptParams } from './plain-hash.js';
import type { PlainVerifier } from './plain-hash.js';
import { SCRAM_MAX_ITERATIONS, SCRAM_MIN_ITERATIONS, scramHash } from './scram-crypto.js';
import { MECHANISMS } from './types.js';
import type { PasswordMechanismName as MechanismName, ScramMechanismName } from './types.js';

export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

export interface StoredCredential {
  id: string;
  created: string;
  plain?: PlainVerifier;
  scram: Partial<Record<ScramMechanismName, ScramVerifier>>;
}

export interface CredentialsData {
  phantomSeed?: Buffer;
  /** Insertion-ordered; each list is oldest first as in the file. */
  users: Map<string, StoredCredential[]>;
}

const SCRAM_NAMES: readonly ScramMechanismName[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function validUserName(user: string): boolean {
  return user.length > 0 && user.length <= 255 && !CONTROL.test(user);
}

export function credentialMechanisms(c: StoredCredential): MechanismName[] {
  return MECHANISMS.filter((m) => (m === 'PLAIN' ? c.plain !== undefined : c.scram[m] !== undefined));
}

type Obj = Record<string, unknown>;

function fail(where: string, what: string): never {
  throw new GatewayError('SW_ERR_CONFIG_INVALID', `${where}: ${what}`);
}

/** A mapping; with `allowed`, any other key is an error. */
function obj(v: unknown, where: string, allowed?: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, 'expected a mapping');
  if (allowed) for (const k of Object.keys(v)) if (!allowed.includes(k)) fail(`${where}.${k}`, 'unknown key');
  return v as Obj;
}

function int(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(where, `expected an integer ${min}..${max}`);
  return v;
}

function b64(v: unknown, where: string, minLen: number, maxLen: number): Buffer {
  if (typeof v !== 'string' || !BASE64.test(v)) fail(where, 'expected base64');
  const b = Buffer.from(v, 'base64');
  if (b.length < minLen || b.length > maxLen) fail(where, `expected ${minLen}..${maxLen} bytes`);
  return b;
}

function parsePlain(v: unknown, where: string): PlainVerifier {
  const o = obj(v, where, ['algorithm', 'N', 'r', 'p', 'salt', 'hash']);
  if (o.algorithm !== 'scrypt') fail(`${where}.algorithm`, 'expected scrypt');
  const params = { N: int(o.N, `${where}.N`, 1, 2 ** 30), r: int(o.r, `${where}.r`, 1, 1024), p: int(o.p, `${where}.p`, 1, 1024) };
  if (!validScryptParams(params)) fail(where, 'scrypt parameters out of range (N 2^10..2^20, r 1..32, p 1..16)');
  return { algorithm: 'scrypt', ...params, salt: b64(o.salt, `${where}.salt`, 16, 1024), hash: b64(o.hash, `${where}.hash`, 32, 64) };
}

function parseScram(v: unknown, where: string, mech: ScramMechanismName): ScramVerifier {
  const o = obj(v, where, ['salt', 'iterations', 'storedKey', 'serverKey']);
  const size = scramHash(mech).size;
  return {
    salt: b64(o.salt, `${where}.salt`, 16, 1024),
    iterations: int(o.iterations, `${where}.iterations`, SCRAM_MIN_ITERATIONS, SCRAM_MAX_ITERATIONS),
    storedKey: b64(o.storedKey, `${where}.storedKey`, size, size),
    serverKey: b64(o.serverKey, `${where}.serverKey`, size, size),
  };
}

function parseCredential(v: unknown, where: string): StoredCredential {
  const o = obj(v, where, ['id', 'created', ...MECHANISMS]);
  if (typeof o.id !== 'string' || o.id === '') fail(`${where}.id`, 'expected a non-empty string');
  const created = o.created instanceof Date ? o.created.toISOString() : o.created;
  if (typeof created !== 'string' || Number.isNaN(Date.parse(created))) fail(`${where}.created`, 'expected an ISO-8601 time');
  const c: StoredCredential = { id: o.id, created, scram: {} };
  if (o.PLAIN !== undefined) c.plain = parsePlain(o.PLAIN, `${where}.PLAIN`);
  for (const m of SCRAM_NAMES) if (o[m] !== undefined) c.scram[m] = parseScram(o[m], `${where}.${m}`, m);
  if (credentialMechanisms(c).length === 0) fail(where, 'credential has no mechanism');
  return c;
}

/** Parse and validate; `source` names the file in error texts (which never hold secrets). */
export function parseCredentials(text: string, source = 'credentials'): CredentialsData {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : 'unreadable';
    fail(source, `not valid YAML (${msg})`);
  }
  if (doc === null || doc === undefined) return { users: new Map() };
  const top = obj(doc, source, ['version', 'phantomSeed', 'users']);
  if (top.version !== 1) fail(`${source}.version`, 'expected 1');
  const data: CredentialsData = { users: new Map() };
  if (top.phantomSeed !== undefined) data.phantomSeed = b64(top.phantomSeed, `${source}.phantomSeed`, 16, 64);
  const users = top.users === undefined || top.users === null ? {} : obj(top.users, `${source}.users`);
  for (const [user, list] of Object.entries(users)) {
    const where = `${source}.users.${user}`;
    if (!validUserName(user)) fail(where, 'invalid user name');
    if (!Array.isArray(list) || list.length === 0) fail(where, 'expected a non-empty list of credentials');
    const creds = list.map((c, i) => parseCredential(c, `${where}[${i}]`));
    const ids = new Set(creds.map((c) => c.id));
    if (ids.size !== creds.length) fail(where, 'duplicate credential id');
    data.users.set(user, creds);
  }
  return data;
}

const HEADER = [' streamward credentials: salted verifiers only (scrypt for PLAIN, RFC 5802 keys for SCRAM).', ' Managed by `streamward users ...`; edits by hand are validated on reload.'].join('\n');

export function serializeCredentials(data: CredentialsData): string {
  // A Map, not an object: a user called "__proto__" must stay an ordinary key.
  const users = new Map<string, Obj[]>();
  for (const [user, creds] of data.users) {
    users.set(
      user,
      creds.map((c) => {
        const out: Obj = { id: c.id, created: c.created };
        if (c.plain) {
          const p = c.plain;
          out.PLAIN = { algorithm: 'scrypt', N: p.N, r: p.r, p: p.p, salt: p.salt.toString('base64'), hash: p.hash.toString('base64') };
        }
        for (const m of SCRAM_NAMES) {
          const s = c.scram[m];
          if (!s) continue;
          out[m] = {
            salt: s.salt.toString('base64'),
            iterations: s.iterations,
            storedKey: s.storedKey.toString('base64'),
            serverKey: s.serverKey.toString('base64'),
          };
        }
        return out;
      }),
    );
  }
  const top: Obj = { version: 1 };
  if (data.phantomSeed) top.phantomSeed = data.phantomSeed.toString('base64');
  top.users = users;
  const body = stringify(top, { lineWidth: 0 });
  return `${HEADER.split('\n')
    .map((l) => `#${l}`)
    .join('\n')}\n${body}`;
}
