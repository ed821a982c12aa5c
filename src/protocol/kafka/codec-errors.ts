/**
 * Errors thrown by the Kafka codec. They carry no gateway error code on purpose: the same
 * decoder reads client requests (a failure is SW_ERR_MALFORMED_REQUEST) and backend responses
 * (SW_ERR_UPSTREAM_PROTOCOL / SW_ERR_REWRITE_FAILED), so the caller picks the code.
 * Messages name offsets and field kinds only, never field contents (they may be secrets).
 */

/**
 * A frame that does not decode: truncated input, negative lengths, impossible counts, a null or
 * a value of another type where the layout allows none, an api without a layout. The one error
 * the Kafka codec (reader, header, schema codec) throws for "this frame does not decode".
 */
export class KafkaDecodeError extends Error {
  /** Absolute offset in the buffer where decoding failed (undefined once the bytes are decoded). */
  readonly offset: number | undefined;
  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at offset ${offset})`);
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
