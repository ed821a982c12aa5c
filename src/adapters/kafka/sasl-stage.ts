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
 */
import { GatewayError } from '../../errors.js';
import { KAFKA_ERRORS } from '../../protocol/kafka/errors.js';
import { kafkaFailureMessage } from '../../sasl/types.js';
import type { SaslServerSession } from '../../sasl/session.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import type { RequestHeader } from '../../protocol/kafka/header.js';
import { combinePrincipals, startIdentity, trackLogin, newSaslSession, recordFailure, recordSuccess, saslEnabled, throttleFailure, type AuthPolicy } from '../auth-policy.js';
import { guardedStep, refusedText, tokenUser } from '../auth-attempt.js';
import type { Attempt } from '../../sasl/throttle.js';
import { KAFKA_PRE_AUTH_CAPS, preAuthCapExceeded } from '../preauth-caps.js';
import { SASL_AUTHENTICATE, SASL_HANDSHAKE, authenticateResponse, handshakeResponse, rawTokenFrame, readAuthBytes, readHandshakeMechanism } from './sasl-messages.js';

const API_VERSIONS = 18;
type State = 'HANDSHAKE' | 'AUTHENTICATE' | 'RAW_TOKENS' | 'READY';

export class KafkaSaslStage {
  private state: State;
  private sasl: SaslServerSession | null = null;
  private certPrincipal: string | null = null;
  private expiresAt = 0;
  private reauthenticating = false;
  private authTimer: NodeJS.Timeout | null = null;
  private forgetLogin: (() => void) | null = null;

  constructor(private readonly policy: AuthPolicy, private readonly ctx: ConnectionContext) {
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
    const tooBig = preAuthCapExceeded(KAFKA_PRE_AUTH_CAPS, SASL_AUTHENTICATE, info.api, frame.length);
    if (tooBig) return { kind: 'close', info, error: tooBig };
    return this.step(frame.subarray(4), info, (ok, challenge) => (ok ? rawTokenFrame(challenge) : null));
  }

  /** Null lets the request go on; otherwise the verdict for it. */
  onRequest(header: RequestHeader, frame: Buffer, info: RequestInfo): Verdict | Promise<Verdict> | null {
    const key = header.apiKey;
    if (this.ctx.principal === null) {
      const tooBig = preAuthCapExceeded(KAFKA_PRE_AUTH_CAPS, key, info.api, frame.length);
      if (tooBig) return { kind: 'close', info, error: tooBig };
    }
    if (key === SASL_HANDSHAKE) return this.handshake(header, frame, info);
    if (key === SASL_AUTHENTICATE) return this.authenticate(header, frame, info);
    if (this.state === 'READY') {
      if (this.expiresAt > 0 && Date.now() > this.expiresAt) {
        return { kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_STATE', 'SASL session expired; the client did not re-authenticate') };
      }
      return null;
    }
    if (key === API_VERSIONS && this.state === 'HANDSHAKE') return null;
    return { kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_REQUIRED', `${info.api} before SASL authentication completed`) };
  }

  private handshake(header: RequestHeader, frame: Buffer, info: RequestInfo): Verdict {
    const id = header.correlationId;
    if (!saslEnabled(this.policy)) {
      return { kind: 'respond', info, frame: handshakeResponse(id, KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM, []), close: new GatewayError('SW_ERR_AUTH_MECHANISM', 'SASL is not enabled on this listener') };
    }
    const reauth = this.state === 'READY' && this.policy.reauthenticateMs !== null && this.ctx.principal !== null;
    if (this.state !== 'HANDSHAKE' && !reauth) {
      return { kind: 'respond', info, frame: handshakeResponse(id, KAFKA_ERRORS.ILLEGAL_SASL_STATE, this.policy.mechanisms) };
    }
    const mechanism = readHandshakeMechanism(frame, header.bodyOffset);
    const previous = this.sasl?.mechanism;
    this.sasl = newSaslSession(this.policy);
    this.attemptUser = undefined;
    const started = reauth && previous && mechanism !== previous ? { ok: false as const } : this.sasl.start(mechanism);
    if (!started.ok) {
      recordFailure(this.policy, this.ctx, mechanism, undefined, 'mechanism not enabled');
      return { kind: 'respond', info, frame: handshakeResponse(id, KAFKA_ERRORS.UNSUPPORTED_SASL_MECHANISM, this.policy.mechanisms), close: new GatewayError('SW_ERR_AUTH_MECHANISM', `${mechanism} (enabled: ${this.policy.mechanisms.join(', ')})`) };
    }
    this.reauthenticating = reauth;
    this.state = header.apiVersion === 0 ? 'RAW_TOKENS' : 'AUTHENTICATE';
    return { kind: 'respond', info, frame: handshakeResponse(id, 0, this.policy.mechanisms) };
  }

  private authenticate(header: RequestHeader, frame: Buffer, info: RequestInfo): Verdict | Promise<Verdict> {
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
        sessionLifetimeMs: ok && this.policy.reauthenticateMs ? this.policy.reauthenticateMs : 0,
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
      if ('mismatch' in combined) return this.fail(info, answer, mechanism, r.user, combined.mismatch, `Authentication failed during authentication due to invalid credentials with SASL mechanism ${mechanism}`, attempt);
      if (this.reauthenticating && combined.principal !== this.ctx.principal) {
        return this.fail(info, answer, mechanism, r.user, 'principal changed on re-authentication', 'Cannot change principals during re-authentication', attempt);
      }
      this.ctx.principal = combined.principal;
      this.state = 'READY';
      this.expiresAt = this.policy.reauthenticateMs ? Date.now() + this.policy.reauthenticateMs : 0;
      if (this.authTimer) clearTimeout(this.authTimer);
      recordSuccess(this.policy, this.ctx, mechanism, r.user, combined.principal, attempt);
      this.forgetLogin = trackLogin(this.policy, this.ctx, r, this.forgetLogin);
      return { kind: 'respond', info, frame: answer(true, r.challenge, '') };
    }
    if (r.failed) return this.fail(info, answer, mechanism, user, r.reason, kafkaFailureMessage(r, sasl.mechanism!, this.reauthenticating), attempt);
    return { kind: 'respond', info, frame: answer(true, r.challenge, '') };
  }

  private async fail(info: RequestInfo, answer: (ok: boolean, c: Buffer, m: string) => Buffer | null, mechanism: string, user: string | undefined, reason: string, message: string, attempt: Attempt | null): Promise<Verdict> {
    recordFailure(this.policy, this.ctx, mechanism, user, reason);
    await throttleFailure(this.policy, this.ctx, user, attempt);
    const frame = answer(false, Buffer.alloc(0), message);
    const error = new GatewayError('SW_ERR_AUTH_FAILED', `${mechanism}: ${reason}`);
    return frame ? { kind: 'respond', info, frame, close: error } : { kind: 'close', info, error };
  }

  close(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.forgetLogin?.();
  }
}
