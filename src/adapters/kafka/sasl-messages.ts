/**
 * The Kafka SASL messages the gateway answers itself: SaslHandshake (17, v0-1, never flexible)
 * and SaslAuthenticate (36, v0-1 classic, v2 flexible), plus the raw v0 token frames that follow
 * a SaslHandshake v0 (int32 length + opaque bytes, no header).
 */
import { KafkaReader } from '../../protocol/kafka/reader.js';
import { KafkaWriter } from '../../protocol/kafka/writer.js';

export const SASL_HANDSHAKE = 17;
export const SASL_AUTHENTICATE = 36;

export function readHandshakeMechanism(frame: Buffer, bodyOffset: number): string {
  return new KafkaReader(frame, bodyOffset).string();
}

export function handshakeResponse(correlationId: number, errorCode: number, mechanisms: readonly string[]): Buffer {
  return new KafkaWriter(32)
    .int32(correlationId)
    .int16(errorCode)
    .array([...mechanisms], (w, m) => void w.string(m))
    .frame();
}

export function readAuthBytes(frame: Buffer, bodyOffset: number, version: number): Buffer {
  const r = new KafkaReader(frame, bodyOffset);
  return version >= 2 ? r.compactBytes() : r.bytes();
}

export interface AuthenticateAnswer {
  errorCode: number;
  errorMessage: string | null;
  authBytes: Buffer;
  sessionLifetimeMs: number;
}

export function authenticateResponse(correlationId: number, version: number, a: AuthenticateAnswer): Buffer {
  const w = new KafkaWriter(64).int32(correlationId);
  if (version >= 2) w.taggedFields();
  w.int16(a.errorCode);
  if (version >= 2) w.compactNullableString(a.errorMessage).compactBytes(a.authBytes);
  else w.nullableString(a.errorMessage).bytes(a.authBytes);
  if (version >= 1) w.int64(BigInt(a.sessionLifetimeMs));
  if (version >= 2) w.taggedFields();
  return w.frame();
}

/** A raw SASL token answer (after SaslHandshake v0): int32 length + bytes. */
export function rawTokenFrame(challenge: Buffer): Buffer {
  const f = Buffer.alloc(4 + challenge.length);
  f.writeInt32BE(challenge.length, 0);
  challenge.copy(f, 4);
  return f;
}
