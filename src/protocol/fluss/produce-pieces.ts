/**
 * A Fluss PRODUCE_LOG request frame that arrived in pieces (it spans socket reads), read without
 * joining it: the walk re-emits the frame as its SKELETON, a small complete frame with every
 * field in the same order and the same bytes, except that each bucket's `records` (field 3 of
 * PbProduceLogReqForBucket, inside buckets_req = field 4) is emptied and the bucket's length
 * adjusted. The skeleton then takes the ordinary path (the strict body decode with its budgets,
 * the SASL gate, the authorizer's view); the record bytes are opaque to both and only need their
 * length framing, which the walk checks. The pieces are forwarded as received.
 *
 * Anything the walk does not re-emit exactly (group or unknown wire types, an over-long varint,
 * a length past its message) returns null: the caller joins the frame and reads it the ordinary
 * way, which gives the exact refusal.
 */
import { PiecesCursor, PiecesTruncated, copyPieces } from '../pieces-cursor.js';
import { ApiKey } from './api-keys.js';
import { LENGTH_PREFIX_BYTES, REQUEST_HEADER_BYTES } from './frame.js';
import { MAX_DECODED_VALUES } from './proto-message.js';
import { WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT } from './proto-wire.js';

const BUCKETS_REQ = 4;
const RECORDS = 3;
const MAX_VARINT_BYTES = 10;
/**
 * Fields walked before the walk gives up and hands the frame back to be joined (the strict
 * decoder's MAX_WALKED_FIELDS then refuses it): a body of millions of two-byte fields must cost
 * the walk no more time or memory than it costs the decoder.
 */
const MAX_FIELDS = 100_000;

/**
 * A part of the skeleton: a range of the original frame, or a varint written when the skeleton
 * is assembled (a bucket's tag and new length, an emptied records length): no Buffer per part,
 * so a body of many tiny buckets costs the walk no allocation per field.
 */
type Part = [number, number] | number;

/** Append frame range [from, to), extending the previous range when they touch (kept fields stay one part). */
function keep(parts: Part[], from: number, to: number): void {
  const last = parts[parts.length - 1];
  if (last !== undefined && typeof last !== 'number' && last[1] === from) last[1] = to;
  else parts.push([from, to]);
}

/** Counts walked fields against MAX_FIELDS, buckets against the strict decoder's MAX_DECODED_VALUES. */
interface Walk {
  fields: number;
  buckets: number;
}

function count(w: Walk): void {
  if (++w.fields > MAX_FIELDS) throw new Bail(`more than ${MAX_FIELDS} fields`);
}

class Bail extends PiecesTruncated {}

/** The skeleton frame of a pieced PRODUCE_LOG frame, or null when it must be read joined. */
export function produceLogSkeleton(pieces: readonly Buffer[], total: number): Buffer | null {
  try {
    return walk(pieces, total);
  } catch (e) {
    if (e instanceof PiecesTruncated) return null;
    throw e;
  }
}

function walk(pieces: readonly Buffer[], total: number): Buffer | null {
  const c = new PiecesCursor(pieces, total);
  if (c.int32() !== total - LENGTH_PREFIX_BYTES) return null;
  if (c.int16() !== ApiKey.PRODUCE_LOG) return null;
  const bodyStart = LENGTH_PREFIX_BYTES + REQUEST_HEADER_BYTES;
  c.seek(bodyStart);
  const parts: Part[] = [[0, bodyStart]];
  const w: Walk = { fields: 0, buckets: 0 };
  while (c.pos < total) {
    count(w);
    const fieldStart = c.pos;
    const tag = varint(c);
    const no = Math.floor(tag / 8);
    const wire = tag % 8;
    if (wire !== WIRE_LEN || no !== BUCKETS_REQ) {
      skipValue(c, wire, total);
      keep(parts, fieldStart, c.pos);
      continue;
    }
    // each bucket is a decoded value: more than the decoder's budget is refused by it anyway
    if (++w.buckets > MAX_DECODED_VALUES) throw new Bail(`more than ${MAX_DECODED_VALUES} buckets`);
    const len = varint(c);
    if (len > total - c.pos) return null;
    const bucket = bucketParts(c, c.pos + len, w);
    parts.push(tag, size(bucket));
    for (const part of bucket) parts.push(part);
  }
  return assemble(pieces, parts);
}

/** One PbProduceLogReqForBucket [c.pos, end) re-emitted with its records emptied. */
function bucketParts(c: PiecesCursor, end: number, w: Walk): Part[] {
  const out: Part[] = [];
  while (c.pos < end) {
    count(w);
    const fieldStart = c.pos;
    const tag = varint(c);
    const wire = tag % 8;
    if (wire === WIRE_LEN && Math.floor(tag / 8) === RECORDS) {
      const lengthAt = c.pos;
      const len = varint(c);
      if (len > end - c.pos) throw new Bail('records past the bucket');
      c.skip(len);
      keep(out, fieldStart, lengthAt);
      out.push(0);
      continue;
    }
    skipValue(c, wire, end);
    keep(out, fieldStart, c.pos);
  }
  if (c.pos !== end) throw new Bail('bucket overruns');
  return out;
}

function skipValue(c: PiecesCursor, wire: number, end: number): void {
  switch (wire) {
    case WIRE_VARINT:
      varint(c);
      break;
    case WIRE_FIXED64:
      c.skip(8);
      break;
    case WIRE_FIXED32:
      c.skip(4);
      break;
    case WIRE_LEN: {
      const len = varint(c);
      if (len > end - c.pos) throw new Bail('length past its message');
      c.skip(len);
      break;
    }
    default:
      throw new Bail(`wire type ${wire}`);
  }
  if (c.pos > end) throw new Bail('field past its message');
}

/** A varint of at most 10 bytes; values above 2^53 only need to be skipped (their bytes are copied). */
function varint(c: PiecesCursor): number {
  let value = 0;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const b = c.byte();
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return value;
  }
  throw new Bail('varint longer than 10 bytes');
}

/** Bytes of `v` as a varint (v < 2^53: tags and lengths of this walk). */
function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

function writeVarint(out: Buffer, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v % 128) | 0x80;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

function size(parts: readonly Part[]): number {
  let n = 0;
  for (const p of parts) n += typeof p === 'number' ? varintSize(p) : p[1] - p[0];
  return n;
}

function assemble(pieces: readonly Buffer[], parts: readonly Part[]): Buffer {
  const out = Buffer.alloc(size(parts));
  let at = 0;
  for (const p of parts) at = typeof p === 'number' ? writeVarint(out, at, p) : copyPieces(pieces, p[0], p[1], out, at);
  out.writeInt32BE(out.length - LENGTH_PREFIX_BYTES, 0);
  return out;
}
