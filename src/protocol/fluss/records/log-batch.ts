/**
 * Fluss log record batches (the `records` bytes of PRODUCE_LOG and FETCH_LOG).
 *
 * Unlike the RPC frame, every integer here is LITTLE-endian. Header (offsets from batch start):
 *   0 baseOffset i64 | 8 length i32 (bytes after this field) | 12 magic i8 | 13 commitTimestamp i64
 *   magic 2 only: 21 leaderEpoch i32, then everything below shifts by 4
 *   21 crc u32 | 25 schemaId i16 | 27 attributes i8 | 28 lastOffsetDelta i32 | 32 writerId i64
 *   40 batchSequence i32 | 44 recordCount i32 | 48 records (magic 0)
 *   magic 1 and 2 add statisticsLength i32 (+ statistics) before the records.
 * Header sizes: magic 0 48 bytes, 1 52, 2 56. The CRC-32C covers schemaId .. end of batch, so a
 * leader rewrites baseOffset and commitTimestamp without touching it. Next offset after a batch
 * = baseOffset + lastOffsetDelta + 1.
 *
 * Bounds: a negative record count is refused with the header; an indexed reader checks the count
 * against the bytes left before reading, refuses bytes after the last declared record, and every
 * reader spends from the per-blob object budget (bounds.ts).
 */
import { FlussCodecError } from '../codec-error.js';
import { checkRecordCount, recordBudget, spendRecords } from './bounds.js';
import { crc32c } from './crc32c.js';

export const LOG_OVERHEAD = 12;
const MAGIC_OFFSET = 12;
const COMMIT_TS_OFFSET = 13;
const HEADER_SIZE = [48, 52, 56];

function shift(magic: number): number {
  return magic >= 2 ? 4 : 0;
}

export interface LogBatchHeader {
  /** Offset of the batch in the scanned buffer. */
  position: number;
  sizeInBytes: number;
  baseOffset: bigint;
  magic: number;
  commitTimestamp: bigint;
  crc: number;
  schemaId: number;
  attributes: number;
  lastOffsetDelta: number;
  writerId: bigint;
  batchSequence: number;
  recordCount: number;
}

/** Reads the header of the batch at `pos`. Throws when truncated or of an unknown magic. */
export function readLogBatchHeader(buf: Buffer, pos = 0): LogBatchHeader {
  if (buf.length - pos < LOG_OVERHEAD + 1) throw new FlussCodecError('log batch: truncated header');
  const sizeInBytes = LOG_OVERHEAD + buf.readInt32LE(pos + 8);
  const magic = buf.readInt8(pos + MAGIC_OFFSET);
  if (magic < 0 || magic > 2) throw new FlussCodecError(`log batch: unsupported magic ${magic}`);
  if (sizeInBytes < HEADER_SIZE[magic] || pos + sizeInBytes > buf.length) {
    throw new FlussCodecError('log batch: size outside the buffer or below the header size');
  }
  const s = shift(magic);
  const recordCount = buf.readInt32LE(pos + 44 + s);
  if (recordCount < 0) throw new FlussCodecError(`log batch: negative record count ${recordCount}`);
  return {
    position: pos,
    sizeInBytes,
    baseOffset: buf.readBigInt64LE(pos),
    magic,
    commitTimestamp: buf.readBigInt64LE(pos + COMMIT_TS_OFFSET),
    crc: buf.readUInt32LE(pos + 21 + s),
    schemaId: buf.readInt16LE(pos + 25 + s),
    attributes: buf.readInt8(pos + 27 + s),
    lastOffsetDelta: buf.readInt32LE(pos + 28 + s),
    writerId: buf.readBigInt64LE(pos + 32 + s),
    batchSequence: buf.readInt32LE(pos + 40 + s),
    recordCount,
  };
}

