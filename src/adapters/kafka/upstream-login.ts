/**
 * The gateway's SASL login on a new connection to a Kafka backend (SASL_PLAINTEXT / SASL_SSL),
 * as a Kafka client does it: SaslHandshake v1 naming the mechanism, then SaslAuthenticate v1
 * rounds carrying the mechanism's tokens until the mechanism is complete. The backend's
 * session_lifetime_ms (KIP-368) is reported to the caller.
 *
 * The requests use correlation ids of the gateway's own (from LOGIN_CORRELATION_BASE); the
 * client's frames are only written after the login, so no answer can be mistaken for another.
 * Every answer is checked: its correlation id, its error code, and nothing left over.
 */
import { GatewayError } from '../../errors.js';
import { KafkaReader } from '../../protocol/kafka/reader.js';
import { KafkaWriter } from '../../protocol/kafka/writer.js';
import { kafkaErrorName } from '../../protocol/kafka/errors.js';
import type { LoginStep, UpstreamLogin } from '../../proxy/upstream-login.js';
import type { SaslClient } from '../../sasl/client-mechanisms.js';
import { SASL_AUTHENTICATE, SASL_HANDSHAKE } from './sasl-messages.js';

/** Correlation ids of the login's requests (gateway-owned; never seen by a client). */
export const LOGIN_CORRELATION_BASE = 0x7fff0000;
const CLIENT_ID = 'streamward';
/** At most this many SaslAuthenticate rounds (SCRAM needs two). */
const MAX_ROUNDS = 4;

function request(apiKey: number, correlationId: number, body: (w: KafkaWriter) => void): Buffer {
  const w = new KafkaWriter(64).int16(apiKey).int16(1).int32(correlationId).nullableString(CLIENT_ID);
  body(w);
  return w.frame();
}

function refused(detail: string): GatewayError {
  return new GatewayError('SW_ERR_UPSTREAM_AUTH_FAILED', detail);
}

class KafkaUpstreamLogin implements UpstreamLogin {
  private correlationId = LOGIN_CORRELATION_BASE;
  private rounds = 0;
  private handshakeDone = false;

  constructor(
    private readonly client: SaslClient,
    private readonly username: string,
  ) {}

  get mechanism(): string {
    return this.client.mechanism;
  }

  start(): Buffer[] {
    return [request(SASL_HANDSHAKE, this.correlationId, (w) => void w.string(this.client.mechanism))];
  }

  async onFrame(frame: Buffer): Promise<LoginStep> {
    const r = new KafkaReader(frame, 4);
    const id = r.int32();
    if (id !== this.correlationId) throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `login answer has correlation id ${id}, expected ${this.correlationId}`);
    return this.handshakeDone ? this.authenticated(r) : this.handshaken(r);
  }

  private handshaken(r: KafkaReader): LoginStep {
    const error = r.int16();
    const enabled: string[] = [];
    const n = r.arrayLength(2) ?? 0;
    for (let i = 0; i < n; i++) enabled.push(r.string());
    if (error !== 0) throw refused(`the backend does not enable ${this.client.mechanism} (${kafkaErrorName(error)}; enabled: ${enabled.join(', ') || 'none'})`);
    this.handshakeDone = true;
    return this.authenticate(this.client.initial());
  }

  private async authenticated(r: KafkaReader): Promise<LoginStep> {
    const error = r.int16();
    const message = r.nullableString();
    const authBytes = r.bytes();
    const lifetime = r.int64();
    if (r.remaining !== 0) throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', 'SaslAuthenticate answer has trailing bytes');
    if (error !== 0) throw refused(`the backend refused the ${this.client.mechanism} login as ${this.username}: ${kafkaErrorName(error)}${message ? ` (${message.slice(0, 200)})` : ''}`);
    const next = await this.client.respond(authBytes);
    if (next === null) return { kind: 'done', sessionLifetimeMs: lifetime > 0n ? Number(lifetime) : 0 };
    if (this.rounds >= MAX_ROUNDS) throw refused(`${this.client.mechanism} login did not complete within ${MAX_ROUNDS} rounds`);
    return this.authenticate(next);
  }

  private authenticate(token: Buffer): LoginStep {
    this.rounds++;
    this.correlationId++;
    return { kind: 'send', frames: [request(SASL_AUTHENTICATE, this.correlationId, (w) => void w.bytes(token))] };
  }
}

/** The login for one backend connection; `username` only names the identity in errors. */
export function kafkaUpstreamLogin(client: SaslClient, username: string): UpstreamLogin {
  return new KafkaUpstreamLogin(client, username);
}
