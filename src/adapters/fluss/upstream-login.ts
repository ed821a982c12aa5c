/**
 * The gateway's SASL login on a new connection to a Fluss backend whose listener is SASL, as the
 * Java Fluss client does it (ClientAuthenticator / SaslAuthenticateClient): AUTHENTICATE (1038)
 * with `protocol` = the mechanism upper-cased and `token` = the mechanism's first message; the
 * server answers with a challenge (PLAIN: present and empty), and the client stops once its
 * mechanism is complete (the Java client sends no second AUTHENTICATE). An ERROR_RESPONSE
 * (AUTHENTICATE_EXCEPTION 46, ...) refuses the login. Fluss servers implement PLAIN only.
 *
 * Request ids are the gateway's own; client frames are written only after the login.
 */
import { GatewayError } from '../../errors.js';
import { ApiKey } from '../../protocol/fluss/api-keys.js';
import { encodeRequestFrame, frameBody, readResponseHeader, ResponseType } from '../../protocol/fluss/frame.js';
import { decodeErrorResponse } from '../../protocol/fluss/error-response.js';
import { errorInfo } from '../../protocol/fluss/error-codes.js';
import { decodeMessage, encodeMessage } from '../../protocol/fluss/proto-message.js';
import { AuthenticateRequest, AuthenticateResponse } from '../../protocol/fluss/messages/handshake.js';
import type { LoginStep, UpstreamLogin } from '../../proxy/upstream-login.js';
import type { SaslClient } from '../../sasl/client-mechanisms.js';

/** Request ids of the login's AUTHENTICATE requests (gateway-owned; never seen by a client). */
export const LOGIN_REQUEST_BASE = 0x7fff0000;
const MAX_ROUNDS = 4;

class FlussUpstreamLogin implements UpstreamLogin {
  private requestId = LOGIN_REQUEST_BASE;
  private rounds = 0;

  constructor(
    private readonly client: SaslClient,
    private readonly username: string,
  ) {}

  get mechanism(): string {
    return this.client.mechanism;
  }

  start(): Buffer[] {
    return [this.authenticate(this.client.initial())];
  }

  async onFrame(frame: Buffer): Promise<LoginStep> {
    const h = readResponseHeader(frame);
    if (h.requestId !== this.requestId)
      throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `login answer ${h.requestId === undefined ? 'is a server failure' : `has request id ${h.requestId}, expected ${this.requestId}`}`);
    const body = frameBody(frame, h);
    if (h.type !== ResponseType.SUCCESS) {
      const e = decodeErrorResponse(body);
      const name = errorInfo(e.code)?.name ?? `error ${e.code}`;
      throw new GatewayError('SW_ERR_UPSTREAM_AUTH_FAILED', `the backend refused the ${this.client.mechanism} login as ${this.username}: ${name}${e.message ? ` (${e.message.slice(0, 200)})` : ''}`);
    }
    const challenge = decodeMessage(AuthenticateResponse, body).challenge ?? Buffer.alloc(0);
    const next = await this.client.respond(challenge);
    if (next === null) return { kind: 'done', sessionLifetimeMs: 0 };
    if (this.rounds >= MAX_ROUNDS) throw new GatewayError('SW_ERR_UPSTREAM_AUTH_FAILED', `${this.client.mechanism} login did not complete within ${MAX_ROUNDS} rounds`);
    return { kind: 'send', frames: [this.authenticate(next)] };
  }

  private authenticate(token: Buffer): Buffer {
    this.rounds++;
    this.requestId++;
    return encodeRequestFrame(ApiKey.AUTHENTICATE, 0, this.requestId, encodeMessage(AuthenticateRequest, { protocol: this.client.mechanism, token }));
  }
}

/** The login for one backend connection; `username` only names the identity in errors. */
export function flussUpstreamLogin(client: SaslClient, username: string): UpstreamLogin {
  return new FlussUpstreamLogin(client, username);
}
