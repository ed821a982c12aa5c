/**
 * Signing keys of a token issuer for the JWT verifier (SASL/OAUTHBEARER and the HTTP bearer):
 * jose's createRemoteJWKSet (cache, refetch on an unknown `kid`, at most one refetch per
 * cooldown, concurrent lookups share one fetch), given an undici fetch that
 *   - caps the JWKS / discovery document size and refuses redirects,
 *   - also rate-limits FAILED fetches (jose retries a failed fetch on every token otherwise),
 * and optional OIDC discovery: with only `issuer`, `jwks_uri` is read from
 * `<issuer>/.well-known/openid-configuration` (its `issuer` must be the configured one).
 */
import { createRemoteJWKSet, customFetch, type FetchImplementation, type JWTVerifyGetKey } from 'jose';
import { request, type Dispatcher } from 'undici';

export interface KeySourceOptions {
  /** JWKS address; null = OIDC discovery from the issuer. */
  jwksUrl: string | null;
  issuer: string;
  /** How long fetched keys are used before a refetch (default 10 min). */
  cacheMs?: number;
  /** Soonest refetch after a fetch (unknown kid, or a failed fetch; default 30 s). */
  cooldownMs?: number;
  timeoutMs?: number;
  /** Largest JWKS or discovery document accepted (default 512 KiB). */
  maxBytes?: number;
  dispatcher?: Dispatcher;
  /** Told about each network fetch and its outcome (metrics, logs, tests). */
  onFetch?: (url: string, error: string | null) => void;
}

const DEFAULTS = { cacheMs: 600_000, cooldownMs: 30_000, timeoutMs: 5_000, maxBytes: 512 * 1024 };

/** GET `url` with undici: status and body, the body capped at maxBytes, no redirects followed. */
async function getCapped(url: string, o: KeySourceOptions, signal?: AbortSignal): Promise<{ status: number; body: Buffer }> {
  const timeoutMs = o.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxBytes = o.maxBytes ?? DEFAULTS.maxBytes;
  const res = await request(url, { method: 'GET', signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, dispatcher: o.dispatcher, headers: { accept: 'application/json' } });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of res.body) {
    size += (c as Buffer).length;
    if (size > maxBytes) {
      res.body.destroy();
      throw new Error(`${url} answered more than ${maxBytes} bytes`);
    }
    chunks.push(c as Buffer);
  }
  return { status: res.statusCode, body: Buffer.concat(chunks) };
}

/** The `jwks_uri` of an OIDC issuer (its discovery document must name the same issuer). */
export async function discoverJwksUrl(o: KeySourceOptions): Promise<string> {
  const url = `${o.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const { status, body } = await getCapped(url, o);
  if (status !== 200) throw new Error(`OIDC discovery ${url} answered HTTP ${status}`);
  const doc = JSON.parse(body.toString('utf8')) as { issuer?: unknown; jwks_uri?: unknown };
  if (doc.issuer !== o.issuer) throw new Error(`OIDC discovery names issuer ${String(doc.issuer)}, not ${o.issuer}`);
  if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) throw new Error('OIDC discovery has no http(s) jwks_uri');
  return doc.jwks_uri;
}

/** The fetch jose uses: undici, capped, and refusing to hit the network again soon after a failure. */
function rateLimitedFetch(o: KeySourceOptions): FetchImplementation {
  const cooldownMs = o.cooldownMs ?? DEFAULTS.cooldownMs;
  let failedAt = -Infinity;
  let lastError = '';
  return async (url, init) => {
    if (Date.now() - failedAt < cooldownMs) throw new Error(`JWKS fetch failed recently (${lastError}); not retried before the cooldown`);
    try {
      const { status, body } = await getCapped(url, o, init.signal);
      if (status !== 200) throw new Error(`JWKS answered HTTP ${status}`);
      o.onFetch?.(url, null);
      return new Response(new Uint8Array(body), { status: 200, headers: { 'content-type': 'application/json' } });
    } catch (e) {
      failedAt = Date.now();
      lastError = (e as Error).message;
      o.onFetch?.(url, lastError);
      throw e;
    }
  };
}

/**
 * A key resolver for jose's jwtVerify. With OIDC discovery the discovery document is fetched on
 * first use (and again, no sooner than the cooldown, while it fails).
 */
export function remoteKeySource(o: KeySourceOptions): JWTVerifyGetKey {
  const fetchImpl = rateLimitedFetch(o);
  const options = { cacheMaxAge: o.cacheMs ?? DEFAULTS.cacheMs, cooldownDuration: o.cooldownMs ?? DEFAULTS.cooldownMs, timeoutDuration: o.timeoutMs ?? DEFAULTS.timeoutMs, [customFetch]: fetchImpl };
  if (o.jwksUrl) return createRemoteJWKSet(new URL(o.jwksUrl), options);
  let keys: JWTVerifyGetKey | null = null;
  let pending: Promise<JWTVerifyGetKey> | null = null;
  let failedAt = -Infinity;
  const discover = (): Promise<JWTVerifyGetKey> => {
    pending ??= discoverJwksUrl(o)
      .then((url) => {
        o.onFetch?.(`${o.issuer} (discovery)`, null);
        keys = createRemoteJWKSet(new URL(url), options);
        return keys;
      })
      .catch((e: unknown) => {
        failedAt = Date.now();
        o.onFetch?.(`${o.issuer} (discovery)`, (e as Error).message);
        throw e;
      })
      .finally(() => {
        pending = null;
      });
    return pending;
  };
  return async (header, token) => {
    if (!keys) {
      if (Date.now() - failedAt < (o.cooldownMs ?? DEFAULTS.cooldownMs)) throw new Error('OIDC discovery failed recently; not retried before the cooldown');
      await discover();
    }
    return keys!(header, token);
  };
}
