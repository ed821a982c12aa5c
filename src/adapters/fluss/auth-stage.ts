/**
 * Fluss AUTHENTICATE (1038) termination for one connection, as a Fluss server with a SASL
 * listener answers it: before success only API_VERSIONS and AUTHENTICATE are served (anything
 * else gets error 46 and the connection stays open); a failure gets error 46 with the
 * mechanism's text and the client may retry on the same connection (throttled here, unlike
 * Fluss); success carries an empty challenge; the extra empty round some clients (Rust) send
 * after success gets an empty AuthenticateResponse.
 *
 *   AUTHENTICATING ──AUTHENTICATE ok──► READY
 *        │  └──AUTHENTICATE failed──► AUTHENTICATING (retry allowed; closed after too many)
 *        └──auth timeout──► closed
 *   READY ──AUTHENTICATE, empty token──► READY (empty answer)
 *   READY ──AUTHENTICATE with credentials──► error 46, principal unchanged
 *
 * In the pipeline (../pipeline.ts) it is the authentication gate: the guard asks admit() before
 * any body is read; onRequest answers AUTHENTICATE with the body the guard decoded.
 */
import { GatewayError } from '../../errors.js';
import { ApiKey } from '../../protocol/fluss/api-keys.js';
import { FlussError } from '../../protocol/fluss/error-codes.js';
import { errorResponseFrame } from '../../protocol/fluss/error-response.js';
import { encodeResponseFrame } from '../../protocol/fluss/frame.js';
import { encodeMessage } from '../../protocol/fluss/proto-message.js';
import type { Decoded } from '../../protocol/fluss/proto-message.js';
import { AuthenticateRequest, AuthenticateResponse } from '../../protocol/fluss/messages/handshake.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
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
import { NOT_AUTHENTICATED } from './messages.js';
import { FLUSS_PRE_AUTH_CAPS, preAuthCapExceeded } from '../preauth-caps.js';
import type { PipelineStage } from '../pipeline.js';
import type { FlussLoginGate } from './guard.js';
import type { FlussRequest } from './request.js';

type AuthenticateBody = Decoded<typeof AuthenticateRequest>;

export class FlussAuthStage implements PipelineStage<FlussRequest>, FlussLoginGate {
  readonly slot = 'authenticate';
  private ready: boolean;
  private certPrincipal: string | null = null;
  private startError: GatewayError | null = null;
  private authTimer: NodeJS.Timeout | null = null;
  private forgetLogin: (() => void) | null = null;

  constructor(
    private readonly policy: AuthPolicy,
    private readonly ctx: ConnectionContext,
  ) {
    this.ready = true;
    try {
      const start = startIdentity(policy, ctx);
      ctx.principal = start.principal;
      this.certPrincipal = start.certPrincipal;
    } catch (e) {
      this.startError = e as GatewayError;
      return;
    }
    if (ctx.principal === null && saslEnabled(policy)) {
      this.ready = false;
      if (policy.authTimeoutMs > 0) {
        this.authTimer = setTimeout(() => ctx.close(new GatewayError('SW_ERR_AUTH_TIMEOUT', `${policy.authTimeoutMs} ms`)), policy.authTimeoutMs);
        this.authTimer.unref();
      }
    }
  }

  close(): void {
    if (this.authTimer) clearTimeout(this.authTimer);
    this.forgetLogin?.();
  }

  /**
   * The gate that runs before any request body is decoded: before authentication only
   * API_VERSIONS and AUTHENTICATE within their caps go on; anything else gets error 46 unread.
   */
  admit(info: RequestInfo, frameBytes: number): Verdict | null {
    if (this.startError) return { kind: 'close', info, error: this.startError };
    if (this.ready) return null;
    if (info.apiKey === ApiKey.AUTHENTICATE || info.apiKey === ApiKey.API_VERSIONS) {
      const tooBig = preAuthCapExceeded(FLUSS_PRE_AUTH_CAPS, info.apiKey, info.api, frameBytes);
      return tooBig ? { kind: 'close', info, error: tooBig } : null;
    }
    this.ctx.log.warn({ err: 'SW_ERR_AUTH_REQUIRED', api: info.api }, 'request before authentication');
    return { kind: 'respond', info, frame: errorResponseFrame(info.id, FlussError.AUTHENTICATE_EXCEPTION, NOT_AUTHENTICATED) };
  }

  /** Authenticated (or no login needed) and able to take requests. */
  get authenticated(): boolean {
    return this.ready && !this.startError;
  }

