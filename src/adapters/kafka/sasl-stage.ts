/**
 * Kafka SASL termination for one connection. The gateway answers SaslHandshake and
 * SaslAuthenticate itself (never forwarded); until authentication completes only ApiVersions
 * (forwarded) and the SASL requests are accepted, anything else closes the connection as a
 * Kafka 4.x broker does.
 *
 *   HANDSHAKE ──SaslHandshake v1──► AUTHENTICATE ──SaslAuthenticate…done──► READY
 *   HANDSHAKE ──SaslHandshake v0──► RAW_TOKENS ──raw token…done──────────► READY
 *   READY ──SaslHandshake (re-authentication on)──► AUTHENTICATE (same mechanism, same principal)
 *   READY ──session lifetime over, any other request──► closed
 *   any failure ──► answer with the error, then closed
 *
 * In the pipeline (../pipeline.ts) it is the authentication gate: the guard asks admit() which
 * requests may be read at all in the current state (and within the pre-auth caps); onRequest
 * then answers the SASL requests and closes an expired session.
 */
import { GatewayError } from '../../errors.js';
import { KAFKA_ERRORS } from '../../protocol/kafka/errors.js';
import { kafkaFailureMessage } from '../../sasl/types.js';
import type { SaslServerSession } from '../../sasl/session.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import type { PipelineStage } from '../pipeline.js';
import type { KafkaRequest } from './request.js';
import {
  backendRefused,
  combinePrincipals,
  startIdentity,
  trackLogin,
  newSaslSession,
  recordFailure,
  recordSuccess,
  saslEnabled,
  throttleFailure,
  NO_BACKEND_CREDENTIAL_TEXT,
  type AuthPolicy,
} from '../auth-policy.js';
import { guardedStep, refusedText, tokenUser } from '../auth-attempt.js';
import type { Attempt } from '../../sasl/throttle.js';
import { kafkaPreAuthCaps, preAuthCapExceeded } from '../preauth-caps.js';
import { SASL_AUTHENTICATE, SASL_HANDSHAKE, authenticateResponse, handshakeResponse, rawTokenFrame, readAuthBytes, readHandshakeMechanism } from './sasl-messages.js';

const API_VERSIONS = 18;
type State = 'HANDSHAKE' | 'AUTHENTICATE' | 'RAW_TOKENS' | 'READY';

/** What the guard asks the authentication gate before anything past the header is read. */
export interface KafkaLoginGate {
  /** Null when the request may be read in the current state; else the verdict (close). */
  admit(info: RequestInfo, frameBytes: number): Verdict | null;
}

export class KafkaSaslStage implements PipelineStage<KafkaRequest>, KafkaLoginGate {
  readonly slot = 'authenticate';
  private state: State;
  private sasl: SaslServerSession | null = null;
  private certPrincipal: string | null = null;
  private expiresAt = 0;
  /** Reported in SaslAuthenticate v1+ (KIP-368): the shorter of reauthenticate and the credential's life. */
  private lifetimeMs = 0;
  /** The current attempt's failure was recorded when its error challenge went out (OAUTHBEARER). */
  private failureRecorded = false;
  private reauthenticating = false;
  private authTimer: NodeJS.Timeout | null = null;
  private forgetLogin: (() => void) | null = null;

  constructor(
    private readonly policy: AuthPolicy,
    private readonly ctx: ConnectionContext,
  ) {
    this.state = 'READY';
    try {
      const start = startIdentity(policy, ctx);
      ctx.principal = start.principal;
      this.certPrincipal = start.certPrincipal;
    } catch (e) {
      this.startError = e as GatewayError;
      return;
    }
    if (ctx.principal === null && saslEnabled(policy)) {
      this.state = 'HANDSHAKE';
      if (policy.authTimeoutMs > 0) {
        this.authTimer = setTimeout(() => ctx.close(new GatewayError('SW_ERR_AUTH_TIMEOUT', `${policy.authTimeoutMs} ms`)), policy.authTimeoutMs);
        this.authTimer.unref();
      }
    }
  }

  private startError: GatewayError | null = null;
  /** The user named by the current attempt's first token (PLAIN, SCRAM client-first). */
  private attemptUser: string | undefined;

  /** Authenticated, with no SASL exchange (raw tokens included) under way. */
  get ready(): boolean {
    return this.state === 'READY' && !this.startError;
  }

