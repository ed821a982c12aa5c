/**
 * Byte-level mutation of valid seeds, as fast-check values (so a failure shrinks to the fewest,
 * smallest edits): bit flips, byte overwrites, truncation, insertion, deletion, duplication,
 * and overwrites of big- and little-endian int16/int32 fields and varints with edge values
 * (the values that break length and count fields: -1, 0, huge, sign bits, over-long varints).
 */
import fc from 'fast-check';

export type Mutation =
  | { k: 'flip'; at: number; bit: number }
  | { k: 'set'; at: number; byte: number }
  | { k: 'truncate'; at: number }
  | { k: 'insert'; at: number; bytes: Uint8Array }
  | { k: 'delete'; at: number; len: number }
  | { k: 'dup'; at: number; len: number }
  | { k: 'int'; at: number; width: 1 | 2 | 4; le: boolean; value: number }
  | { k: 'varint'; at: number; bytes: Uint8Array; replace: number };

/** Integers that break length, count and offset fields. */
export const EDGE_INTS: readonly number[] = [0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, -0x8000, 0xffff, 0x10000, 0x7fffffff, -0x80000000, 0x3fffffff, 50_000_000, 1 << 20, 64, 255, 4096];

/** Varint encodings at the edges: 0, 127/128, 2^28, 2^32-1, 2^32, 2^63, 2^64-1, over-long, unterminated. */
export const EDGE_VARINTS: readonly number[][] = [
  [0x00],
  [0x01],
  [0x7f],
  [0x80, 0x01],
  [0xff, 0x7f],
  [0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0x0f],
  [0x80, 0x80, 0x80, 0x80, 0x10],
  [0xff, 0xff, 0xff, 0xff, 0x7f],
  [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
  [0x80, 0x80, 0x80],
  [0xff],
  [0x80, 0x00],
  [0xfe, 0xff, 0xff, 0xff, 0x0f],
];

const at = fc.nat({ max: 1 << 16 });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('set' as const), at, byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('truncate' as const), at }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('insert' as const), at, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), at, len: fc.integer({ min: 1, max: 16 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('dup' as const), at, len: fc.integer({ min: 1, max: 32 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('int' as const),
      at,
      width: fc.constantFrom(1 as const, 2 as const, 4 as const),
      le: fc.boolean(),
      value: fc.oneof(fc.constantFrom(...EDGE_INTS), fc.integer()),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('varint' as const),
      at,
      bytes: fc.constantFrom(...EDGE_VARINTS).map((b) => Uint8Array.from(b)),
      replace: fc.integer({ min: 0, max: 5 }),
    }),
  },
);

/** One mutated variant: 1..4 edits applied in order. */
export const variantArb: fc.Arbitrary<Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 4 });

/** Several variants of one seed (each fast-check run executes them all). */
export function variantsArb(max = 12): fc.Arbitrary<Mutation[][]> {
  return fc.array(variantArb, { minLength: 1, maxLength: max });
}

function writeInt(out: Buffer, pos: number, width: 1 | 2 | 4, le: boolean, value: number): void {
  const n = Math.min(width, out.length - pos);
  if (n <= 0) return;
  const tmp = Buffer.alloc(4);
  if (le) tmp.writeUInt32LE(value >>> 0, 0);
  else tmp.writeUInt32BE(value >>> 0, 0);
  const bytes = le ? tmp.subarray(0, width) : tmp.subarray(4 - width);
  bytes.copy(out, pos, 0, n);
}

/** Applies `muts` to a copy of `seed` (the seed itself is never changed). */
export function applyMutations(seed: Uint8Array, muts: readonly Mutation[]): Buffer {
  let b = Buffer.from(seed);
  for (const m of muts) {
    const len = b.length;
    const pos = len === 0 ? 0 : m.at % (len + (m.k === 'insert' || m.k === 'truncate' ? 1 : 0));
    switch (m.k) {
      case 'flip':
        if (len > 0) b[pos % len] ^= 1 << m.bit;
        break;
      case 'set':
        if (len > 0) b[pos % len] = m.byte;
        break;
      case 'truncate':
        b = b.subarray(0, pos);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, pos), m.bytes, b.subarray(pos)]);
        break;
      case 'delete':
        b = Buffer.concat([b.subarray(0, pos), b.subarray(pos + m.len)]);
        break;
      case 'dup':
        b = Buffer.concat([b.subarray(0, pos + m.len), b.subarray(pos, pos + m.len), b.subarray(pos + m.len)]);
        break;
      case 'int':
        if (len > 0) {
          b = Buffer.from(b);
          writeInt(b, pos % len, m.width, m.le, m.value);
        }
        break;
      case 'varint':
        b = Buffer.concat([b.subarray(0, pos), m.bytes, b.subarray(Math.min(len, pos + m.replace))]);
        break;
    }
  }
  return b;
}

/** Rewrites the 4-byte big-endian size prefix to match the buffer (so mutations reach the body). */
export function fixSizePrefix(frame: Buffer): Buffer {
  if (frame.length < 4) return frame;
  const out = Buffer.from(frame);
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

/** Raw random bytes, for targets that must also survive input with no structure at all. */
export const rawBytesArb: fc.Arbitrary<Uint8Array> = fc.uint8Array({ maxLength: 256 });

/** Text inputs: byte mutations of the UTF-8 encoding, read back as UTF-8 (invalid bytes become U+FFFD). */
export function mutateText(seed: string, muts: readonly Mutation[]): string {
  return applyMutations(Buffer.from(seed, 'utf8'), muts).toString('utf8');
}
