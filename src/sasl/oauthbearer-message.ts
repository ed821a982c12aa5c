/**
 * The SASL/OAUTHBEARER client first message (RFC 7628 section 3.1, Kafka KIP-255), read with the
 * grammar Kafka's OAuthBearerClientInitialResponse accepts:
 *
 *   n,[a=<authzid>],^A(<key>=<value>^A)*^A        ^A = 0x01, one pair must be auth=Bearer <token>
 *   key [A-Za-z]+   value [\x21-\x7E \t\r\n]+   token [-_.a-zA-Z0-9]+   scheme matched case-insensitively
 *
 * Stricter than Kafka where two readers could disagree: a key given twice (Kafka keeps the last
 * one) and any byte outside 0x01-0x7F are refused. Other keys are SASL extensions; the gateway
 * accepts and ignores them, as a broker without an extensions validator does.
 */

export const SOH = '\u0001';

export interface ClientFirst {
  authzid: string;
  token: string;
  extensions: ReadonlyMap<string, string>;
}

/** Any of 0x01-0x7F but ',' and '=', or the escapes =2C and =3D. */
// eslint-disable-next-line no-control-regex -- RFC 5801 saslname is defined over these bytes
const SASLNAME = /^(?:[\x01-\x2b\x2d-\x3c\x3e-\x7f]|=2C|=3D)+$/;
const KEY = /^[A-Za-z]+$/;
const VALUE = /^[\x21-\x7e \t\r\n]+$/;
const AUTH = /^(\w+) +([-_.a-zA-Z0-9]+)$/;

/** The parsed message, or null when it does not follow the grammar. */
export function parseClientFirst(bytes: Buffer): ClientFirst | null {
  for (const b of bytes) if (b === 0 || b > 0x7f) return null;
  const text = bytes.toString('latin1');
  if (!text.startsWith('n,')) return null;
  const comma = text.indexOf(',', 2);
  if (comma < 0) return null;
  const a = text.slice(2, comma);
  let authzid = '';
  if (a !== '') {
    if (!a.startsWith('a=') || !SASLNAME.test(a.slice(2))) return null;
    authzid = a.slice(2);
  }
  const rest = text.slice(comma + 1);
  if (rest.length < 2 || !rest.startsWith(SOH) || !rest.endsWith(SOH)) return null;
  const body = rest.slice(1, -1);
  const pairs = new Map<string, string>();
  if (body !== '') {
    if (!body.endsWith(SOH)) return null;
    for (const pair of body.slice(0, -1).split(SOH)) {
      const eq = pair.indexOf('=');
      if (eq < 0) return null;
      const key = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (!KEY.test(key) || !VALUE.test(value) || pairs.has(key)) return null;
      pairs.set(key, value);
    }
  }
  const auth = pairs.get('auth');
  if (auth === undefined) return null;
  const m = AUTH.exec(auth);
  if (!m || m[1].toLowerCase() !== 'bearer') return null;
  pairs.delete('auth');
  return { authzid, token: m[2], extensions: pairs };
}

/** The error challenge a Kafka broker sends for a token it does not accept (RFC 7628 3.2.2). */
export function errorChallenge(status: 'invalid_token' = 'invalid_token'): Buffer {
  return Buffer.from(JSON.stringify({ status }));
}
