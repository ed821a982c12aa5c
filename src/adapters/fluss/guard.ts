/**
 * The Fluss pipeline's guard. Every request gets an answer, even where a Fluss server would drop
 * it: an unknown api key or version gets ERROR_RESPONSE UNSUPPORTED_VERSION; the authentication
 * gate decides whether the request may be read at all before login (and within its pre-auth cap);
 * then the body is decoded with its api's descriptor (once: later stages reuse it), and one that
 * cannot be decoded gets CORRUPT_MESSAGE.
 */
import { apiKeyInfo } from '../../protocol/fluss/api-keys.js';
import { errorResponseFrame } from '../../protocol/fluss/error-response.js';
import { FlussError } from '../../protocol/fluss/error-codes.js';
import { GatewayError } from '../../errors.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import type { PipelineStage } from '../pipeline.js';
import type { FlussRequest } from './request.js';

/** What the guard asks the authentication gate before any body is read. */
export interface FlussLoginGate {
  /** Null when the request may be read now; else the verdict (close, or error 46). */
  admit(info: RequestInfo, frameBytes: number): Verdict | null;
}

/** An ERROR_RESPONSE with `code` and `message`, and one log line with the gateway's error code. */
export function refuse(ctx: ConnectionContext, info: RequestInfo, code: number, message: string, err: GatewayError): Verdict {
  ctx.log.warn({ err: err.code, detail: err.message, api: info.api, requestId: info.id }, 'request refused');
  return { kind: 'respond', info, frame: errorResponseFrame(info.id, code, message) };
}

export class FlussGuard implements PipelineStage<FlussRequest> {
  readonly slot = 'guard';

  constructor(private readonly gate: FlussLoginGate) {}

  onRequest(req: FlussRequest, info: RequestInfo, ctx: ConnectionContext): Verdict | null {
    const spec = apiKeyInfo(info.apiKey);
    if (!spec) {
      info.api = 'UNKNOWN'; // the key is in the log line; as a label it would let a client make metric series
      return refuse(ctx, info, FlussError.UNSUPPORTED_VERSION, `Unknown API key ${info.apiKey}.`, new GatewayError('SW_ERR_UNKNOWN_API_KEY', `api key ${info.apiKey}`));
    }
    if (info.apiVersion < spec.minVersion || info.apiVersion > spec.maxVersion) {
      return refuse(
        ctx,
        info,
        FlussError.UNSUPPORTED_VERSION,
        `The version ${info.apiVersion} of API ${spec.name} is not supported (supported ${spec.minVersion}-${spec.maxVersion}).`,
        new GatewayError('SW_ERR_UNSUPPORTED_VERSION', `${spec.name} v${info.apiVersion}`),
      );
    }
    const gate = this.gate.admit(info, req.frame.length);
    if (gate) return gate;
    try {
      req.decode();
    } catch (e) {
      const why = (e as Error).message;
      return refuse(ctx, info, FlussError.CORRUPT_MESSAGE, `The request body of ${spec.name} could not be decoded: ${why}`, new GatewayError('SW_ERR_MALFORMED_REQUEST', `${spec.name}: ${why}`));
    }
    return null;
  }
}
