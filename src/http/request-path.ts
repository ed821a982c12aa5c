/**
 * The request target, checked and put in one canonical form before any route rule sees it.
 *
 * Flink's REST server (Netty) percent-decodes the path and then splits it on `/`, so anything that
 * decodes differently than it reads would let a request match one rule here and another route
 * there. Refused with 400 (SW_ERR_HTTP_BAD_PATH): anything but origin-form (`/...`), fragments,
 * raw characters outside RFC 3986 pchar (backslash, quotes, non-ASCII, `;`), broken `%XX`,
 * encoded `/` `\` `%` or control characters, empty segments (`//`), and `.`/`..` segments, raw or
 * encoded. A trailing slash is dropped. The path forwarded is rebuilt from the decoded segments
 * (so `%41` becomes `A`), which is exactly what was matched; the query string passes unchanged.
 *
 * Bounds, checked before any other scan: a target longer than MAX_TARGET_LENGTH is refused with
 * 414 (SW_ERR_HTTP_URI_TOO_LONG), more than MAX_PATH_SEGMENTS segments or a segment longer than
 * MAX_SEGMENT_LENGTH with 400. Every step is one pass over the target (character-class regexes
 * only, no backtracking), so the cost is linear in its length.
 */
import { HttpFailure } from './errors.js';

export interface CanonicalTarget {
  /** Decoded segments after the optional version prefix; [] for `/`. */
  segments: string[];
  /** `v1` when the path started with a REST version prefix, else null. */
  version: string | null;
  /** Canonical path (with the version prefix), as forwarded. */
  path: string;
  /** Raw query string without `?`, or null when there is none. */
  query: string | null;
  /** path + (`?` + query). */
  forward: string;
}

const RAW_PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,=:@/%]*$/;
const RAW_QUERY_CHARS = /^[\x21-\x7e]*$/;
const PCT = /%(?![0-9A-Fa-f]{2})/;
/** Decoded characters that must never come from a %XX escape in a path segment. */
// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const FORBIDDEN_DECODED = /[/\\%\x00-\x1f\x7f]/;
/** Characters written raw when a segment is re-encoded; everything else becomes %XX. */
const KEEP_RAW = /[A-Za-z0-9\-._~!$&'()*,=:@]/;
/** A segment made only of KEEP_RAW characters is its own encoding (the common case, no per-character work). */
const ALL_RAW = /^[A-Za-z0-9\-._~!$&'()*,=:@]*$/;
const VERSION = /^v[0-9]{1,3}$/;

/** Longest request target accepted (as Netty's default initial-line limit, 4096). */
export const MAX_TARGET_LENGTH = 4096;
/** Most path segments accepted: Flink's REST routes and web UI assets use far fewer. */
export const MAX_PATH_SEGMENTS = 32;
/** Longest raw path segment accepted. */
export const MAX_SEGMENT_LENGTH = 1024;

const bad = (detail: string) => new HttpFailure('SW_ERR_HTTP_BAD_PATH', 400, detail);

/** The path's raw segments after the leading `/`, refused past the count and length bounds. */
function rawSegments(rawPath: string): string[] {
  const parts: string[] = [];
  let from = 1;
  while (from <= rawPath.length) {
    let to = rawPath.indexOf('/', from);
    if (to < 0) to = rawPath.length;
    if (parts.length === MAX_PATH_SEGMENTS && from < rawPath.length) throw bad(`more than ${MAX_PATH_SEGMENTS} path segments`);
    if (to - from > MAX_SEGMENT_LENGTH) throw bad(`path segment longer than ${MAX_SEGMENT_LENGTH} characters`);
    parts.push(rawPath.slice(from, to));
    from = to + 1;
  }
  return parts;
}

function decodeSegment(raw: string): string {
  // Without a `%` (and with only RAW_PATH_CHARS, checked before) decoding changes nothing.
  if (!raw.includes('%')) {
    if (raw === '.' || raw === '..') throw bad('dot segment');
    return raw;
  }
  if (PCT.test(raw)) throw bad('broken percent-encoding');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw bad('percent-encoding is not valid UTF-8');
  }
  if (raw.includes('%') && FORBIDDEN_DECODED.test(decoded)) throw bad('encoded slash, backslash, percent or control character');
  if (decoded === '.' || decoded === '..') throw bad('dot segment');
  return decoded;
}

export function encodeSegment(decoded: string): string {
  if (ALL_RAW.test(decoded)) return decoded;
  let out = '';
  for (const ch of decoded) {
    if (KEEP_RAW.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, 'utf8')) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Throws HttpFailure 400 for any target that is not a clean origin-form path. */
export function canonicalTarget(target: string): CanonicalTarget {
  if (target.length > MAX_TARGET_LENGTH) {
    throw new HttpFailure('SW_ERR_HTTP_URI_TOO_LONG', 414, `request target longer than ${MAX_TARGET_LENGTH} characters`);
  }
  if (!target.startsWith('/')) throw bad('not an origin-form target');
  if (target.includes('#')) throw bad('fragment in request target');
  const q = target.indexOf('?');
  const rawPath = q < 0 ? target : target.slice(0, q);
  const query = q < 0 ? null : target.slice(q + 1);
  if (!RAW_PATH_CHARS.test(rawPath)) throw bad('character not allowed in a path');
  if (query !== null && !RAW_QUERY_CHARS.test(query)) throw bad('character not allowed in a query');
  const parts = rawSegments(rawPath);
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const decoded = parts.map((p) => {
    if (p === '') throw bad('empty path segment');
    return decodeSegment(p);
  });
  const version = decoded.length > 0 && VERSION.test(decoded[0]) ? decoded[0] : null;
  const path = '/' + decoded.map(encodeSegment).join('/');
  return {
    segments: version ? decoded.slice(1) : decoded,
    version,
    path,
    query,
    forward: query === null ? path : `${path}?${query}`,
  };
}