/** All batches in a records blob, in order. Throws on a partial trailing batch. */
export function readLogBatches(buf: Buffer): LogBatchHeader[] {
  const out: LogBatchHeader[] = [];
  const budget = recordBudget();
  let pos = 0;
  while (pos < buf.length) {
    spendRecords(budget, 1, 'log batch');
    const h = readLogBatchHeader(buf, pos);
    out.push(h);
    pos += h.sizeInBytes;
  }
  return out;
}

/** True when the stored CRC matches the CRC-32C of schemaId .. end of batch. */
export function isLogBatchCrcValid(buf: Buffer, h: LogBatchHeader): boolean {
  const from = h.position + 25 + shift(h.magic);
  return crc32c(buf, from, h.position + h.sizeInBytes) === h.crc;
}

/** What a leader does on append: stamp base offset and commit timestamp in place. */
export function stampLogBatch(buf: Buffer, h: LogBatchHeader, baseOffset: bigint, commitTimestamp: bigint): void {
  buf.writeBigInt64LE(baseOffset, h.position);
  buf.writeBigInt64LE(commitTimestamp, h.position + COMMIT_TS_OFFSET);
  h.baseOffset = baseOffset;
  h.commitTimestamp = commitTimestamp;
}

export function nextOffsetAfter(h: LogBatchHeader): bigint {
  return h.baseOffset + BigInt(h.lastOffsetDelta) + 1n;
}

export interface LogBatchSpec {
  /** Record payloads; each becomes an indexed record: i32 length, i8 change type, payload. */
  records: Buffer[];
  schemaId?: number;
  writerId?: bigint;
  batchSequence?: number;
  appendOnly?: boolean;
}

/** Builds a magic-0 batch as a writer would (base offset 0, commit timestamp 0, valid CRC). */
export function buildLogBatch(spec: LogBatchSpec): Buffer {
  const recordsSize = spec.records.reduce((n, r) => n + 5 + r.length, 0);
  const size = HEADER_SIZE[0] + recordsSize;
  const b = Buffer.alloc(size);
  b.writeInt32LE(size - LOG_OVERHEAD, 8);
  b.writeInt8(0, MAGIC_OFFSET);
  b.writeInt16LE(spec.schemaId ?? 1, 25);
  b.writeInt8(spec.appendOnly === false ? 0 : 1, 27);
  b.writeInt32LE(Math.max(spec.records.length - 1, 0), 28);
  b.writeBigInt64LE(spec.writerId ?? -1n, 32);
  b.writeInt32LE(spec.batchSequence ?? -1, 40);
  b.writeInt32LE(spec.records.length, 44);
  let p = HEADER_SIZE[0];
  for (const r of spec.records) {
    b.writeInt32LE(r.length + 1, p);
    b.writeInt8(0, p + 4);
    r.copy(b, p + 5);
    p += 5 + r.length;
  }
  b.writeUInt32LE(crc32c(b, 25, size), 21);
  return b;
}

/** The record payloads of a magic-0 batch built by buildLogBatch. */
export function readIndexedRecords(buf: Buffer, h: LogBatchHeader): Buffer[] {
  if (h.magic !== 0) throw new FlussCodecError('log batch: only magic 0 records are readable here');
  const out: Buffer[] = [];
  let p = h.position + HEADER_SIZE[0];
  const end = h.position + h.sizeInBytes;
  // Each record is at least an i32 length and an i8 change type.
  checkRecordCount(h.recordCount, end - p, 5, 'log batch');
  spendRecords(recordBudget(), h.recordCount, 'log batch');
  for (let i = 0; i < h.recordCount; i++) {
    if (p + 4 > end) throw new FlussCodecError('log batch: truncated record');
    const len = buf.readInt32LE(p);
    if (len < 1 || p + 4 + len > end) throw new FlussCodecError('log batch: record overruns the batch');
    out.push(buf.subarray(p + 5, p + 4 + len));
    p += 4 + len;
  }
  if (p !== end) throw new FlussCodecError('log batch: bytes after the declared records');
  return out;
}
