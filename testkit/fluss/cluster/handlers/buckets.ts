/**
 * Per-bucket routing checks shared by the tablet-server handlers: the table must exist, the
 * bucket must exist, and this server must lead it (one replica per bucket here), else the
 * per-bucket error a Fluss ReplicaManager reports.
 */
import { FlussError } from '../../../../src/protocol/fluss/error-codes.js';
import type { BucketState, TableState } from '../state.js';
import type { HandlerContext } from '../node.js';

export type BucketLookup = { ok: true; table: TableState; bucket: BucketState; name: string } | { ok: false; error_code: number; error_message: string };

export function tableBucketName(tableId: bigint, bucketId: number, partitionId?: bigint): string {
  return partitionId === undefined ? `TableBucket{tableId=${tableId}, bucket=${bucketId}}` : `TableBucket{tableId=${tableId}, partitionId=${partitionId}, bucket=${bucketId}}`;
}

export function leaderBucket(ctx: HandlerContext, tableId: bigint, bucketId: number, partitionId?: bigint): BucketLookup {
  const name = tableBucketName(tableId, bucketId, partitionId);
  const table = ctx.state.tableById(tableId);
  const bucket = table?.buckets[bucketId];
  if (!table || !bucket || partitionId !== undefined) {
    return { ok: false, error_code: FlussError.UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, error_message: `Unknown table or bucket: ${name}` };
  }
  if (bucket.leader !== ctx.node.nodeId) {
    return {
      ok: false,
      error_code: FlussError.NOT_LEADER_OR_FOLLOWER,
      error_message: `server ${ctx.node.nodeId} is not leader or follower for ${name}`,
    };
  }
  return { ok: true, table, bucket, name };
}
