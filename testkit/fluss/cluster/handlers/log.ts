/**
 * Log table handlers of the Fluss test cluster: INIT_WRITER, PRODUCE_LOG, FETCH_LOG,
 * LIST_OFFSETS. Record batches are stored opaque; on append the leader checks each batch's
 * CRC-32C and stamps base offset and commit timestamp (the CRC does not cover them), like
 * LogTablet. Fetch returns the stored batches byte-exact from the batch holding fetch_offset and
 * waits up to max_wait_ms for min_bytes (default 1) when nothing is there yet.
 */
import { decodeMessage, encodeMessage, type Input, type Decoded } from '../../../../src/protocol/fluss/proto-message.js';
import { FlussError } from '../../../../src/protocol/fluss/error-codes.js';
import { isFlussCodecError } from '../../../../src/protocol/fluss/codec-error.js';
import {
  InitWriterRequest,
  InitWriterResponse,
  ProduceLogRequest,
  ProduceLogResponse,
  FetchLogRequest,
  FetchLogResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
  OffsetType,
  PbFetchLogRespForBucket,
} from '../../../../src/protocol/fluss/messages/log.js';
import { readLogBatches, isLogBatchCrcValid, stampLogBatch, nextOffsetAfter } from '../../../../src/protocol/fluss/records/log-batch.js';
import type { HandlerContext } from '../node.js';
import type { BucketState } from '../state.js';
import { leaderBucket } from './buckets.js';

export function initWriter(ctx: HandlerContext, body: Buffer): Buffer {
  decodeMessage(InitWriterRequest, body);
  return encodeMessage(InitWriterResponse, { writer_id: ctx.state.allocateWriterId() });
}

function append(bucket: BucketState, records: Buffer, name: string): { base: bigint } | { error_code: number; error_message: string } {
  let copy: Buffer;
  let headers;
  try {
    copy = Buffer.from(records); // the request buffer belongs to the socket
    headers = readLogBatches(copy);
  } catch (e) {
    return { error_code: FlussError.CORRUPT_RECORD_EXCEPTION, error_message: `Invalid record batch for ${name}: ${isFlussCodecError(e) ? e.message : String(e)}` };
  }
  for (const h of headers) {
    if (!isLogBatchCrcValid(copy, h)) {
      return { error_code: FlussError.CORRUPT_RECORD_EXCEPTION, error_message: `Record is corrupt (stored crc = ${h.crc}) in table bucket ${name}` };
    }
  }
  const base = bucket.endOffset;
  const last = bucket.batches.at(-1)?.commitTimestamp ?? 0n;
  const now = BigInt(Date.now());
  const ts = now > last ? now : last;
  let offset = base;
  for (const h of headers) {
    stampLogBatch(copy, h, offset, ts);
    const next = nextOffsetAfter(h);
    bucket.batches.push({ base: offset, next, commitTimestamp: ts, bytes: copy.subarray(h.position, h.position + h.sizeInBytes) });
    offset = next;
  }
  bucket.endOffset = offset;
  return { base };
}

export function produceLog(ctx: HandlerContext, body: Buffer): Buffer {
  const req = decodeMessage(ProduceLogRequest, body);
  const acksValid = req.acks === 0 || req.acks === 1 || req.acks === -1;
  const resp = req.buckets_req.map((b) => {
    const head = { bucket_id: b.bucket_id, partition_id: b.partition_id };
    if (!acksValid) return { ...head, error_code: FlussError.INVALID_REQUIRED_ACKS, error_message: `Invalid required acks: ${req.acks}` };
    const found = leaderBucket(ctx, req.table_id, b.bucket_id, b.partition_id);
    if (!found.ok) return { ...head, error_code: found.error_code, error_message: found.error_message };
    const r = append(found.bucket, b.records, found.name);
    if ('error_code' in r) return { ...head, ...r };
    ctx.state.events.emit('append', req.table_id, b.bucket_id);
    return { ...head, base_offset: r.base };
  });
  return encodeMessage(ProduceLogResponse, { buckets_resp: resp });
}

