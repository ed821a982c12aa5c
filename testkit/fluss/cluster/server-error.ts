/**
 * An error a Fluss test-cluster handler throws to answer with an ERROR_RESPONSE, the way a Fluss
 * server maps its exceptions: a code plus a message (omitted on the wire when it equals the
 * code's default text).
 */
export class FlussServerError extends Error {
  constructor(
    readonly code: number,
    readonly wireMessage?: string,
  ) {
    super(wireMessage ?? `Fluss error ${code}`);
    this.name = 'FlussServerError';
  }
}
