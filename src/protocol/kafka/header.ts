/**
 * Request and response header parsing over complete frames (4-byte size prefix included).
 *
 * Request header: api key int16, api version int16, correlation id int32 (v0); + client id as
 * a classic int16-length nullable string (v1, also in v2); + a tagged-field section (v2).
 * Response header: correlation id int32 (v0); + a tagged-field section (v1).
 * Which version applies comes from api-table.ts.
 */
import { API_SPECS, requestHeaderVersion, responseHeaderVersion } from './api-table.js';
import { KafkaDecodeError } from './codec-errors.js';
import { KafkaReader } from './reader.js';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  /** null when the api key is unknown: then only the first 8 header bytes were read. */
  headerVersion: 0 | 1 | 2 | null;
  /** Absolute offset in the frame where the request body starts (12 for an unknown key). */
  bodyOffset: number;
}

/** Offset of the first byte after the size prefix. */
export const SIZE_PREFIX_BYTES = 4;

/** A reader over the frame's payload, after checking the size prefix matches the frame length. */
export function frameReader(frame: Buffer): KafkaReader {
  if (frame.length < SIZE_PREFIX_BYTES) {
    throw new KafkaDecodeError(`frame of ${frame.length} byte(s) has no size prefix`, 0);
  }
  const size = frame.readInt32BE(0);
  if (size < 0) throw new KafkaDecodeError(`negative frame size ${size}`, 0);
  if (size !== frame.length - SIZE_PREFIX_BYTES) {
    throw new KafkaDecodeError(`frame size prefix ${size} but ${frame.length - SIZE_PREFIX_BYTES} byte(s) follow`, 0);
  }
  return new KafkaReader(frame, SIZE_PREFIX_BYTES);
}

/**
 * Parse a request header. An unknown api key still yields key, version and correlation id so
 * the caller can decide (the broker would close the connection). Throws KafkaDecodeError when
 * the frame is shorter than its header.
 */
export function parseRequestHeader(frame: Buffer): RequestHeader {
  const r = frameReader(frame);
  const apiKey = r.int16();
  const apiVersion = r.int16();
  const correlationId = r.int32();
  if (!API_SPECS.has(apiKey)) {
    return { apiKey, apiVersion, correlationId, clientId: null, headerVersion: null, bodyOffset: r.offset };
  }
  const headerVersion = requestHeaderVersion(apiKey, apiVersion);
  let clientId: string | null = null;
  if (headerVersion >= 1) clientId = r.nullableString();
  if (headerVersion === 2) r.skipTaggedFields();
  return { apiKey, apiVersion, correlationId, clientId, headerVersion, bodyOffset: r.offset };
}

/** The correlation id of a response frame. */
export function responseCorrelationId(frame: Buffer): number {
  return frameReader(frame).int32();
}

/** Absolute offset where the response body starts, given the request's key and version. */
export function responseBodyOffset(frame: Buffer, apiKey: number, apiVersion: number): number {
  const r = frameReader(frame);
  r.int32();
  if (responseHeaderVersion(apiKey, apiVersion) === 1) r.skipTaggedFields();
  return r.offset;
}
