/**
 * One authentication attempt behind the brute-force controls, shared by the Kafka and Fluss SASL
 * stages: the throttle is consulted before the attempt (a locked-out address or user is refused
 * at once, nothing hashed), then the SASL step runs through the bounded hashing queue (full:
 * refused with SW_ERR_AUTH_BUSY). Refusals get the protocol's usual auth-failure answer with the
 * texts below.
 */
import { GatewayError } from '../errors.js';
import type { Attempt } from '../sasl/throttle.js';
import type { SaslServerSession as Session } from '../sasl/session.js';
import type { StepResult } from '../sasl/types.js';
import { parseClientFirst } from '../sasl/scram-messages.js';
import { splitPlainToken } from '../sasl/plain.js';
import type { ConnectionContext } from '../proxy/protocol.js';
import { auditAuthentication, type AuthPolicy } from './auth-policy.js';

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

export type GuardedStep = { refused: GatewayError; close: boolean } | { result: StepResult; attempt: Attempt | null };

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
