/**
 * One Fluss request on its way through the pipeline: header, frame, body bytes, and the body
 * decoded once with its api's own descriptor (api-messages.ts) by the guard. Later stages ask
 * decoded(descriptor): with the api's descriptor, or a partial view that reads the body exactly
 * as it does (message-views.ts), they get that same object (no second walk); any other
 * descriptor (a key without one, a view that differs) is decoded from the bytes.
 */
import { requestDescriptor } from '../../protocol/fluss/api-messages.js';
import { decodeMessage, type DecodedFields, type FieldSpecs, type MessageDescriptor } from '../../protocol/fluss/proto-message.js';
import { isViewOf } from '../../protocol/fluss/message-views.js';
import type { RequestHeader } from '../../protocol/fluss/frame.js';

export class FlussRequest {
  readonly body: Buffer;
  private readonly descriptor: MessageDescriptor | undefined;
  private message: Record<string, unknown> | null = null;

  constructor(
    readonly frame: Buffer,
    readonly header: RequestHeader,
  ) {
    this.body = frame.subarray(header.bodyOffset, header.frameEnd);
    this.descriptor = requestDescriptor(header.apiKey);
  }

  /** Decodes (and so validates) the body with the api's descriptor, once. Throws FlussCodecError. */
  decode(): void {
    if (this.descriptor && this.message === null) this.message = decodeMessage(this.descriptor, this.body);
  }

  /** The body as `desc` reads it: the guard's decoded body when `desc` reads it as the api's descriptor did. */
  decoded<F extends FieldSpecs>(desc: MessageDescriptor<F>): DecodedFields<F> {
    // sound cast: every field `desc` declares was decoded, under its name, with its type and presence
    if (this.message !== null && this.descriptor && isViewOf(desc, this.descriptor)) return this.message as DecodedFields<F>;
    return decodeMessage(desc, this.body);
  }

  /** Whether decoded(desc) hands back the guard's decoded body (no second walk). */
  sharesDecoded(desc: MessageDescriptor): boolean {
    return this.message !== null && this.descriptor !== undefined && isViewOf(desc, this.descriptor);
  }
}
