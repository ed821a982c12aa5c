/**
 * Tight per-api frame caps before authentication. Until a client has logged in only the
 * handshake apis are read at all (Kafka: ApiVersions, SaslHandshake, SaslAuthenticate and raw
 * SASL tokens; Fluss: API_VERSIONS, AUTHENTICATE), and each of them is small by nature: a client
 * name and version, a mechanism name, one SASL token (PLAIN at most 1 KiB, SCRAM 2 KiB) plus the
 * request header. A pre-auth frame over its api's cap is refused before its body is decoded and
 * the connection is closed (as a Kafka broker closes a connection whose SASL receive is too big).
 * These caps sit below limits.preAuthMaxFrameBytes, which the framer enforces for every frame.
 */
import { GatewayError } from '../errors.js';

/** Room for the request header (Kafka client ids are usually short; 1 KiB is generous). */
const HEADER_ROOM = 1024;

export const PRE_AUTH_CAPS = {
  /** Client software name and version (Kafka v3+, Fluss), a few dozen bytes each. */
  apiVersions: HEADER_ROOM + 1024,
  /** One mechanism name. */
  saslHandshake: HEADER_ROOM + 256,
  /** One SASL token (SCRAM client messages are capped at 2 KiB, PLAIN at 1 KiB) and its framing. */
  saslAuthenticate: HEADER_ROOM + 4096,
} as const;

/** Kafka api keys read before authentication and their caps (frame bytes after the length prefix). */
export const KAFKA_PRE_AUTH_CAPS: ReadonlyMap<number, number> = new Map([
  [18, PRE_AUTH_CAPS.apiVersions],
  [17, PRE_AUTH_CAPS.saslHandshake],
  [36, PRE_AUTH_CAPS.saslAuthenticate],
]);

/**
 * The Kafka caps once the client has chosen a mechanism whose tokens may be larger than a
 * password's (GSSAPI: a Kerberos AP-REQ, up to 64 KiB; OAUTHBEARER: a JWT up to its listener's maxTokenBytes): SaslAuthenticate then fits one such token.
 */
export function kafkaPreAuthCaps(maxPayloadBytes: number | undefined): ReadonlyMap<number, number> {
  if (maxPayloadBytes === undefined || HEADER_ROOM + maxPayloadBytes <= PRE_AUTH_CAPS.saslAuthenticate) return KAFKA_PRE_AUTH_CAPS;
  return new Map([...KAFKA_PRE_AUTH_CAPS, [36, HEADER_ROOM + maxPayloadBytes]]);
}

/** Fluss api keys read before authentication (API_VERSIONS 1000, AUTHENTICATE 1038) and their caps. */
export const FLUSS_PRE_AUTH_CAPS: ReadonlyMap<number, number> = new Map([
  [1000, PRE_AUTH_CAPS.apiVersions],
  [1038, PRE_AUTH_CAPS.saslAuthenticate],
]);

/** The error for a pre-auth frame over its api's cap, or null when it fits (or the api has no cap). */
export function preAuthCapExceeded(caps: ReadonlyMap<number, number>, apiKey: number, api: string, frameBytes: number): GatewayError | null {
  const cap = caps.get(apiKey);
  if (cap === undefined || frameBytes - 4 <= cap) return null;
  return new GatewayError('SW_ERR_PREAUTH_FRAME_TOO_LARGE', `${api} of ${frameBytes - 4} bytes before authentication (cap ${cap})`);
}
