/**
 * A forward-only cursor over one frame held as the list of chunks it arrived in (a frame that
 * spans socket reads), so a few fields can be read without joining the chunks into one Buffer.
 * Positions are absolute offsets in the frame. Every read checks the bytes are there and throws
 * PiecesTruncated otherwise; callers treat any throw as "read this frame the ordinary way".
 */

export class PiecesTruncated extends Error {}

export class PiecesCursor {
  /** Absolute offset of the next byte. */
  pos = 0;
  private piece = 0;
  /** Offset of the next byte inside pieces[piece]. */
  private inPiece = 0;

  constructor(
    private readonly pieces: readonly Buffer[],
    readonly total: number,
  ) {}

  get remaining(): number {
    return this.total - this.pos;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.total) throw new PiecesTruncated(`need ${n} byte(s) at ${this.pos}, frame has ${this.total}`);
  }

  byte(): number {
    this.need(1);
    while (this.inPiece >= this.pieces[this.piece].length) {
      this.piece++;
      this.inPiece = 0;
    }
    this.pos++;
    return this.pieces[this.piece][this.inPiece++];
  }

  int16(): number {
    const v = (this.byte() << 8) | this.byte();
    return v & 0x8000 ? v - 0x10000 : v;
  }

  int32(): number {
    this.need(4);
    return (this.byte() << 24) | (this.byte() << 16) | (this.byte() << 8) | this.byte() | 0;
  }

  /** Unsigned varint of at most 5 bytes holding a 32-bit value (as Kafka's readUnsignedVarint). */
  uvarint(): number {
    let value = 0;
    for (let i = 0; i < 5; i++) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) throw new PiecesTruncated('varint exceeds 32 bits');
        return value;
      }
    }
    throw new PiecesTruncated('varint longer than 5 bytes');
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
    let left = n + this.inPiece;
    while (this.piece < this.pieces.length && left > this.pieces[this.piece].length) {
      left -= this.pieces[this.piece].length;
      this.piece++;
    }
    this.inPiece = left;
  }

  /** Move forward to absolute offset `at` (never backwards). */
  seek(at: number): void {
    if (at < this.pos) throw new PiecesTruncated(`seek back from ${this.pos} to ${at}`);
    this.skip(at - this.pos);
  }
}

/** Copy frame bytes [from, to) of `pieces` into `out` at `at`; returns the offset after them. */
export function copyPieces(pieces: readonly Buffer[], from: number, to: number, out: Buffer, at: number): number {
  let base = 0;
  for (const p of pieces) {
    const end = base + p.length;
    if (end > from && base < to) {
      const s = Math.max(from, base) - base;
      const e = Math.min(to, end) - base;
      at += p.copy(out, at, s, e);
    }
    base = end;
    if (base >= to) break;
  }
  return at;
}
