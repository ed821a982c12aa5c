/**
 * How one listener authenticates clients, shared by the Kafka and Fluss sessions: which methods
 * it accepts (anonymous, SASL, client certificate), which SASL mechanisms, where the principal
 * comes from when a client brings both a certificate and a password, and the hardening knobs
 * (throttle of failed attempts, authentication timeout, re-authentication).
 */
import { SaslServerSession } from '../sasl/session.js';
import type { CredentialLookup, MechanismName } from '../sasl/types.js';
import type { Attempt, FailedAuthThrottle } from '../sasl/throttle.js';
import type { HashLimiter } from '../sasl/hash-limiter.js';
import type { SaslServerSession as Session } from '../sasl/session.js';
import type { StepResult } from '../sasl/types.js';
import { parseClientFirst } from '../sasl/scram-messages.js';
import { splitPlainToken } from '../sasl/plain.js';
import type { CertificatePrincipalMapper } from '../tls/principal.js';
import type { ConnectionContext } from '../proxy/protocol.js';
import type { Metrics } from '../metrics.js';
import type { AuditSink } from './authz.js';
import { GatewayError } from '../errors.js';

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
}

/** One audit record for an authentication (never the password or SASL bytes). */
function auditAuthentication(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, outcome: 'success' | 'failure', principal: string | null, reason?: string): void {
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
  return p.methods.includes('sasl') && p.credentials !== null && p.mechanisms.length > 0;
}

/**
 * The principal a connection has before any SASL exchange: its certificate's (mtls), or
 * ANONYMOUS on an open listener, or null when it must authenticate with SASL first. Throws
 * SW_ERR_CLIENT_CERT when the listener relies on certificates and this one maps to no name.
 */
export function initialPrincipal(p: AuthPolicy, ctx: ConnectionContext): string | null {
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
  if (!certPrincipal) return { principal: saslPrincipal };
  switch (p.principalFrom) {
    case 'mtls': return { principal: certPrincipal };
    case 'must-match':
      return certPrincipal === saslPrincipal ? { principal: saslPrincipal } : { mismatch: `certificate principal ${certPrincipal} does not match SASL principal ${saslPrincipal}` };
    default: return { principal: saslPrincipal };
  }
}

export function newSaslSession(p: AuthPolicy): SaslServerSession {
  if (!p.credentials) throw new GatewayError('SW_ERR_INTERNAL', 'SASL without a credential store');
  return new SaslServerSession({ enabled: p.mechanisms, credentials: p.credentials });
}

/** The user a SASL token names, when it names one (PLAIN token, SCRAM client-first). */
export function tokenUser(mechanism: string, token: Buffer): string | undefined {
  if (mechanism === 'PLAIN') {
    const f = splitPlainToken(token);
    return 'user' in f && f.user !== '' ? f.user : undefined;
  }
  if (mechanism.startsWith('SCRAM-')) return parseClientFirst(token.toString('utf8'))?.user || undefined;
  return undefined;
}

/** Texts for attempts refused unevaluated (sent with the protocol's usual auth-failure code). */
export const REFUSED_TEXT = {
  SW_ERR_AUTH_THROTTLED: 'Authentication failed: too many failed attempts, retry later',
  SW_ERR_AUTH_BUSY: 'Authentication failed: the server is busy, retry later',
} as const;

export function refusedText(e: GatewayError): string {
  return e.code === 'SW_ERR_AUTH_BUSY' ? REFUSED_TEXT.SW_ERR_AUTH_BUSY : REFUSED_TEXT.SW_ERR_AUTH_THROTTLED;
}

export type GuardedStep =
  | { refused: GatewayError; close: boolean }
  | { result: StepResult; attempt: Attempt | null };

/**
 * One SASL step behind the brute-force controls: the throttle is consulted first (a locked-out
 * address or user is refused at once, nothing is hashed), then the step runs through the bounded
 * hashing queue (full: refused with SW_ERR_AUTH_BUSY). The caller finishes the returned attempt
 * (recordSuccess / throttleFailure), or abandons it for an intermediate round.
 */
export async function guardedStep(p: AuthPolicy, ctx: ConnectionContext, sasl: Session, token: Buffer, user: string | undefined): Promise<GuardedStep> {
  const mechanism = sasl.mechanism ?? 'unknown';
  const start = p.throttle?.begin({ address: ctx.remoteAddress, user });
  if (start && !start.admitted) {
    p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'refused' });
    auditAuthentication(p, ctx, mechanism, 'failure', user === undefined ? null : `User:${user}`, start.reason);
    return { refused: new GatewayError('SW_ERR_AUTH_THROTTLED', `${start.reason}, retry in ${start.retryAfterMs} ms`), close: start.close };
  }
  const attempt = start?.admitted ? start.attempt : null;
  try {
    const result = p.hashing ? await p.hashing.run(() => sasl.step(token)) : await sasl.step(token);
    if (!result.done && !result.failed) attempt?.abandon();
    return { result, attempt };
  } catch (e) {
    attempt?.abandon();
    if (e instanceof GatewayError && e.code === 'SW_ERR_AUTH_BUSY') {
      p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'refused' });
      return { refused: e, close: false };
    }
    throw e;
  }
}

/** Waits before answering a failed attempt, as the throttle says; tells whether to close after. */
export async function throttleFailure(p: AuthPolicy, ctx: ConnectionContext, user: string | undefined, attempt: Attempt | null = null): Promise<{ close: boolean }> {
  if (!p.throttle) return { close: false };
  const d = attempt ? attempt.fail() : p.throttle.failure({ address: ctx.remoteAddress, user });
  if (d.delayMs > 0) await new Promise((r) => setTimeout(r, d.delayMs));
  return { close: d.close };
}

export function recordSuccess(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, user: string, principal: string, attempt: Attempt | null = null): void {
  attempt?.succeed();
  p.throttle?.success({ address: ctx.remoteAddress, user });
  p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'success' });
  ctx.log.info({ principal, mechanism }, 'authenticated');
  auditAuthentication(p, ctx, mechanism, 'success', principal);
}

export function recordFailure(p: AuthPolicy, ctx: ConnectionContext, mechanism: string, user: string | undefined, reason: string): void {
  p.metrics.authentications.inc({ listener: p.listener, mechanism, outcome: 'failure' });
  ctx.log.warn({ err: 'SW_ERR_AUTH_FAILED', mechanism, user, reason }, 'authentication failed');
  auditAuthentication(p, ctx, mechanism, 'failure', user === undefined ? null : `User:${user}`, reason);
}
