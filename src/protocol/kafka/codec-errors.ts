/**
 * Errors thrown by the Kafka codec. They carry no gateway error code on purpose: the same
 * decoder reads client requests (a failure is SW_ERR_MALFORMED_REQUEST) and backend responses
 * (SW_ERR_UPSTREAM_PROTOCOL / SW_ERR_REWRITE_FAILED), so the caller picks the code.
 * Messages name offsets and field kinds only, never field contents (they may be secrets).
 */

/** Bytes that cannot be decoded: truncated input, negative lengths, impossible counts. */
export class KafkaDecodeError extends Error {
  /** Absolute offset in the buffer where decoding failed. */
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'KafkaDecodeError';
    this.offset = offset;
  }
}

/**
 * Input that two parsers could read differently (a known tagged field whose declared size is
 * not its content, tags repeated or out of order, bytes left after a body): the gateway must
 * not decide on bytes the backend would read otherwise, so such input is refused.
 */
export class KafkaAmbiguousInputError extends KafkaDecodeError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = 'KafkaAmbiguousInputError';
  }
}

/** A well-formed frame that declares more elements than the gateway decodes per frame. */
export class KafkaDecodeBudgetError extends KafkaDecodeError {
  constructor(message: string, offset: number) {
    super(message, offset);
    this.name = 'KafkaDecodeBudgetError';
  }
}

/** A value that cannot be encoded: a string too long for its length field, a port out of range. */
export class KafkaEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaEncodeError';
  }
}
