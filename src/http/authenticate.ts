/**
 * Who is asking: the principal of one HTTP request, from the methods the listener enables.
 *
 *   Authorization: Basic  -> the credential store (as SASL/PLAIN), `User:<user>`
 *   Authorization: Bearer -> a JWT verified against the issuer's JWKS (when configured)
 *   TLS client certificate -> principals.mtls mapping (when mtls is enabled)
 *   nothing, with `none` enabled -> User:ANONYMOUS
 * With both a password and a certificate, principalFrom decides (default: the password).
 * Missing or bad credentials -> 401 with WWW-Authenticate. Failed attempts are throttled as
 * for SASL: the throttle is consulted before every attempt, and an address over closeAfter
 * failures, or an address or user inside its back-off window, gets 429 at once without any
 * password hashing; a failure's 401 is delayed by the back-off. Password checks run through the
 * bounded hashing queue (full: 503). A Basic pair the verifier remembers as good (auth/basic.ts)
 * is answered after the throttle without the queue and reported as `remembered` (the listener
 * audits and counts checks against the store, not every request). Never logs a password or token.
 */
import type { TLSSocket } from 'node:tls';
import type http from 'node:http';
import type { AuthMethod } from '../config/types.js';
import type { AttemptStart, FailedAuthThrottle, Who } from '../sasl/throttle.js';
import type { HashLimiter } from '../sasl/hash-limiter.js';
import { GatewayError } from '../errors.js';
import type { CertificatePrincipalMapper } from '../tls/principal.js';
import { HttpFailure } from './errors.js';
import { parseBasic, type BasicVerifier } from './auth/basic.js';
import { verifyJwt, type BearerSettings } from './auth/jwt.js';
import type { JWTVerifyGetKey } from 'jose';

export type AuthMechanism = 'basic' | 'bearer' | 'mtls' | 'none';

export interface Identity {
  principal: string;
  mechanism: AuthMechanism;
}

export interface AuthAttempt {
  mechanism: AuthMechanism;
  ok: boolean;
  address: string;
  /** The principal on success. */
  principal?: string;
  /** Why it failed (client-safe). */
  detail?: string;
  /** A success answered from the Basic verifier's memory of an earlier check (no store check). */
  remembered?: boolean;
}

export interface AuthenticatorOptions {
  methods: readonly AuthMethod[];
  principalFrom: 'sasl' | 'basic' | 'mtls' | 'must-match' | null;
  realm: string;
  basic?: BasicVerifier;
  bearer?: { settings: BearerSettings; keys: JWTVerifyGetKey };
  certificates?: CertificatePrincipalMapper;
  throttle: FailedAuthThrottle;
  /** Bounds concurrent password checks (shared with SASL); none = unbounded. */
  hashing?: HashLimiter | null;
  /** Called for every attempt (metrics, audit); secrets never passed. */
  onAttempt?(a: AuthAttempt): void;
  sleep?: (ms: number) => Promise<void>;
}

