/**
 * ErrorResponse bodies and error frames: `ErrorResponse { error_code 1 (required),
 * error_message 2 (optional) }`, sent as an ERROR_RESPONSE (type 1) frame with the request id,
 * or as a SERVER_FAILURE (type 2) frame without one.
 */
import { decodeMessage, encodeMessage } from './proto-message.js';
import { ErrorResponse } from './messages/common.js';
import { encodeResponseFrame, encodeServerFailureFrame, ResponseType } from './frame.js';
import { wireErrorMessage } from './error-codes.js';

export interface FlussErrorBody {
  code: number;
  message?: string;
}

export function encodeErrorResponse(err: FlussErrorBody): Buffer {
  return encodeMessage(ErrorResponse, { error_code: err.code, error_message: err.message });
}

export function decodeErrorResponse(body: Buffer): FlussErrorBody {
  const m = decodeMessage(ErrorResponse, body);
  return m.error_message === undefined ? { code: m.error_code } : { code: m.error_code, message: m.error_message };
}

/**
 * An ERROR_RESPONSE frame as a Fluss server sends it: the message is left out when it equals
 * the code's default text.
 */
export function errorResponseFrame(requestId: number, code: number, message?: string): Buffer {
  return encodeResponseFrame(ResponseType.ERROR, requestId, encodeErrorResponse({ code, message: wireErrorMessage(code, message) }));
}

/** A SERVER_FAILURE frame (no request id); the server closes the connection after it. */
export function serverFailureFrame(code: number, message?: string): Buffer {
  return encodeServerFailureFrame(encodeErrorResponse({ code, message: wireErrorMessage(code, message) }));
}
