/** Errors the Fluss test client throws. */
import { errorName } from '../../../src/protocol/fluss/error-codes.js';

/** The server answered with an ERROR_RESPONSE (or a per-bucket error the caller escalated). */
export class FlussResponseError extends Error {
  readonly errorName: string;
  constructor(
    readonly code: number,
    readonly serverMessage?: string,
  ) {
    super(`${errorName(code)} (${code})${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'FlussResponseError';
    this.errorName = errorName(code);
  }
}

/** No answer within the request timeout (a Fluss server answers unknown keys with nothing). */
export class FlussRequestTimeoutError extends Error {
  constructor(
    readonly apiKey: number,
    readonly requestId: number,
    timeoutMs: number,
  ) {
    super(`no response to api key ${apiKey} request ${requestId} within ${timeoutMs} ms`);
    this.name = 'FlussRequestTimeoutError';
  }
}

/** The connection closed (or got a SERVER_FAILURE frame) with the request in flight. */
export class FlussConnectionClosedError extends Error {
  constructor(
    reason: string,
    readonly serverFailure?: { code: number; message?: string },
  ) {
    super(`connection closed: ${reason}`);
    this.name = 'FlussConnectionClosedError';
  }
}

/** ApiVersions named a server type other than the one the client expected for this node. */
export class InvalidServerTypeError extends Error {
  constructor(expected: string, actual: string, node: string) {
    super(`Server type mismatch, expected: ${expected}, actual: ${actual}, node: ${node}`);
    this.name = 'InvalidServerTypeError';
  }
}
