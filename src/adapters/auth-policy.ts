/**
 * How one listener authenticates clients, shared by the Kafka and Fluss sessions: which methods
 * it accepts (anonymous, SASL, client certificate), which SASL mechanisms, where the principal
 * comes from when a client brings both a certificate and a password, and the hardening knobs
 * (throttle of failed attempts, authentication timeout, re-authentication).
 */
import { SaslServerSession } from '../sasl/session.js';
import type { CredentialLookup, Mechanism, MechanismName } from '../sasl/types.js';
import type { Attempt, FailedAuthThrottle } from '../sasl/throttle.js';
import type { HashLimiter } from '../sasl/hash-limiter.js';
import type { CertificatePrincipalMapper } from '../tls/principal.js';
import type { ConnectionContext, PassthroughLogin } from '../proxy/protocol.js';
import { splitPlainToken } from '../sasl/plain.js';
import type { Metrics } from '../metrics.js';
import type { AuditSink } from './authz.js';
import { GatewayError, type ErrCode } from '../errors.js';
import type { LiveSessions } from './live-sessions.js';
import type { StepSuccess } from '../sasl/types.js';

export const ANONYMOUS = 'User:ANONYMOUS';

export interface AuthPolicy {
  listener: string;
  /** Accepted methods: anonymous ('none'), SASL, client certificate ('mtls'). */
  methods: ReadonlyArray<'none' | 'sasl' | 'mtls' | 'basic'>;
  mechanisms: readonly MechanismName[];
  /** With both a certificate and SASL: which principal wins, or both must name the same one. */
  principalFrom: 'sasl' | 'mtls' | 'must-match' | 'basic' | null;
  credentials: CredentialLookup | null;
  certificates: CertificatePrincipalMapper | null;
  throttle: FailedAuthThrottle | null;
  /** Bounds concurrent password checks (shared by every listener); none = unbounded. */
  hashing?: HashLimiter | null;
  authTimeoutMs: number;
  /** Kafka: session lifetime after which the client must re-authenticate; null = never. */
  reauthenticateMs: number | null;
  metrics: Metrics;
  /** Where authentication records go (every success and failure); none when absent. */
  audit?: AuditSink | null;
  /** The listener's wire protocol, for audit records. */
  protocol?: string;
  /** Where SASL-authenticated connections register, to be closed when their credential is removed. */
  sessions?: LiveSessions | null;
  /** Mechanisms built from listener config instead of the credential store (GSSAPI: keytab and rules; OAUTHBEARER: the issuer's keys). */
  mechanismImpls?: Partial<Record<MechanismName, Mechanism>>;
  /**
   * Why a principal that just logged in cannot be served: the cluster's backend has SASL and
   * gives it no credential (identity mapped, not in the mapping). Null = it can be served.
   */
  backendRefusal?: (principal: string, passthrough: PassthroughLogin | null) => GatewayError | null;
  /** The backend login passes the client's own PLAIN user and password through (identity passthrough). */
  backendPassthrough?: boolean;
}

/** One audit record for an authentication (never the password or SASL bytes). */
export function auditAuthentication(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, outcome: 'success' | 'failure', principal: string | null, reason?: string): void {
  p.audit?.record({
    time: new Date().toISOString(),
    kind: 'authentication',
    principal,
    client: ctx.remoteAddress,
    listener: p.listener,
    protocol: p.protocol ?? 'unknown',
    api: mechanism,
    operation: 'Authenticate',
    decision: outcome,
    reason,
  });
}

/** An anonymous listener (no authentication at all). */
export function anonymousPolicy(listener: string, metrics: Metrics): AuthPolicy {
  return { listener, methods: ['none'], mechanisms: [], principalFrom: null, credentials: null, certificates: null, throttle: null, authTimeoutMs: 0, reauthenticateMs: null, metrics };
}

export function saslEnabled(p: AuthPolicy): boolean {
  const usable = p.credentials !== null || p.mechanisms.every((m) => p.mechanismImpls?.[m] !== undefined);
  return p.methods.includes('sasl') && usable && p.mechanisms.length > 0;
}

