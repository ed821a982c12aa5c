/**
 * Whole frames through the schema codec: decode a request or response body, re-encode a
 * request keeping its header bytes, re-encode a backend response keeping its header bytes, and
 * build a fresh response (header v0, or v1 with an empty tagged section for flexible versions;
 * always v0 for ApiVersions) at the request's version.
 *
 * Decoding is strict: a body must end exactly where the schema says, so a layout mismatch is
 * an error rather than a silently wrong decision, and bytes after the body (which the broker
 * would ignore but a re-encoding or another reader might not) are refused as ambiguous. A
 * request body is decoded within the per-frame element budget and with strict UTF-8.
 */
import { isFlexible, responseHeaderVersion } from '../api-table.js';
import { frameReader, responseBodyOffset, type RequestHeader } from '../header.js';
import { KafkaAmbiguousInputError, KafkaDecodeError } from '../codec-errors.js';
import { KafkaReader } from '../reader.js';
import { requestLimits, responseLimits, type DecodeLimits } from './bounds.js';
import { KafkaWriter, withSizePrefix } from '../writer.js';
import { decodeStruct } from './decode.js';
import { encodeBody } from './encode.js';
import { defaults, type Msg } from './message.js';
import { messageSpec } from './registry.js';
import type { StructSpec } from './notation.js';

function spec(apiKey: number, kind: 'request' | 'response'): StructSpec {
  const s = messageSpec(apiKey)?.[kind];
  if (!s) throw new KafkaDecodeError(`no ${kind} layout for api key ${apiKey}`);
  return s;
}

function decodeAll(frame: Buffer, from: number, struct: StructSpec, version: number, flexible: boolean, what: string, limits: DecodeLimits): Msg {
  frameReader(frame); // checks the size prefix
  const r = new KafkaReader(frame, from);
  r.strictUtf8 = limits.strictUtf8;
  const m = decodeStruct(r, struct, version, flexible, limits);
  if (r.remaining !== 0) throw new KafkaAmbiguousInputError(`${what}: ${r.remaining} byte(s) left after the body`, r.offset);
  return m;
}

export function readRequestBody(frame: Buffer, header: RequestHeader): Msg {
  const { apiKey, apiVersion } = header;
  return decodeAll(frame, header.bodyOffset, spec(apiKey, 'request'), apiVersion, isFlexible(apiKey, apiVersion), `request ${apiKey} v${apiVersion}`, requestLimits());
}

/** The request frame with the same header bytes and `body` re-encoded. */
export function requestFrame(frame: Buffer, header: RequestHeader, body: Msg): Buffer {
  const { apiKey, apiVersion } = header;
  const encoded = encodeBody(spec(apiKey, 'request'), body, apiVersion, isFlexible(apiKey, apiVersion));
  return withSizePrefix(frame.subarray(4, header.bodyOffset), encoded);
}

export interface DecodedResponse {
  /** The response header bytes (correlation id and, for header v1, its tagged section). */
  head: Buffer;
  body: Msg;
}

export function readResponse(frame: Buffer, apiKey: number, version: number): DecodedResponse {
  const at = responseBodyOffset(frame, apiKey, version);
  const body = decodeAll(frame, at, spec(apiKey, 'response'), version, isFlexible(apiKey, version), `response ${apiKey} v${version}`, responseLimits());
  return { head: frame.subarray(4, at), body };
}

export function responseFrame(head: Buffer, apiKey: number, version: number, body: Msg): Buffer {
  return withSizePrefix(head, encodeBody(spec(apiKey, 'response'), body, version, isFlexible(apiKey, version)));
}

/** A fresh response frame for a request answered by the gateway. */
export function newResponseFrame(correlationId: number, apiKey: number, version: number, body: Msg): Buffer {
  const head = new KafkaWriter(8).int32(correlationId);
  if (responseHeaderVersion(apiKey, version) === 1) head.taggedFields([]);
  return responseFrame(head.toBuffer(), apiKey, version, body);
}

/** The default-filled response body of an api at a version. */
export function responseDefaults(apiKey: number, version: number): Msg {
  return defaults(spec(apiKey, 'response'), version, isFlexible(apiKey, version));
}

export function requestDefaults(apiKey: number, version: number): Msg {
  return defaults(spec(apiKey, 'request'), version, isFlexible(apiKey, version));
}

export function responseSpec(apiKey: number): StructSpec {
  return spec(apiKey, 'response');
}

export function requestSpec(apiKey: number): StructSpec {
  return spec(apiKey, 'request');
}
