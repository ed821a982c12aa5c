/**
 * A Produce request frame that arrived in pieces (it spans socket reads), read without joining
 * it: the walk finds every field Kafka's parser reads and builds the SKELETON, a small complete
 * frame with the same header and body bytes except that each partition's record bytes are left
 * out (their length set to 0). The skeleton goes through the ordinary strict path (header
 * parse, SASL gate, the authorizer's strict decode within the element budget, strict UTF-8,
 * tags, no trailing bytes); the record bytes, opaque to authorization, are only length-framed
 * here, and each one's batch headers are scanned for the transactional bit (as
 * hasTransactionalBatch does on a joined frame). The pieces are then forwarded as received.
 *
 * The walk is deliberately narrower than the strict decoder: anything unusual (a tagged field,
 * a null where none is allowed, a negative length, trailing bytes, a count over the element
 * budget, an old version) returns null, and the caller joins the frame and reads it the
 * ordinary way, which gives the exact refusal. So a frame the walk accepts is one the strict
 * decoder reads identically, field by field.
 *
 * Layout (Produce v3+; compact forms from v9): header (api key, version, correlation id, client
 * id, tags from v9), TransactionalId string?, Acks int16, TimeoutMs int32, TopicData [] { Name
 * string (v0-12) | TopicId uuid (v13+), PartitionData [] { Index int32, Records records? } }.
 */
import { isFlexible } from './api-table.js';
import { PiecesCursor, PiecesTruncated, copyPieces } from '../pieces-cursor.js';

const PRODUCE = 0;
/** Versions the walk reads (older ones have no TransactionalId and are joined). */
const FIRST_VERSION = 3;
const TOPIC_IDS_FROM = 13;
/** Array entries one request may declare (the strict decoder's MAX_REQUEST_ELEMENTS). */
const MAX_ELEMENTS = 100_000;
const MAX_STRING = 0x7fff;
/** Record batch header: the fields read are at +8 (length), +16 (magic), +21 (attributes). */
const BATCH_HEADER = 61;

/** Where one partition's record bytes sit in the original frame (null records: absent). */
export interface RecordsSpan {
  offset: number;
  length: number;
}

export interface ProduceSkeleton {
  /** The complete frame with every record blob left out (size prefix recomputed). */
  frame: Buffer;
  /** Record spans in request order (topic by topic, partition by partition); null = null records. */
  records: Array<RecordsSpan | null>;
  /** Whether any magic-2 batch carries the transactional attribute bit. */
  transactional: boolean;
}

/** The api key, read from a frame's first bytes (at least 6), or -1. */
export function requestApiKey(head: Buffer): number {
  return head.length >= 6 ? head.readInt16BE(4) : -1;
}

/** The skeleton of a pieced Produce frame, or null when it must be read joined. */
export function produceSkeleton(pieces: readonly Buffer[], total: number): ProduceSkeleton | null {
  try {
    return walk(pieces, total);
  } catch (e) {
    if (e instanceof PiecesTruncated) return null;
    throw e;
  }
}

class Bail extends PiecesTruncated {}

function walk(pieces: readonly Buffer[], total: number): ProduceSkeleton | null {
  const c = new PiecesCursor(pieces, total);
  if (c.int32() !== total - 4) return null;
  if (c.int16() !== PRODUCE) return null;
  const version = c.int16();
  if (version < FIRST_VERSION) return null;
  const flexible = isFlexible(PRODUCE, version);
  c.skip(4); // correlation id
  skipClassicString(c, true); // client id (header strings are never compact)
  if (flexible) noTags(c);
  skipString(c, flexible, true); // TransactionalId
  c.skip(2 + 4); // Acks, TimeoutMs
  // keep: frame ranges copied to the skeleton; records: the left-out spans
  const keep: Array<[number, number]> = [];
  const records: Array<RecordsSpan | null> = [];
  let from = 0;
  let transactional = false;
  let elements = 0;
  const topics = arrayCount(c, flexible);
  elements += topics;
  for (let t = 0; t < topics; t++) {
    if (version >= TOPIC_IDS_FROM) c.skip(16);
    else skipString(c, flexible, false);
    const parts = arrayCount(c, flexible);
    elements += parts;
    if (elements > MAX_ELEMENTS) return null;
    for (let p = 0; p < parts; p++) {
      c.skip(4); // Index
      const lengthAt = c.pos;
      const length = flexible ? c.uvarint() - 1 : c.int32();
      if (length === -1) {
        records.push(null);
      } else {
        if (length < 0 || length > c.remaining) return null;
        const offset = c.pos;
        keep.push([from, lengthAt]);
        from = offset + length;
        records.push({ offset, length });
        if (!transactional) transactional = scanBatches(c, offset, length);
        c.seek(offset + length);
      }
      if (flexible) noTags(c);
    }
    if (flexible) noTags(c);
  }
  if (flexible) noTags(c);
  if (c.pos !== total) return null;
  keep.push([from, total]);
  return { frame: skeletonFrame(pieces, keep, flexible), records, transactional };
}

/** The kept ranges joined, each left-out blob replaced by an empty one (length 0). */
function skeletonFrame(pieces: readonly Buffer[], keep: Array<[number, number]>, flexible: boolean): Buffer {
  const emptyLen = flexible ? 1 : 4;
  let size = 0;
  for (const [a, b] of keep) size += b - a;
  size += (keep.length - 1) * emptyLen;
  const out = Buffer.alloc(size);
  let at = 0;
  keep.forEach(([a, b], i) => {
    at = copyPieces(pieces, a, b, out, at);
    if (i < keep.length - 1) {
      if (flexible) out[at] = 1; // compact length + 1
      at += emptyLen; // classic int32 0 (already zero)
    }
  });
  out.writeInt32BE(size - 4, 0);
  return out;
}

/** Mirrors hasTransactionalBatch over the record bytes [offset, offset + length). */
function scanBatches(c: PiecesCursor, offset: number, length: number): boolean {
  let at = 0;
  while (at + BATCH_HEADER <= length) {
    c.seek(offset + at + 8);
    const batchLength = c.int32();
    c.seek(offset + at + 16);
    const magic = (c.byte() << 24) >> 24;
    c.seek(offset + at + 21);
    const attributes = c.int16();
    if (magic >= 2 && (attributes & 0x10) !== 0) return true;
    if (batchLength <= 0) return false;
    at += 12 + batchLength;
  }
  return false;
}

function arrayCount(c: PiecesCursor, flexible: boolean): number {
  const n = flexible ? c.uvarint() - 1 : c.int32();
  if (n < 0 || n > c.remaining) throw new Bail('array count');
  return n;
}

function skipClassicString(c: PiecesCursor, nullable: boolean): void {
  const len = c.int16();
  if (len === -1 && nullable) return;
  if (len < 0) throw new Bail('string length');
  c.skip(len);
}

function skipString(c: PiecesCursor, flexible: boolean, nullable: boolean): void {
  if (!flexible) return skipClassicString(c, nullable);
  const n = c.uvarint();
  if (n === 0 && nullable) return;
  if (n === 0 || n - 1 > MAX_STRING) throw new Bail('compact string length');
  c.skip(n - 1);
}

/** A tagged-field section that must be empty (Produce requests define no tags). */
function noTags(c: PiecesCursor): void {
  if (c.uvarint() !== 0) throw new Bail('tagged fields');
}
