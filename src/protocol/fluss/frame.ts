/**
 * Fluss RPC frame headers: read them from a complete frame, and encode frames.
 *
 * Every frame starts with an int32 big-endian length = bytes that follow the length field.
 *   request:          len | int16 apiKey | int16 apiVersion | int32 requestId | protobuf body
 *   response 0 / 1:   len | int8 type (0 success, 1 error) | int32 requestId | body
 *   response 2:       len | int8 type 2 (server failure)    | body            (NO request id)
 * A type 1 or 2 body is an ErrorResponse. All header integers are big-endian.
 *
 * "Complete frame" means the buffer starts with the length prefix and holds at least
 * 4 + length bytes; bytes after that (the next frame, garbage) are ignored.
 */
import { FlussCodecError } from './codec-error.js';

export const LENGTH_PREFIX_BYTES = 4;
/** Request header after the length prefix: apiKey, apiVersion, requestId. */
export const REQUEST_HEADER_BYTES = 8;
/** Success / error response header after the length prefix: type, requestId. */
export const RESPONSE_HEADER_BYTES = 5;
/** Server-failure header after the length prefix: type only. */
export const SERVER_FAILURE_HEADER_BYTES = 1;

export const ResponseType = { SUCCESS: 0, ERROR: 1, SERVER_FAILURE: 2 } as const;
export type ResponseTypeId = (typeof ResponseType)[keyof typeof ResponseType];

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  requestId: number;
  /** Offset of the body in the frame (always 12). */
  bodyOffset: number;
  /** Offset just after the frame (4 + length). */
  frameEnd: number;
}

export interface ResponseHeader {
  type: ResponseTypeId;
  /** Undefined for SERVER_FAILURE frames, which carry none. */
  requestId: number | undefined;
  bodyOffset: number;
  frameEnd: number;
}

/**
 * Total size (prefix included) of the frame at the start of `buf`, or undefined when fewer than
 * 4 bytes are there. Throws on a negative length.
 */
export function frameSize(buf: Buffer): number | undefined {
  if (buf.length < LENGTH_PREFIX_BYTES) return undefined;
  const len = buf.readInt32BE(0);
  if (len < 0) throw new FlussCodecError(`negative frame length ${len}`);
  return LENGTH_PREFIX_BYTES + len;
}

function completeFrameEnd(frame: Buffer, minHeader: number, what: string): number {
  const size = frameSize(frame);
  if (size === undefined) throw new FlussCodecError(`${what}: shorter than the length prefix`);
  if (frame.length < size) throw new FlussCodecError(`${what}: incomplete (${frame.length} of ${size} bytes)`);
  if (size < LENGTH_PREFIX_BYTES + minHeader) throw new FlussCodecError(`${what}: length ${size - 4} shorter than its header`);
  return size;
}

export function readRequestHeader(frame: Buffer): RequestHeader {
  const frameEnd = completeFrameEnd(frame, REQUEST_HEADER_BYTES, 'request frame');
  return {
    apiKey: frame.readInt16BE(4),
    apiVersion: frame.readInt16BE(6),
    requestId: frame.readInt32BE(8),
    bodyOffset: LENGTH_PREFIX_BYTES + REQUEST_HEADER_BYTES,
    frameEnd,
  };
}

export function readResponseHeader(frame: Buffer): ResponseHeader {
  const frameEnd = completeFrameEnd(frame, SERVER_FAILURE_HEADER_BYTES, 'response frame');
  const type = frame.readInt8(4);
  if (type === ResponseType.SERVER_FAILURE) {
    return { type, requestId: undefined, bodyOffset: 5, frameEnd };
  }
  if (type !== ResponseType.SUCCESS && type !== ResponseType.ERROR) {
    throw new FlussCodecError(`unknown response type ${type}`);
  }
  if (frameEnd < LENGTH_PREFIX_BYTES + RESPONSE_HEADER_BYTES) throw new FlussCodecError('response frame: shorter than its header');
  return { type, requestId: frame.readInt32BE(5), bodyOffset: 9, frameEnd };
}

/** The body of a frame whose header was read (a view, not a copy). */
export function frameBody(frame: Buffer, header: { bodyOffset: number; frameEnd: number }): Buffer {
  return frame.subarray(header.bodyOffset, header.frameEnd);
}

export function encodeRequestFrame(apiKey: number, apiVersion: number, requestId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + REQUEST_HEADER_BYTES + body.length);
  out.writeInt32BE(REQUEST_HEADER_BYTES + body.length, 0);
  out.writeInt16BE(apiKey, 4);
  out.writeInt16BE(apiVersion, 6);
  out.writeInt32BE(requestId, 8);
  body.copy(out, 12);
  return out;
}

/** A SUCCESS (0) or ERROR (1) response frame. */
export function encodeResponseFrame(type: 0 | 1, requestId: number, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + RESPONSE_HEADER_BYTES + body.length);
  out.writeInt32BE(RESPONSE_HEADER_BYTES + body.length, 0);
  out.writeInt8(type, 4);
  out.writeInt32BE(requestId, 5);
  body.copy(out, 9);
  return out;
}

/** A SERVER_FAILURE (2) frame: no request id; the body is an ErrorResponse. */
export function encodeServerFailureFrame(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(LENGTH_PREFIX_BYTES + SERVER_FAILURE_HEADER_BYTES + body.length);
  out.writeInt32BE(SERVER_FAILURE_HEADER_BYTES + body.length, 0);
  out.writeInt8(ResponseType.SERVER_FAILURE, 4);
  body.copy(out, 5);
  return out;
}

/** Returns a copy of a response frame with its body replaced (header kept, length recomputed). */
export function replaceResponseBody(frame: Buffer, header: ResponseHeader, body: Buffer): Buffer {
  const head = frame.subarray(0, header.bodyOffset);
  const out = Buffer.concat([head, body]);
  out.writeInt32BE(out.length - LENGTH_PREFIX_BYTES, 0);
  return out;
}
