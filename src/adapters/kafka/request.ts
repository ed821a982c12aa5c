/**
 * One Kafka request on its way through the pipeline: the frame, its header (parsed once, by the
 * guard) and its body (decoded strictly once, by the first stage that needs it; later stages get
 * the same object). Also the one mapping of a body that cannot be decoded to the broker's answer
 * (close the connection) with the gateway's specific codes.
 */
import { GatewayError, type ErrCode } from '../../errors.js';
import { KafkaAmbiguousInputError, KafkaDecodeBudgetError } from '../../protocol/kafka/codec-errors.js';
import { parseRequestHeader, type RequestHeader } from '../../protocol/kafka/header.js';
import type { RequestInfo, Verdict } from '../../proxy/protocol.js';
import { readRequestBody } from '../../protocol/kafka/schema/frames.js';
import type { Msg } from '../../protocol/kafka/schema/message.js';

export class KafkaRequest {
  private parsed: RequestHeader | null = null;
  private decoded: Msg | null = null;

  constructor(readonly frame: Buffer) {}

  /** The request header (parsed on first use; throws on a header that cannot be read). */
  get header(): RequestHeader {
    this.parsed ??= parseRequestHeader(this.frame);
    return this.parsed;
  }

  /** The body, decoded strictly within the element budget, once. Throws what the codec throws. */
  body(): Msg {
    this.decoded ??= readRequestBody(this.frame, this.header);
    return this.decoded;
  }

  /** Whether some stage has decoded the body already. */
  get bodyDecoded(): boolean {
    return this.decoded !== null;
  }
}

/** The verdict for a request whose body could not be decoded (or a rule that threw): close. */
export function undecodable(info: RequestInfo, e: unknown): Verdict {
  if (e instanceof GatewayError) return { kind: 'close', info, error: e };
  let code: ErrCode = 'SW_ERR_MALFORMED_REQUEST';
  if (e instanceof KafkaAmbiguousInputError) code = 'SW_ERR_AMBIGUOUS_REQUEST';
  else if (e instanceof KafkaDecodeBudgetError) code = 'SW_ERR_REQUEST_TOO_COMPLEX';
  return { kind: 'close', info, error: new GatewayError(code, `${info.api} v${info.apiVersion}: ${(e as Error).message}`) };
}

/** The verdict for a request the session could not read (header, SASL body): close, MALFORMED. */
export function malformed(info: RequestInfo, e: unknown): Verdict {
  return { kind: 'close', info, error: new GatewayError('SW_ERR_MALFORMED_REQUEST', `${info.api} v${info.apiVersion}: ${(e as Error).message}`) };
}
