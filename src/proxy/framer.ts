/**
 * Splits a byte stream into frames of `int32 big-endian size` + `size` bytes (Kafka and Fluss
 * share this framing). Yields each frame WITH its 4-byte prefix. A frame that lies inside one
 * chunk is yielded as a subarray of that chunk (no copy). A frame spanning chunks is joined once,
 * unless the caller says (from its first bytes) that it reads it in pieces (a response passed on
 * untouched, a Kafka Produce or Fluss PRODUCE_LOG request read by a walk over its pieces): then it
 * is yielded, once complete, as the list of chunk slices, never copied. A caller that can pass a
 * frame on before it is complete (a large response forwarded as received) says so from the
 * frame's first bytes (`stream`): the frame's bytes are then handed over piece by piece as they
 * arrive (`streamPiece`) and nothing of it is held here. The size is checked against the limit as soon as the 4
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
  /**
   * Optional, with streamPiece: asked once per frame spanning reads, as soon as its first
   * HEAD_BYTES (or all but its last byte, for a shorter frame) are here: true = pass this frame on as it arrives.
   */
  stream?(head: Buffer, total: number): boolean;
  /** The bytes of a streamed frame, in order, as they arrive (prefix included); `end` marks its last piece. */
  streamPiece?(piece: Buffer, end: boolean): void;
  /**
   * Optional: asked after a chunk was pushed: true when nothing the sink was handed from it is
   * still referenced (so the chunk's memory may be reused for the next read). Absent = false.
   */
  released?(): boolean;
}

export class Framer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total length (prefix included) of the frame being assembled, or -1 while unknown. */
  private frameLength = -1;
  private failed = false;
  /** The current frame was offered to sink.stream (once per frame). */
  private offered = false;
  /** The current frame is being passed on piece by piece (nothing of it is held). */
  private streaming = false;

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

  /** Whether the framer holds bytes of chunks it was given (an incomplete frame not being streamed). */
  get holdsBytes(): boolean {
    return this.chunks.length > 0;
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
      if (this.streaming) {
        const end = data.length >= need;
        const piece = end ? data.subarray(0, need) : data;
        if (end) this.reset();
        else this.buffered += data.length;
        out.streamPiece!(piece, end);
        if (!end || this.failed) return;
        data = data.subarray(need);
      } else if (data.length < need) {
        this.chunks.push(data);
        this.buffered += data.length;
        this.offer(out);
        return;
      } else {
        this.completeSpanning(data.subarray(0, need), out);
        data = data.subarray(need);
      }
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
      this.offer(out);
    }
  }

  private reset(): void {
    this.chunks = [];
    this.buffered = 0;
    this.frameLength = -1;
    this.offered = false;
    this.streaming = false;
  }

  /** The last bytes of a frame held in chunks: hand the whole frame over. */
  private completeSpanning(last: Buffer, out: FrameSink): void {
    this.chunks.push(last);
    const pieces = this.chunks;
    const total = this.frameLength;
    this.reset();
    this.emit(pieces, total, out);
  }

  /**
   * Offer the incomplete frame being held to sink.stream once its head is here; on yes, hand
   * over what is held and pass the rest on as it arrives.
   */
  private offer(out: FrameSink): void {
    if (this.offered || this.frameLength < 0 || !out.stream || !out.streamPiece) return;
    const headBytes = Math.min(HEAD_BYTES, this.frameLength - 1);
    if (this.buffered < headBytes) return;
    this.offered = true;
    const head = this.chunks[0].length >= headBytes ? this.chunks[0] : Buffer.concat(this.chunks, headBytes);
    if (!out.stream(head, this.frameLength)) return;
    this.streaming = true;
    const held = this.chunks;
    this.chunks = [];
    for (let i = 0; i < held.length && !this.failed; i++) out.streamPiece(held[i], false);
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