/**
 * The principal a connection has before any SASL exchange: its certificate's (mtls), or
 * ANONYMOUS on an open listener, or null when it must authenticate with SASL first. Throws
 * SW_ERR_CLIENT_CERT when the listener relies on certificates and this one maps to no name.
 */
export function initialPrincipal(p: AuthPolicy, ctx: ConnectionContext): string | null {
  return startIdentity(p, ctx).principal;
}

/** True when the listener demands a certificate AND SASL naming the same principal. */
export function mustMatch(p: AuthPolicy): boolean {
  return p.principalFrom === 'must-match' && p.methods.includes('mtls') && p.certificates !== null && saslEnabled(p);
}

/**
 * What a connection starts with: `principal` (logged in already, or null = SASL first) and
 * `certPrincipal` (the certificate's principal, kept for must-match). Under must-match a
 * certificate alone never logs in: it must map to a principal and SASL must then name the same.
 */
export function startIdentity(p: AuthPolicy, ctx: ConnectionContext): { principal: string | null; certPrincipal: string | null } {
  if (mustMatch(p)) {
    const cert = ctx.tls?.peerCertificate;
    if (!cert) throw new GatewayError('SW_ERR_CLIENT_CERT', 'principalFrom must-match: the listener requires a client certificate and SASL');
    const mapped = p.certificates!.map(cert);
    if (!mapped.ok) {
      p.metrics.authentications.inc({ listener: p.listener, mechanism: 'mtls', outcome: 'failure' });
      auditAuthentication(p, ctx, 'mtls', 'failure', null, mapped.reason);
      throw new GatewayError('SW_ERR_CLIENT_CERT', `no principal for the certificate: ${mapped.reason}`);
    }
    ctx.log.info({ certPrincipal: mapped.principal, source: mapped.source }, 'client certificate mapped; SASL must name the same principal');
    return { principal: null, certPrincipal: mapped.principal };
  }
  const principal = certificateOrDefault(p, ctx);
  return { principal, certPrincipal: principal && principal !== ANONYMOUS ? principal : null };
}

function certificateOrDefault(p: AuthPolicy, ctx: ConnectionContext): string | null {
  if (p.methods.includes('mtls') && p.certificates) {
    const cert = ctx.tls?.peerCertificate;
    if (cert) {
      const mapped = p.certificates.map(cert);
      if (mapped.ok) {
        p.metrics.authentications.inc({ listener: p.listener, mechanism: 'mtls', outcome: 'success' });
        auditAuthentication(p, ctx, 'mtls', 'success', mapped.principal);
        ctx.log.info({ principal: mapped.principal, source: mapped.source }, 'client certificate mapped to principal');
        return mapped.principal;
      }
      p.metrics.authentications.inc({ listener: p.listener, mechanism: 'mtls', outcome: 'failure' });
      auditAuthentication(p, ctx, 'mtls', 'failure', null, mapped.reason);
      if (!saslEnabled(p)) throw new GatewayError('SW_ERR_CLIENT_CERT', `no principal for the certificate: ${mapped.reason}`);
    } else if (!saslEnabled(p) && !p.methods.includes('none')) {
      throw new GatewayError('SW_ERR_CLIENT_CERT', 'the listener requires a client certificate');
    }
  }
  if (saslEnabled(p)) return null;
  if (p.methods.includes('none')) return ANONYMOUS;
  return null;
}

/**
 * The principal after a successful SASL exchange, given the one from the certificate (if any).
 * Returns an error text when the listener demands they match and they do not.
 */