type FetchBucketResp = Input<typeof PbFetchLogRespForBucket>;

function firstBatchIndex(bucket: BucketState, offset: bigint): number {
  let lo = 0;
  let hi = bucket.batches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bucket.batches[mid].next <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function collectFetch(ctx: HandlerContext, req: Decoded<typeof FetchLogRequest>) {
  let budget = req.max_bytes;
  let bytes = 0;
  let errors = 0;
  const tables = req.tables_req.map((t) => ({
    table_id: t.table_id,
    buckets_resp: t.buckets_req.map((b): FetchBucketResp => {
      const head = { bucket_id: b.bucket_id, partition_id: b.partition_id };
      const found = leaderBucket(ctx, t.table_id, b.bucket_id, b.partition_id);
      if (!found.ok) {
        errors++;
        return { ...head, error_code: found.error_code, error_message: found.error_message };
      }
      const { bucket } = found;
      if (b.fetch_offset < 0n || b.fetch_offset > bucket.endOffset) {
        errors++;
        return {
          ...head,
          error_code: FlussError.LOG_OFFSET_OUT_OF_RANGE_EXCEPTION,
          error_message: `Received request for offset ${b.fetch_offset} for ${found.name}, but we only have log segments in the range 0 to ${bucket.endOffset}.`,
        };
      }
      const parts: Buffer[] = [];
      let size = 0;
      for (let i = firstBatchIndex(bucket, b.fetch_offset); i < bucket.batches.length; i++) {
        const len = bucket.batches[i].bytes.length;
        const first = bytes === 0 && parts.length === 0;
        if (!first && (size + len > b.max_fetch_bytes || len > budget)) break;
        parts.push(bucket.batches[i].bytes);
        size += len;
        budget -= len;
      }
      bytes += size;
      return { ...head, high_watermark: bucket.endOffset, log_start_offset: 0n, records: Buffer.concat(parts, size) };
    }),
  }));
  return { tables, bytes, errors };
}

export async function fetchLog(ctx: HandlerContext, body: Buffer): Promise<Buffer> {
  const req = decodeMessage(FetchLogRequest, body);
  let r = collectFetch(ctx, req);
  const maxWait = req.max_wait_ms ?? 0;
  if (r.bytes < (req.min_bytes ?? 1) && r.errors === 0 && maxWait > 0) {
    const wanted = new Set(req.tables_req.flatMap((t) => t.buckets_req.map((b) => `${t.table_id}:${b.bucket_id}`)));
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        ctx.state.events.off('append', onAppend);
        ctx.signal.removeEventListener('abort', done);
        resolve();
      };
      const onAppend = (tableId: bigint, bucket: number): void => {
        if (wanted.has(`${tableId}:${bucket}`) && collectFetch(ctx, req).bytes >= (req.min_bytes ?? 1)) done();
      };
      const timer = setTimeout(done, maxWait);
      ctx.state.events.on('append', onAppend);
      ctx.signal.addEventListener('abort', done);
    });
    r = collectFetch(ctx, req);
  }
  return encodeMessage(FetchLogResponse, { tables_resp: r.tables });
}

export function listOffsets(ctx: HandlerContext, body: Buffer): Buffer {
  const req = decodeMessage(ListOffsetsRequest, body);
  const resp = req.bucket_id.map((bucketId) => {
    const found = leaderBucket(ctx, req.table_id, bucketId, req.partition_id);
    if (!found.ok) return { bucket_id: bucketId, error_code: found.error_code, error_message: found.error_message };
    const { bucket } = found;
    let offset = bucket.endOffset;
    if (req.offset_type === OffsetType.EARLIEST) offset = 0n;
    else if (req.offset_type === OffsetType.TIMESTAMP) {
      const ts = req.startTimestamp ?? 0n;
      offset = bucket.batches.find((b) => b.commitTimestamp >= ts)?.base ?? bucket.endOffset;
    }
    return { bucket_id: bucketId, offset };
  });
  return encodeMessage(ListOffsetsResponse, { buckets_resp: resp });
}