  /** Null lets the request go on; otherwise the verdict for it (after admit() let it through). */
  onRequest(req: FlussRequest, info: RequestInfo): Verdict | Promise<Verdict> | null {
    if (this.startError) return { kind: 'close', info, error: this.startError };
    if (info.apiKey === ApiKey.AUTHENTICATE) return this.authenticate(req.decoded(AuthenticateRequest), info);
    return null;
  }

  private error(info: RequestInfo, message: string, code: 'SW_ERR_AUTH_FAILED' | 'SW_ERR_AUTH_MECHANISM' | 'SW_ERR_AUTH_STATE', close = false): Verdict {
    const frame = errorResponseFrame(info.id, FlussError.AUTHENTICATE_EXCEPTION, message);
    const error = new GatewayError(code, message);
    if (close) return { kind: 'respond', info, frame, close: error };
    this.ctx.log.warn({ err: code, detail: message }, 'authentication refused');
    return { kind: 'respond', info, frame };
  }

  private authenticate(req: AuthenticateBody, info: RequestInfo): Verdict | Promise<Verdict> {
    const protocol = req.protocol.toUpperCase();
    if (!saslEnabled(this.policy)) {
      return this.error(info, `Authenticate protocol not match: protocol of server is 'PLAINTEXT' while protocol of client is '${req.protocol}'`, 'SW_ERR_AUTH_MECHANISM');
    }
    if (this.ready) {
      if (req.token.length === 0) return { kind: 'respond', info, frame: encodeResponseFrame(0, info.id, Buffer.alloc(0)) };
      return this.error(info, 'The connection is already authenticated.', 'SW_ERR_AUTH_STATE');
    }
    const sasl = newSaslSession(this.policy);
    const started = sasl.start(protocol);
    if (!started.ok) {
      recordFailure(this.policy, this.ctx, protocol, undefined, 'mechanism not enabled');
      return this.error(info, `SASL server enables [${this.policy.mechanisms.join(', ')}] while protocol of client is '${req.protocol}'`, 'SW_ERR_AUTH_MECHANISM');
    }
    return this.step(sasl, protocol, req.token, info);
  }

  private async step(sasl: ReturnType<typeof newSaslSession>, mechanism: string, token: Buffer, info: RequestInfo): Promise<Verdict> {
    const user = tokenUser(mechanism, token);
    const guarded = await guardedStep(this.policy, this.ctx, sasl, token, user);
    if ('refused' in guarded) {
      // Refused before any hashing: error 46 as for a bad password; closed when the address is locked.
      const message = refusedText(guarded.refused);
      if (guarded.close) return { kind: 'respond', info, frame: errorResponseFrame(info.id, FlussError.AUTHENTICATE_EXCEPTION, message), close: guarded.refused };
      this.ctx.log.warn({ err: guarded.refused.code, detail: guarded.refused.message }, 'authentication refused');
      return { kind: 'respond', info, frame: errorResponseFrame(info.id, FlussError.AUTHENTICATE_EXCEPTION, message) };
    }
    const { result: r, attempt } = guarded;
    if (r.done) {
      const combined = combinePrincipals(this.policy, this.certPrincipal, r.principal);
      if ('mismatch' in combined) return this.failed(info, mechanism, r.user, combined.mismatch, 'Authentication failed: Invalid username or password', attempt);
      const refusal = backendRefused(this.policy, this.ctx, mechanism, r.user, combined.principal, token, attempt);
      if (refusal) return { kind: 'respond', info, frame: errorResponseFrame(info.id, FlussError.AUTHENTICATE_EXCEPTION, NO_BACKEND_CREDENTIAL_TEXT), close: refusal };
      this.ctx.principal = combined.principal;
      this.ready = true;
      if (this.authTimer) clearTimeout(this.authTimer);
      recordSuccess(this.policy, this.ctx, mechanism, r.user, combined.principal, attempt);
      this.forgetLogin = trackLogin(this.policy, this.ctx, r, this.forgetLogin);
      return { kind: 'respond', info, frame: encodeResponseFrame(0, info.id, encodeMessage(AuthenticateResponse, { challenge: r.challenge })) };
    }
    if (r.failed) return this.failed(info, mechanism, user, r.reason, r.message, attempt);
    // Multi-round mechanisms are not offered to Fluss clients (Fluss supports PLAIN only).
    return this.failed(info, mechanism, user, 'multi-round mechanism', 'Authentication failed: unsupported SASL exchange', null);
  }

  private async failed(info: RequestInfo, mechanism: string, user: string | undefined, reason: string, message: string, attempt: Attempt | null): Promise<Verdict> {
    recordFailure(this.policy, this.ctx, mechanism, user, reason);
    const { close } = await throttleFailure(this.policy, this.ctx, user, attempt);
    return this.error(info, message, 'SW_ERR_AUTH_FAILED', close);
  }
}