export function combinePrincipals(p: AuthPolicy, certPrincipal: string | null, saslPrincipal: string): { principal: string } | { mismatch: string } {
  if (p.principalFrom === 'must-match' && !certPrincipal) return { mismatch: `no certificate principal to match SASL principal ${saslPrincipal}` };
  if (!certPrincipal) return { principal: saslPrincipal };
  switch (p.principalFrom) {
    case 'mtls':
      return { principal: certPrincipal };
    case 'must-match':
      return certPrincipal === saslPrincipal ? { principal: saslPrincipal } : { mismatch: `certificate principal ${certPrincipal} does not match SASL principal ${saslPrincipal}` };
    default:
      return { principal: saslPrincipal };
  }
}

export function newSaslSession(p: AuthPolicy): SaslServerSession {
  if (!saslEnabled(p)) throw new GatewayError('SW_ERR_INTERNAL', 'SASL without a credential store');
  return new SaslServerSession({ enabled: p.mechanisms, credentials: p.credentials ?? NO_PASSWORDS, mechanisms: p.mechanismImpls });
}

/** Lookup for a listener whose mechanisms need no credential store (never reached for passwords). */
const NO_PASSWORDS: CredentialLookup = {
  verifyPlain: async () => false,
  scramCredentials: () => [],
  phantomScram: () => {
    throw new GatewayError('SW_ERR_INTERNAL', 'no credential store');
  },
};

/** Waits before answering a failed attempt, as the throttle says; tells whether to close after. */
export async function throttleFailure(p: AuthPolicy, ctx: ConnectionContext, user: string | undefined, attempt: Attempt | null = null): Promise<{ close: boolean }> {
  if (!p.throttle) return { close: false };
  const d = attempt ? attempt.fail() : p.throttle.failure({ address: ctx.remoteAddress, user });
  if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs));
  return { close: d.close };
}

/**
 * Registers a SASL login with the live sessions (if the listener has them); returns the function
 * that forgets it. The previous registration of the connection, if any, is passed to be replaced.
 */
export function trackLogin(p: AuthPolicy, ctx: ConnectionContext, r: StepSuccess, previous: (() => void) | null): (() => void) | null {
  previous?.();
  if (!p.sessions) return null;
  return p.sessions.add({ user: r.user, credentialId: r.credentialId, close: (e) => ctx.close(e) });
}

export function recordSuccess(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, user: string, principal: string, attempt: Attempt | null = null): void {
  attempt?.succeed();
  p.throttle?.success({ address: ctx.remoteAddress, user });
  p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'success' });
  ctx.log.info({ principal, mechanism }, 'authenticated');
  auditAuthentication(p, ctx, mechanism, 'success', principal);
}

/** The user and password of a PLAIN token (for a passthrough backend login); null for other mechanisms. */
function plainLogin(mechanism: string, token: Buffer): PassthroughLogin | null {
  if (mechanism !== 'PLAIN') return null;
  const f = splitPlainToken(token);
  return 'user' in f ? { username: f.user, password: f.password } : null;
}

/** The text a client gets when its principal has no backend credential (the protocol's auth-failure answer). */
export const NO_BACKEND_CREDENTIAL_TEXT = 'Authentication failed: the gateway has no backend credential for this principal';

/**
 * After a successful SASL exchange: the error when the backend gives `principal` no credential
 * (recorded as a failed authentication with its own code, not counted by the throttle: the
 * password was right), else null.
 */
export function backendRefused(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, user: string, principal: string, token: Buffer, attempt: Attempt | null): GatewayError | null {
  const passthrough = p.backendPassthrough ? plainLogin(mechanism, token) : null;
  const refusal = p.backendRefusal?.(principal, passthrough) ?? null;
  if (!refusal) {
    if (p.backendPassthrough) ctx.passthrough = passthrough;
    return null;
  }
  attempt?.abandon();
  recordFailure(p, ctx, mechanism, user, refusal.message, refusal.code);
  return refusal;
}

export function recordFailure(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, user: string | undefined, reason: string, code: ErrCode = 'SW_ERR_AUTH_FAILED'): void {
  p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'failure' });
  ctx.log.warn({ err: code, mechanism, user, reason }, 'authentication failed');
  auditAuthentication(p, ctx, mechanism, 'failure', user === undefined ? null : `User:${user}`, reason);
}
