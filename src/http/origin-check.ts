/**
 * Cross-site request forgery guard of the HTTP listener. A browser attaches cached Basic
 * credentials and client certificates to requests a foreign page makes it send; a form POST
 * (jar upload, run, job submit) needs no CORS preflight. Browsers name the page's origin in
 * `Origin` (every cross-origin POST/PUT/PATCH/DELETE), else often in `Referer`. So a
 * state-changing request (any method but GET, HEAD, OPTIONS) is refused when:
 *   - Origin is present and not an allowed origin (`null`, an opaque origin, never is), or
 *   - Origin is absent, Referer is present and its origin is not allowed, or
 *   - either header is repeated, or Referer is not an absolute http(s) URL.
 * Neither header: not a browser (curl, the flink CLI, scripts) - allowed; authentication and
 * ACLs still apply. Allowed: the listener's own origins (scheme://advertise:port and
 * scheme://bind-host:port for a non-wildcard bind) plus `allowedOrigins` from the config.
 */
import { HttpFailure } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `scheme://host[:port]` in the form browsers send (default port dropped, lower case), or null. */
export function originOf(value: string): string | null {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  return u.origin;
}

/** The listener's own origins: the advertised host and a concrete bind host, on the bound port. */
export function ownOrigins(scheme: 'http' | 'https', hosts: readonly string[], port: number): string[] {
  const out = new Set<string>();
  for (const h of hosts) {
    if (!h || h === '0.0.0.0' || h === '::' || h === '[::]') continue;
    const host = h.includes(':') && !h.startsWith('[') ? `[${h}]` : h;
    const o = originOf(`${scheme}://${host}:${port}`);
    if (o) out.add(o);
  }
  return [...out];
}

export class OriginPolicy {
  readonly #allowed: ReadonlySet<string>;

  constructor(allowed: Iterable<string>) {
    this.#allowed = new Set([...allowed].map((o) => originOf(o)).filter((o): o is string => o !== null));
  }

  get allowed(): string[] {
    return [...this.#allowed];
  }

  /** Throws a 403 HttpFailure (SW_ERR_HTTP_CROSS_ORIGIN) for a forged state-changing request. */
  check(method: string, rawHeaders: readonly string[]): void {
    if (SAFE_METHODS.has(method)) return;
    const origins: string[] = [];
    const referers: string[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const name = rawHeaders[i].toLowerCase();
      if (name === 'origin') origins.push(rawHeaders[i + 1]);
      else if (name === 'referer') referers.push(rawHeaders[i + 1]);
    }
    if (origins.length > 1 || referers.length > 1) throw refusal('repeated Origin or Referer header');
    if (origins.length === 1) {
      const o = originOf(origins[0].trim());
      if (o === null || !this.#allowed.has(o)) throw refusal(`Origin ${printable(origins[0])} is not an allowed origin`);
      return;
    }
    if (referers.length === 1) {
      const o = originOf(referers[0].trim());
      if (o === null || !this.#allowed.has(o)) throw refusal(`Referer from ${printable(o ?? referers[0])} is not an allowed origin`);
    }
  }
}

function refusal(detail: string): HttpFailure {
  return new HttpFailure('SW_ERR_HTTP_CROSS_ORIGIN', 403, detail);
}

/** A bounded, printable form of a header value for messages and logs. */
function printable(v: string): string {
  return JSON.stringify(v.slice(0, 100).replace(/[^\x20-\x7e]/g, '?'));
}