  /** Raw token frames (after SaslHandshake v0) have no header: they are handled before parsing. */
  interceptRaw(frame: Buffer): Verdict | Promise<Verdict> | null {
    if (this.startError) return { kind: 'close', error: this.startError };
    if (this.state !== 'RAW_TOKENS') return null;
    const info: RequestInfo = { apiKey: SASL_AUTHENTICATE, apiVersion: -1, id: -1, expectResponse: true, api: 'SaslRawToken' };
    const tooBig = preAuthCapExceeded(kafkaPreAuthCaps(this.sasl?.maxPayloadBytes), SASL_AUTHENTICATE, info.api, frame.length);
    if (tooBig) return { kind: 'close', info, error: tooBig };
    return this.step(frame.subarray(4), info, (ok, challenge) => (ok ? rawTokenFrame(challenge) : null));
  }

  /**
   * Before login only the handshake apis within their caps; ApiVersions only before
   * SaslHandshake; SaslHandshake and SaslAuthenticate always (answered by onRequest).
   */
  admit(info: RequestInfo, frameBytes: number): Verdict | null {
    const key = info.apiKey;
    if (this.ctx.principal === null) {
      const tooBig = preAuthCapExceeded(kafkaPreAuthCaps(this.sasl?.maxPayloadBytes), key, info.api, frameBytes);
      if (tooBig) return { kind: 'close', info, error: tooBig };
    }
    if (key === SASL_HANDSHAKE || key === SASL_AUTHENTICATE || this.state === 'READY') return null;
    if (key === API_VERSIONS && this.state === 'HANDSHAKE') return null;
    return { kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_REQUIRED', `${info.api} before SASL authentication completed`) };
  }

  /** Null lets the request go on (admit() passed it); otherwise the verdict for it. */
  onRequest(req: KafkaRequest, info: RequestInfo): Verdict | Promise<Verdict> | null {
    const key = info.apiKey;
    if (key === SASL_HANDSHAKE) return this.handshake(req, info);
    if (key === SASL_AUTHENTICATE) return this.authenticate(req, info);
    if (this.state === 'READY' && this.expiresAt > 0 && Date.now() > this.expiresAt) {
      return { kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_STATE', 'SASL session expired; the client did not re-authenticate') };
    }
    return null;
  }

  private handshake(req: KafkaRequest, info: RequestInfo): Verdict {
    const { header, frame } = req;
    const id = header.correlationId;
    if (!saslEnabled(this.policy)) {
      return {
        kind: 'respond',
        info,
        frame: handshakeResponse(id, KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM, []),
        close: new GatewayError('SW_ERR_AUTH_MECHANISM', 'SASL is not enabled on this listener'),
      };
    }
    const reauth = this.state === 'READY' && (this.policy.reauthenticateMs !== null || this.expiresAt > 0) && this.ctx.principal !== null;
    if (this.state !== 'HANDSHAKE' && !reauth) {
      return { kind: 'respond', info, frame: handshakeResponse(id, KAFKA_ERRORS.ILLEGAL_SASL_STATE, this.policy.mechanisms) };
    }
    const mechanism = readHandshakeMechanism(frame, header.bodyOffset);
    const previous = this.sasl?.mechanism;
    this.sasl = newSaslSession(this.policy);
    this.attemptUser = undefined;
    this.failureRecorded = false;
    const started = reauth && previous && mechanism !== previous ? { ok: false as const } : this.sasl.start(mechanism);
    if (!started.ok) {
      recordFailure(this.policy, this.ctx, mechanism, undefined, 'mechanism not enabled');
      return {
        kind: 'respond',
        info,
        frame: handshakeResponse(id, KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM, this.policy.mechanisms),
        close: new GatewayError('SW_ERR_AUTH_MECHANISM', `${mechanism} (enabled: ${this.policy.mechanisms.join(', ')})`),
      };
    }
    this.reauthenticating = reauth;
    this.state = header.apiVersion === 0 ? 'RAW_TOKENS' : 'AUTHENTICATE';
    return { kind: 'respond', info, frame: handshakeResponse(id, 0, this.policy.mechanisms) };
  }

  private authenticate(req: KafkaRequest, info: RequestInfo): Verdict | Promise<Verdict> {
    const { header, frame } = req;
    const id = header.correlationId;
    const v = header.apiVersion;
    if (this.state !== 'AUTHENTICATE') {
      const message = this.state === 'READY' ? 'SaslAuthenticate request received after successful authentication' : `Unexpected SaslAuthenticate request in state ${this.state}`;
      const out = authenticateResponse(id, v, { errorCode: KAFKA_ERRORS.ILLEGAL_SASL_STATE, errorMessage: message, authBytes: Buffer.alloc(0), sessionLifetimeMs: 0 });
      return this.state === 'READY' ? { kind: 'respond', info, frame: out } : { kind: 'respond', info, frame: out, close: new GatewayError('SW_ERR_AUTH_STATE', message) };
    }
    const token = readAuthBytes(frame, header.bodyOffset, v);
    return this.step(token, info, (ok, challenge, message) =>
      authenticateResponse(id, v, {
        errorCode: ok ? 0 : KAFKA_ERRORS.SASL_AUTHENTICATION_FAILED,
        errorMessage: ok ? null : message,
        authBytes: ok ? challenge : Buffer.alloc(0),
        sessionLifetimeMs: ok ? this.lifetimeMs : 0,
      }),
    );
  }

  private async step(token: Buffer, info: RequestInfo, answer: (ok: boolean, challenge: Buffer, message: string) => Buffer | null): Promise<Verdict> {
    const sasl = this.sasl!;
    const mechanism = sasl.mechanism ?? 'unknown';
    this.attemptUser ??= tokenUser(mechanism, token);
    const user = this.attemptUser;
    const guarded = await guardedStep(this.policy, this.ctx, sasl, token, user);
    if ('refused' in guarded) {
      // Refused before any hashing; the usual failure answer, then the connection closes.
      const frame = answer(false, Buffer.alloc(0), refusedText(guarded.refused));
      return frame ? { kind: 'respond', info, frame, close: guarded.refused } : { kind: 'close', info, error: guarded.refused };
    }
    const { result: r, attempt } = guarded;
    if (r.done) {
      const combined = combinePrincipals(this.policy, this.certPrincipal, r.principal);
      if ('mismatch' in combined)
        return this.fail(info, answer, mechanism, r.user, combined.mismatch, `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`, attempt);
      if (this.reauthenticating && combined.principal !== this.ctx.principal) {
        return this.fail(info, answer, mechanism, r.user, 'principal changed on re-authentication', 'Cannot change principals during re-authentication', attempt);
      }
      const refusal = backendRefused(this.policy, this.ctx, mechanism, r.user, combined.principal, token, attempt);
      if (refusal) {
        const frame = answer(false, Buffer.alloc(0), NO_BACKEND_CREDENTIAL_TEXT);
        return frame ? { kind: 'respond', info, frame, close: refusal } : { kind: 'close', info, error: refusal };
      }
      this.ctx.principal = combined.principal;
      this.state = 'READY';
      this.startLifetime(r.expiresAtMs);
      if (this.authTimer) clearTimeout(this.authTimer);
      recordSuccess(this.policy, this.ctx, mechanism, r.user, combined.principal, attempt);
      this.forgetLogin = trackLogin(this.policy, this.ctx, r, this.forgetLogin);
      return { kind: 'respond', info, frame: answer(true, r.challenge, '') };
    }
    if (r.failed)
      return this.fail(
        info,
        r.unanswered ? () => null : answer,
        mechanism,
        user,
        r.detail ? `${r.reason}: ${r.detail}` : r.reason,
        kafkaFailureMessage(r, sasl.mechanism!, this.reauthenticating),
        attempt,
      );
    if (r.rejected) {
      // OAUTHBEARER error challenge: the attempt failed; Kafka fails it on the client's ^A.
      recordFailure(this.policy, this.ctx, mechanism, user, r.rejected);
      await throttleFailure(this.policy, this.ctx, user, null);
      this.failureRecorded = true;
    }
    return { kind: 'respond', info, frame: answer(true, r.challenge, '') };
  }

  /** Session expiry as Kafka computes it: the shorter of reauthenticate and the credential's expiry. */
  private startLifetime(credentialExpiresAtMs: number | undefined): void {
    const now = Date.now();
    const limits = [this.policy.reauthenticateMs, credentialExpiresAtMs === undefined ? null : credentialExpiresAtMs - now].filter((v): v is number => v !== null);
    this.lifetimeMs = limits.length > 0 ? Math.max(0, Math.min(...limits)) : 0;
    this.expiresAt = limits.length > 0 ? now + this.lifetimeMs : 0;
  }

  private async fail(
    info: RequestInfo,
    answer: (ok: boolean, c: Buffer, m: string) => Buffer | null,
    mechanism: string,
    user: string | undefined,
    reason: string,
    message: string,
    attempt: Attempt | null,
  ): Promise<Verdict> {
    if (this.failureRecorded) attempt?.abandon();
    else {
      recordFailure(this.policy, this.ctx, mechanism, user, reason);
      await throttleFailure(this.policy, this.ctx, user, attempt);
    }
    const frame = answer(false, Buffer.alloc(0), message);
    const error = new GatewayError('SW_ERR_AUTH_FAILED', `${mechanism}: ${reason}`);
    return frame ? { kind: 'respond', info, frame, close: error } : { kind: 'close', info, error };
  }

  close(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.forgetLogin?.();
  }
}
