/**
 * Fluss KV record batches (the `records` bytes of PUT_KV). Little-endian, CRC-32C from schemaId.
 *   0 length i32 (bytes after this field) | 4 magic i8 | 5 crc u32 | 9 schemaId i16
 *   11 attributes i8 | 12 writerId i64 | 20 batchSequence i32 | 24 recordCount i32 | 28 records
 * Record: i32 size (bytes after it) | unsigned varint key length | key | row (absent = delete).
 * Bounds: a record count is checked against the bytes left before reading (a record takes at
 * least 5 bytes), bytes after the last declared record are refused, and one blob builds at most
 * MAX_RECORD_OBJECTS_PER_FRAME batches plus records (bounds.ts).
 */
import { FlussCodecError } from '../codec-error.js';
import { checkRecordCount, recordBudget, spendRecords } from './bounds.js';
import { encodeVarint, readVarint } from '../proto-wire.js';
import { crc32c } from './crc32c.js';

const HEADER_SIZE = 28;

export interface KvRecord {
  key: Buffer;
  /** The row bytes; null deletes the key. */
  value: Buffer | null;
}

export interface KvBatch {
  sizeInBytes: number;
  schemaId: number;
  writerId: bigint;
  batchSequence: number;
  crcValid: boolean;
  records: KvRecord[];
}

export function buildKvBatch(records: KvRecord[], opts: { schemaId?: number; writerId?: bigint; batchSequence?: number } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const r of records) {
    const klen = encodeVarint(r.key.length);
    const size = klen.length + r.key.length + (r.value?.length ?? 0);
    const head = Buffer.alloc(4);
    head.writeInt32LE(size);
    parts.push(head, klen, r.key);
    if (r.value) parts.push(r.value);
  }
  const body = Buffer.concat(parts);
  const b = Buffer.alloc(HEADER_SIZE + body.length);
  b.writeInt32LE(b.length - 4, 0);
  b.writeInt8(0, 4);
  b.writeInt16LE(opts.schemaId ?? 1, 9);
  b.writeBigInt64LE(opts.writerId ?? -1n, 12);
  b.writeInt32LE(opts.batchSequence ?? -1, 20);
  b.writeInt32LE(records.length, 24);
  body.copy(b, HEADER_SIZE);
  b.writeUInt32LE(crc32c(b, 9, b.length), 5);
  return b;
}

/** Parses every KV batch in a records blob. */
export function readKvBatches(buf: Buffer): KvBatch[] {
  const out: KvBatch[] = [];
  const budget = recordBudget();
  let pos = 0;
  while (pos < buf.length) {
    if (buf.length - pos < HEADER_SIZE) throw new FlussCodecError('kv batch: truncated header');
    const sizeInBytes = 4 + buf.readInt32LE(pos);
    if (sizeInBytes < HEADER_SIZE || pos + sizeInBytes > buf.length) throw new FlussCodecError('kv batch: bad size');
    const end = pos + sizeInBytes;
    const count = buf.readInt32LE(pos + 24);
    let p = pos + HEADER_SIZE;
    checkRecordCount(count, end - p, 5, 'kv batch');
    spendRecords(budget, 1 + count, 'kv batch');
    const records: KvRecord[] = [];
    for (let i = 0; i < count; i++) {
      if (p + 4 > end) throw new FlussCodecError('kv batch: truncated record');
      const size = buf.readInt32LE(p);
      const recEnd = p + 4 + size;
      if (size < 1 || recEnd > end) throw new FlussCodecError('kv batch: record overruns the batch');
      const kl = readVarint(buf, p + 4, recEnd);
      const keyEnd = kl.next + Number(kl.value);
      if (keyEnd > recEnd) throw new FlussCodecError('kv batch: key overruns the record');
      records.push({ key: buf.subarray(kl.next, keyEnd), value: keyEnd === recEnd ? null : buf.subarray(keyEnd, recEnd) });
      p = recEnd;
    }
    if (p !== end) throw new FlussCodecError('kv batch: bytes after the declared records');
    out.push({
      sizeInBytes,
      schemaId: buf.readInt16LE(pos + 9),
      writerId: buf.readBigInt64LE(pos + 12),
      batchSequence: buf.readInt32LE(pos + 20),
      crcValid: crc32c(buf, pos + 9, end) === buf.readUInt32LE(pos + 5),
      records,
    });
    pos = end;
  }
  return out;
}
