/**
 * Splits a byte stream into frames of `int32 big-endian size` + `size` bytes (Kafka and Fluss
 * share this framing). Yields each frame WITH its 4-byte prefix. A frame that lies inside one
 * chunk is yielded as a subarray of that chunk (no copy); only frames spanning chunks are joined,
 * once. The size is checked against the limit as soon as the 4 prefix bytes are known, before
 * any of the body is buffered.
 */
import { GatewayError } from '../errors.js';

export class Framer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total length (prefix included) of the frame being assembled, or -1 while unknown. */
  private frameLength = -1;
  private failed = false;

  constructor(private readonly maxFrameBytes: number) {}

  /** Bytes held for an incomplete frame. */
  get pendingBytes(): number {
    return this.buffered;
  }

  /**
   * Feed one chunk; calls `onFrame` for every complete frame in order. Throws a GatewayError
   * (SW_ERR_FRAME_TOO_LARGE / SW_ERR_FRAME_NEGATIVE) on a bad size; the framer is then dead.
   */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    if (this.failed) return;
    let data = chunk;
    if (this.buffered > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.frameLength < 0) {
        if (this.buffered < 4) return;
        this.frameLength = this.checkedLength(this.peekPrefix());
      }
      if (this.buffered < this.frameLength) return;
      data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
      this.chunks = [];
      this.buffered = 0;
      this.frameLength = -1;
    }
    let offset = 0;
    while (data.length - offset >= 4) {
      const total = this.checkedLength(data.readInt32BE(offset));
      if (data.length - offset < total) break;
      onFrame(data.subarray(offset, offset + total));
      offset += total;
    }
    if (offset < data.length) {
      const rest = data.subarray(offset);
      this.chunks = [rest];
      this.buffered = rest.length;
      this.frameLength = rest.length >= 4 ? this.checkedLength(rest.readInt32BE(0)) : -1;
    }
  }

  private peekPrefix(): number {
    const head = Buffer.concat(this.chunks, Math.min(this.buffered, 8)).subarray(0, 4);
    return head.readInt32BE(0);
  }

  private checkedLength(size: number): number {
    if (size < 0) {
      this.failed = true;
      throw new GatewayError('SW_ERR_FRAME_NEGATIVE', `size ${size}`);
    }
    if (size > this.maxFrameBytes) {
      this.failed = true;
      throw new GatewayError('SW_ERR_FRAME_TOO_LARGE', `size ${size} > limit ${this.maxFrameBytes}`);
    }
    return size + 4;
  }
}
