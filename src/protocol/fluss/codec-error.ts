/**
 * The one error type thrown by the Fluss codec (frames, protobuf bodies, record batches).
 *
 * The codec is used in both directions, so it does not pick a gateway error code itself: the
 * caller maps a FlussCodecError to SW_ERR_MALFORMED_REQUEST (client frames),
 * SW_ERR_UPSTREAM_PROTOCOL (backend frames) or SW_ERR_REWRITE_FAILED (address rewrites).
 * Messages name the message and field, never field contents (tokens may be secrets).
 */
export class FlussCodecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlussCodecError';
  }
}

export function isFlussCodecError(e: unknown): e is FlussCodecError {
  return e instanceof FlussCodecError;
}
