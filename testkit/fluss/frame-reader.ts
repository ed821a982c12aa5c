/**
 * A length-prefix accumulator for the Fluss test cluster and test client: feed socket chunks,
 * get complete frames (length prefix included). Copies each frame once.
 */

export class FrameTooLargeError extends Error {
  constructor(readonly length: number) {
    super(length < 0 ? `negative frame length ${length}` : `frame length ${length} exceeds the limit`);
  }
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private total = 0;

  constructor(private readonly maxFrameBytes = 100 * 1024 * 1024) {}

  /** Bytes received but not yet part of a complete frame. */
  get buffered(): number {
    return this.total;
  }

  /** Adds a chunk; returns the frames it completed. Throws FrameTooLargeError on a bad length. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.total += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.total < 4) break;
      if (this.chunks[0].length < 4) this.flatten();
      const len = this.chunks[0].readInt32BE(0);
      if (len < 0 || len + 4 > this.maxFrameBytes) throw new FrameTooLargeError(len);
      const size = len + 4;
      if (this.total < size) break;
      const all = this.flatten();
      frames.push(all.subarray(0, size));
      const rest = all.subarray(size);
      this.chunks = rest.length ? [rest] : [];
      this.total = rest.length;
    }
    return frames;
  }

  private flatten(): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
    this.chunks = [all];
    return all;
  }
}
