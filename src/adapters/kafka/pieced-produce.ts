/**
 * Produce frames that arrived in pieces and travel through the session as their skeleton
 * (protocol/kafka/produce-pieces.ts): the skeleton Buffer is the key under which the pieces are
 * found again, by the authorization stage (transactional bit, and the joined frame when a rule
 * must re-encode the request) and by the session (forward the pieces when the verdict forwards
 * the skeleton unchanged). A WeakMap: an entry goes with its skeleton.
 */
import type { ProduceSkeleton } from '../../protocol/kafka/produce-pieces.js';

export interface PiecedProduce {
  readonly pieces: readonly Buffer[];
  readonly total: number;
  readonly skeleton: ProduceSkeleton;
}

const bySkeleton = new WeakMap<Buffer, PiecedProduce>();

export function rememberPieced(p: PiecedProduce): void {
  bySkeleton.set(p.skeleton.frame, p);
}

/** The pieced frame `frame` is the skeleton of, if it is one. */
export function piecedOf(frame: Buffer): PiecedProduce | undefined {
  return bySkeleton.get(frame);
}

/** The whole original frame (one copy). */
export function joinPieced(p: PiecedProduce): Buffer {
  return Buffer.concat(p.pieces as Buffer[], p.total);
}