/** Every Authorization value of a request head (raw headers: no header object is built). */
function authorizationValues(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i];
    if (n.length === 13 && n.toLowerCase() === 'authorization') out.push(raw[i + 1]);
  }
  return out;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Authenticator {
  constructor(private readonly o: AuthenticatorOptions) {}

  #challenge(): Record<string, string> {
    const c: string[] = [];
    if (this.o.basic && this.o.methods.includes('basic')) c.push(`Basic realm="${this.o.realm}", charset="UTF-8"`);
    if (this.o.bearer) c.push(`Bearer realm="${this.o.realm}"`);
    return c.length > 0 ? { 'www-authenticate': c.join(', ') } : {};
  }

  #unauthorized(code: 'SW_ERR_AUTH_FAILED' | 'SW_ERR_AUTH_REQUIRED', detail: string): HttpFailure {
    return new HttpFailure(code, 401, detail, this.#challenge());
  }

  /** Throttle, check, record: the shape every password/token attempt goes through. */
  #throttled(who: Who, mechanism: AuthMechanism, start: Extract<AttemptStart, { admitted: false }>): HttpFailure {
    this.o.onAttempt?.({ mechanism, ok: false, address: who.address, detail: `throttled (${start.reason})` });
    const retry = String(Math.max(1, Math.ceil(start.retryAfterMs / 1000)));
    const text = start.reason === 'user-backoff' ? 'too many failed authentications for this user' : 'too many failed authentications from this address';
    return new HttpFailure('SW_ERR_AUTH_THROTTLED', 429, text, { 'retry-after': retry });
  }

  #attempt(who: Who, mechanism: AuthMechanism, check: () => Promise<{ principal: string } | { reason: string }>, remembered?: () => string | null): Identity | Promise<Identity> {
    if (remembered) {
      // Throttled as any attempt; a remembered pair then succeeds on the spot (no in-flight place).
      const refused = this.o.throttle.refusal(who);
      if (refused) throw this.#throttled(who, mechanism, refused);
      const known = remembered();
      if (known !== null) {
        this.o.throttle.success(who);
        this.o.onAttempt?.({ mechanism, ok: true, address: who.address, principal: known, remembered: true });
        return { principal: known, mechanism };
      }
    }
    return this.#checked(who, mechanism, check);
  }

  /** An attempt that needs the store (or the token check): throttled, queued, counted. */
  async #checked(who: Who, mechanism: AuthMechanism, check: () => Promise<{ principal: string } | { reason: string }>): Promise<Identity> {
    const start = this.o.throttle.begin(who);
    if (!start.admitted) throw this.#throttled(who, mechanism, start);
    const { attempt } = start;
    let r: { principal: string } | { reason: string };
    try {
      r = this.o.hashing ? await this.o.hashing.run(check) : await check();
    } catch (e) {
      attempt.abandon();
      if (e instanceof GatewayError && e.code === 'SW_ERR_AUTH_BUSY') {
        this.o.onAttempt?.({ mechanism, ok: false, address: who.address, detail: 'hashing queue full' });
        throw new HttpFailure('SW_ERR_AUTH_BUSY', 503, 'the server is busy checking passwords, retry later', { 'retry-after': '1' });
      }
      throw e;
    }
    if ('principal' in r) {
      attempt.succeed();
      this.o.onAttempt?.({ mechanism, ok: true, address: who.address, principal: r.principal });
      return { principal: r.principal, mechanism };
    }
    const after = attempt.fail();
    this.o.onAttempt?.({ mechanism, ok: false, address: who.address, detail: r.reason });
    if (after.delayMs > 0) await (this.o.sleep ?? defaultSleep)(after.delayMs);
    throw this.#unauthorized('SW_ERR_AUTH_FAILED', r.reason);
  }

  #fromPassword(authorization: string, address: string): Identity | Promise<Identity> | null {
    const scheme = authorization.trim().split(' ', 1)[0].toLowerCase();
    if (scheme === 'basic' && this.o.basic && this.o.methods.includes('basic')) {
      const parsed = parseBasic(authorization.trim());
      const basic = this.o.basic;
      return this.#attempt(
        { address, user: parsed.ok ? parsed.user : undefined },
        'basic',
        async () => {
          if (!parsed.ok) return { reason: parsed.reason };
          return (await basic.verify(parsed.user, parsed.password)) ? { principal: `User:${parsed.user}` } : { reason: 'bad user name or password' };
        },
        () => (parsed.ok && basic.remembered(parsed.user, parsed.password) ? `User:${parsed.user}` : null),
      );
    }
    if (scheme === 'bearer' && this.o.bearer) {
      const { settings, keys } = this.o.bearer;
      const token = authorization.trim().slice(6).trim();
      return this.#attempt({ address }, 'bearer', async () => {
        const r = await verifyJwt(token, keys, settings);
        return r.ok ? { principal: r.principal } : { reason: r.reason };
      });
    }
    return null;
  }

  #fromCertificate(socket: http.IncomingMessage['socket'], address: string): Identity | null {
    const s = socket as TLSSocket;
    if (!this.o.certificates || !this.o.methods.includes('mtls') || !s.encrypted || !s.authorized) return null;
    const peer = s.getPeerCertificate();
    if (!peer || Object.keys(peer).length === 0) return null;
    const mapped = this.o.certificates.map(peer);
    if (!mapped.ok) {
      this.o.onAttempt?.({ mechanism: 'mtls', ok: false, address, detail: mapped.reason });
      throw this.#unauthorized('SW_ERR_AUTH_FAILED', 'client certificate does not map to a principal');
    }
    this.o.onAttempt?.({ mechanism: 'mtls', ok: true, address, principal: mapped.principal });
    return { principal: mapped.principal, mechanism: 'mtls' };
  }

  async authenticate(req: http.IncomingMessage, address: string): Promise<Identity> {
    return this.authenticateNow(req, address);
  }

  /**
   * authenticate() without a Promise when none is needed: a remembered Basic pair, a client
   * certificate or anonymous access answer (or throw) at once; a check against the store or a
   * token gives a Promise. The per-request path of the listener (exchange.ts) uses this.
   */
  authenticateNow(req: http.IncomingMessage, address: string): Identity | Promise<Identity> {
    const auths = authorizationValues(req.rawHeaders);
    if (auths.length > 1) throw new HttpFailure('SW_ERR_HTTP_BAD_REQUEST', 400, 'more than one Authorization header');
    const cert = this.#fromCertificate(req.socket, address);
    const from = this.o.principalFrom;
    if (cert && from === 'mtls') return cert;
    const pending = auths.length === 1 ? this.#fromPassword(auths[0], address) : null;
    if (auths.length === 1 && !pending && !cert) throw this.#unauthorized('SW_ERR_AUTH_FAILED', 'unsupported authorization scheme');
    if (pending instanceof Promise) return pending.then((password) => this.#settle(password, cert, address));
    return this.#settle(pending, cert, address);
  }

  /** The identity from the password/token result and the certificate (principalFrom rules). */
  #settle(password: Identity | null, cert: Identity | null, address: string): Identity {
    const from = this.o.principalFrom;
    if (password && cert && from === 'must-match' && password.principal !== cert.principal) {
      this.o.onAttempt?.({ mechanism: password.mechanism, ok: false, address, detail: 'principal differs from the certificate' });
      throw this.#unauthorized('SW_ERR_AUTH_FAILED', 'credentials and client certificate name different principals');
    }
    if (password) return password;
    if (cert) return cert;
    if (this.o.methods.includes('none')) return { principal: 'User:ANONYMOUS', mechanism: 'none' };
    throw this.#unauthorized('SW_ERR_AUTH_REQUIRED', 'credentials required');
  }
}
