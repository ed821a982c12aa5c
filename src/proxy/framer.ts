/**
 * Splits a byte stream into frames of `int32 big-endian size` + `size` bytes (Kafka and Fluss
 * share this framing). Yields each frame WITH its 4-byte prefix. A frame that lies inside one
 * chunk is yielded as a subarray of that chunk (no copy). A frame spanning chunks is joined once,
 * unless the caller says (from its first bytes) that it reads it in pieces (a response passed on
 * untouched, a Kafka Produce or Fluss PRODUCE_LOG request read by a walk over its pieces): then it
 * is yielded, once complete, as the list of chunk slices, never copied. The size is checked against the limit as soon as the 4
 * prefix bytes are known, before any of the body is buffered. The limit can change between frames:
 * a connection starts with its small pre-authentication limit and raises it after login.
 */
import { GatewayError } from '../errors.js';

/** The code a frame over the current limit is refused with. */
export type FrameLimitCode = 'SW_ERR_FRAME_TOO_LARGE' | 'SW_ERR_PREAUTH_FRAME_TOO_LARGE';

/** Bytes of a spanning frame's start handed to forwardOnly (enough for a response header and its first fields). */
export const HEAD_BYTES = 64;

export interface FrameSink {
  frame(frame: Buffer): void;
  /** Optional: receives spanning frames the caller will forward without reading them. */
  pieces?(pieces: Buffer[], total: number): void;
  /** Decides from the frame's first bytes (at least HEAD_BYTES when the frame has them) whether `pieces` may be used. */
  forwardOnly?(head: Buffer): boolean;
}

export class Framer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total length (prefix included) of the frame being assembled, or -1 while unknown. */
  private frameLength = -1;
  private failed = false;

  constructor(
    private maxFrameBytes: number,
    private limitCode: FrameLimitCode = 'SW_ERR_FRAME_TOO_LARGE',
  ) {}

  /** Change the limit for frames whose length prefix is read from now on. */
  setLimit(maxFrameBytes: number, code: FrameLimitCode = 'SW_ERR_FRAME_TOO_LARGE'): void {
    this.maxFrameBytes = maxFrameBytes;
    this.limitCode = code;
  }

  get limit(): number {
    return this.maxFrameBytes;
  }

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /**
   * Feed one chunk; hands every complete frame to `sink` in order. Throws a GatewayError
   * (SW_ERR_FRAME_TOO_LARGE or SW_ERR_PREAUTH_FRAME_TOO_LARGE / SW_ERR_FRAME_NEGATIVE) on a bad size; the framer is then dead.
   */
  push(chunk: Buffer, sink: FrameSink | ((frame: Buffer) => void)): void {
    if (this.failed) return;
    const out: FrameSink = typeof sink === 'function' ? { frame: sink } : sink;
    let data = chunk;
    if (this.buffered > 0) {
      if (this.frameLength < 0) {
        const missing = 4 - this.buffered;
        if (data.length < missing) {
          this.chunks.push(data);
          this.buffered += data.length;
          return;
        }
        const prefix = Buffer.concat([...this.chunks, data.subarray(0, missing)], 4);
        this.frameLength = this.checkedLength(prefix.readInt32BE(0));
        this.chunks = [prefix];
        this.buffered = 4;
        data = data.subarray(missing);
      }
      const need = this.frameLength - this.buffered;
      if (data.length < need) {
        this.chunks.push(data);
        this.buffered += data.length;
        return;
      }
      this.chunks.push(data.subarray(0, need));
      const pieces = this.chunks;
      const total = this.frameLength;
      this.chunks = [];
      this.buffered = 0;
      this.frameLength = -1;
      this.emit(pieces, total, out);
      data = data.subarray(need);
    }
    let offset = 0;
    while (data.length - offset >= 4) {
      const total = this.checkedLength(data.readInt32BE(offset));
      if (data.length - offset < total) break;
      out.frame(data.subarray(offset, offset + total));
      offset += total;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      this.chunks = [rest];
      this.buffered = rest.length;
      this.frameLength = rest.length >= 4 ? this.checkedLength(rest.readInt32BE(0)) : -1;
    }
  }

  private emit(pieces: Buffer[], total: number, out: FrameSink): void {
    if (pieces.length === 1) {
      out.frame(pieces[0]);
      return;
    }
    if (out.pieces && out.forwardOnly) {
      const head = pieces[0].length >= HEAD_BYTES ? pieces[0] : Buffer.concat(pieces, Math.min(HEAD_BYTES, total));
      if (out.forwardOnly(head)) {
        out.pieces(pieces, total);
        return;
      }
    }
    out.frame(Buffer.concat(pieces, total));
  }

  private checkedLength(size: number): number {
    if (size < 0) {
      this.failed = true;
      throw new GatewayError('SW_ERR_FRAME_NEGATIVE', `size ${size}`);
    }
    if (size > this.maxFrameBytes) {
      this.failed = true;
      throw new GatewayError(this.limitCode, `size ${size} > limit ${this.maxFrameBytes}`);
    }
    return size + 4;
  }
}
