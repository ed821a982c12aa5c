/**
 * SCRAM message syntax (RFC 5802 section 7) for the server side: parse the two client messages,
 * format the two server messages, and the saslname escaping of user names (',' -> "=2C",
 * '=' -> "=3D"). Parsers return null for anything that does not follow the grammar; they never
 * echo message contents into errors (they may hold user names and proofs).
 */

export type Gs2Flag = 'n' | 'y' | 'p';

/**
 * Bounds on a client message: longer messages, or more comma-separated attributes, are refused
 * before any splitting allocates (a real client-first is well under 1 KiB with a few attributes;
 * delegation-token extensions add one or two).
 */
export const MAX_SCRAM_MESSAGE_CHARS = 16 * 1024;
export const MAX_SCRAM_ATTRIBUTES = 32;

/** `text` split on ',' into at most MAX_SCRAM_ATTRIBUTES parts, or null when it has more. */
function boundedSplit(text: string): string[] | null {
  const parts = text.split(',', MAX_SCRAM_ATTRIBUTES + 1);
  return parts.length > MAX_SCRAM_ATTRIBUTES ? null : parts;
}

export interface ClientFirst {
  gs2Flag: Gs2Flag;
  /** Decoded authzid from `a=`, '' if absent. */
  authzid: string;
  /** The gs2 header exactly as sent, e.g. "n,,"; c= in the final message must encode it. */
  gs2Header: string;
  /** client-first-message-bare exactly as sent (part of AuthMessage). */
  bare: string;
  /** Decoded user name from `n=`. */
  user: string;
  clientNonce: string;
  /** True if a reserved mandatory extension `m=` was present (we support none). */
  mandatoryExtension: boolean;
  extensions: Map<string, string>;
}

export interface ClientFinal {
  channelBinding: string;
  nonce: string;
  proof: Buffer;
  /** client-final-message-without-proof exactly as sent (part of AuthMessage). */
  withoutProof: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** printable = %x21-2B / %x2D-7E (no comma) */
const PRINTABLE = /^[\x21-\x2b\x2d-\x7e]+$/;
const ATTR_NAME = /^[A-Za-z]$/;
const EXT_NAME = /^[A-Za-z]+$/;

export function isBase64(s: string): boolean {
  return BASE64.test(s);
}

/** saslname -> name; null if it holds NUL, a bare '=' or ','. */
export function decodeSaslName(s: string): string | null {
  if (s === '' || s.includes('\u0000') || s.includes(',')) return null;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch !== '=') {
      out += ch;
      continue;
    }
    const code = s.slice(i + 1, i + 3);
    if (code === '2C') out += ',';
    else if (code === '3D') out += '=';
    else return null;
    i += 2;
  }
  return out;
}

/** name -> saslname ('=' first so the '=' of "=2C" is not escaped again). */
export function encodeSaslName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** Split "k=v" into its key and value; null when the shape is wrong. */
function attr(part: string, key: RegExp): [string, string] | null {
  const eq = part.indexOf('=');
  if (eq < 1) return null;
  const k = part.slice(0, eq);
  return key.test(k) ? [k, part.slice(eq + 1)] : null;
}

export function parseClientFirst(text: string): ClientFirst | null {
  if (text.length > MAX_SCRAM_MESSAGE_CHARS) return null;
  // gs2-header = gs2-cbind-flag "," [ authzid ] ","
  const c1 = text.indexOf(',');
  if (c1 < 0) return null;
  const c2 = text.indexOf(',', c1 + 1);
  if (c2 < 0) return null;
  const flagPart = text.slice(0, c1);
  let gs2Flag: Gs2Flag;
  if (flagPart === 'n' || flagPart === 'y') gs2Flag = flagPart;
  else if (flagPart.startsWith('p=') && flagPart.length > 2) gs2Flag = 'p';
  else return null;
  const authzPart = text.slice(c1 + 1, c2);
  let authzid = '';
  if (authzPart !== '') {
    if (!authzPart.startsWith('a=')) return null;
    const decoded = decodeSaslName(authzPart.slice(2));
    if (decoded === null) return null;
    authzid = decoded;
  }
  const bare = text.slice(c2 + 1);
  const parts = boundedSplit(bare);
  if (!parts) return null;
  let i = 0;
  let mandatoryExtension = false;
  if (parts[i]?.startsWith('m=')) {
    mandatoryExtension = true;
    i++;
  }
  const n = attr(parts[i++] ?? '', ATTR_NAME);
  const r = attr(parts[i++] ?? '', ATTR_NAME);
  if (!n || n[0] !== 'n' || !r || r[0] !== 'r') return null;
  const user = decodeSaslName(n[1]);
  if (user === null || !PRINTABLE.test(r[1])) return null;
  const extensions = new Map<string, string>();
  for (; i < parts.length; i++) {
    const ext = attr(parts[i], EXT_NAME);
    if (!ext || ext[1] === '') return null;
    extensions.set(ext[0], ext[1]);
  }
  return {
    gs2Flag,
    authzid,
    gs2Header: text.slice(0, c2 + 1),
    bare,
    user,
    clientNonce: r[1],
    mandatoryExtension,
    extensions,
  };
}

export function parseClientFinal(text: string): ClientFinal | null {
  if (text.length > MAX_SCRAM_MESSAGE_CHARS) return null;
  const p = text.lastIndexOf(',p=');
  if (p < 0) return null;
  const withoutProof = text.slice(0, p);
  const proof64 = text.slice(p + 3);
  const parts = boundedSplit(withoutProof);
  if (!parts) return null;
  const c = attr(parts[0] ?? '', ATTR_NAME);
  const r = attr(parts[1] ?? '', ATTR_NAME);
  if (!c || c[0] !== 'c' || !r || r[0] !== 'r') return null;
  if (!isBase64(c[1]) || !PRINTABLE.test(r[1]) || proof64 === '' || !isBase64(proof64)) return null;
  for (const ext of parts.slice(2)) if (!attr(ext, EXT_NAME)) return null;
  return { channelBinding: c[1], nonce: r[1], proof: Buffer.from(proof64, 'base64'), withoutProof };
}

export function formatServerFirst(nonce: string, salt: Buffer, iterations: number): string {
  return `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
}

export function formatServerFinal(serverSignature: Buffer): string {
  return `v=${serverSignature.toString('base64')}`;
}

/** RFC 5802 server-error-value names used by this server. */
export type ScramServerError =
  'invalid-encoding' | 'extensions-not-supported' | 'invalid-proof' | 'channel-bindings-dont-match' | 'channel-binding-not-supported' | 'invalid-username-encoding' | 'other-error';

export function formatServerError(e: ScramServerError): string {
  return `e=${e}`;
}
