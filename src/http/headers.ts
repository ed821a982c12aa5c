/**
 * Header handling of the reverse proxy, in both directions.
 *
 * Towards the backend: hop-by-hop headers (RFC 9110 section 7.6.1, plus every name the client's
 * Connection header lists) are dropped; so are the client's own credentials (Authorization is
 * for the gateway, not for Flink) and any X-Forwarded-* / Forwarded the client made up. The
 * gateway then states what it saw: X-Forwarded-For (client IP), -Proto, -Host. Host is the
 * backend's authority.
 *
 * Towards the client: hop-by-hop headers are dropped, and every occurrence of the backend's own
 * origin or authority in a header value (Location, Content-Location, Link, Refresh, ...) is
 * replaced by the listener's public one, so the internal address never leaks.
 */

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Request headers the gateway consumes or replaces and never passes on. */
const NOT_FORWARDED = new Set(['host', 'expect', 'authorization', 'forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip']);

const NO_TOKENS: ReadonlySet<string> = new Set();

/** Names a Connection header lists, other than the hop-by-hop ones (dropped anyway). */
function connectionTokens(values: readonly string[]): ReadonlySet<string> {
  let out: Set<string> | null = null;
  for (const v of values) {
    for (const t of v.split(',')) {
      const name = t.trim().toLowerCase();
      if (name && !HOP_BY_HOP.has(name)) (out ??= new Set()).add(name);
    }
  }
  return out ?? NO_TOKENS;
}

/** The values of every Connection header in a flat [name, value, ...] list. */
function connectionValues(rawHeaders: readonly string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const n = rawHeaders[i];
    if (n.length === 10 && n.toLowerCase() === 'connection') (out ??= []).push(rawHeaders[i + 1]);
  }
  return out ?? [];
}

export interface ForwardFacts {
  clientIp: string;
  /** `https` when the client connection is TLS. */
  proto: 'http' | 'https';
  /** The Host the client sent (empty for HTTP/1.0 without one). */
  host: string;
  /** Backend authority, `host:port`. */
  backendHost: string;
}

/** Flat [name, value, ...] list for undici, order and repeats kept. */
export function requestHeadersForBackend(rawHeaders: readonly string[], facts: ForwardFacts): string[] {
  const listed = connectionTokens(connectionValues(rawHeaders));
  const out: string[] = ['host', facts.backendHost];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    if (HOP_BY_HOP.has(name) || NOT_FORWARDED.has(name) || listed.has(name)) continue;
    out.push(rawHeaders[i], rawHeaders[i + 1]);
  }
  out.push('x-forwarded-for', facts.clientIp, 'x-forwarded-proto', facts.proto);
  if (facts.host) out.push('x-forwarded-host', facts.host);
  return out;
}

export type HeaderMap = Record<string, string | string[] | undefined>;

/** Replaces the backend's origin/authority by the public one in header values. */
export class AddressRewriter {
  readonly #pattern: RegExp;
  readonly #publicScheme: string;
  readonly #publicAuthority: string;
  readonly #groups: number;

  constructor(backendUrl: string, publicOrigin: string) {
    const b = new URL(backendUrl);
    const p = new URL(publicOrigin);
    this.#publicScheme = p.protocol.replace(':', '');
    this.#publicAuthority = p.host;
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const port = b.port || (b.protocol === 'https:' ? '443' : '80');
    // A backend base path (http://flink:8081/flink) is dropped: the public side has none.
    const base = b.pathname.replace(/\/+$/, '');
    const tail = base ? `(?:${esc(base)}(?=[/?#]|$))?` : '';
    // scheme://host:port, //host:port and bare host:port; with the default port also scheme://host.
    const alternatives = [`(?:(https?):)?(//)?${esc(b.hostname)}:${port}(?![0-9])${tail}`];
    if (!b.port) alternatives.push(`(https?):(//)${esc(b.hostname)}(?![A-Za-z0-9.:-])${tail}`);
    this.#pattern = new RegExp(alternatives.join('|'), 'gi');
    this.#groups = alternatives.length * 2;
  }

  rewrite(value: string): string {
    return value.replace(this.#pattern, (...args: unknown[]) => {
      const groups = args.slice(1, 1 + this.#groups) as Array<string | undefined>;
      const scheme = groups[0] ?? groups[2];
      const slashes = groups[1] ?? groups[3];
      return `${scheme ? `${this.#publicScheme}:` : ''}${slashes ?? ''}${this.#publicAuthority}`;
    });
  }
}

/** Response headers for the client: hop-by-hop removed, backend address rewritten. */
export function responseHeadersForClient(headers: HeaderMap, rewriter: AddressRewriter): Record<string, string | string[]> {
  const connection = headers.connection;
  const listed = connectionTokens(connection === undefined ? [] : Array.isArray(connection) ? connection : [connection]);
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || listed.has(lower)) continue;
    out[lower] = Array.isArray(value) ? value.map((v) => rewriter.rewrite(v)) : rewriter.rewrite(value);
  }
  return out;
}
