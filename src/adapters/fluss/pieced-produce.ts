/**
 * PRODUCE_LOG frames that arrived in pieces travel through the pipeline as their skeleton
 * (protocol/fluss/produce-pieces.ts), a small frame without the record bytes. Stages that need
 * the size of the frame as received (quotas) find it here, keyed by the skeleton Buffer; a
 * WeakMap, so an entry goes with its skeleton.
 */
const totals = new WeakMap<Buffer, number>();

export function rememberPieced(skeleton: Buffer, total: number): void {
  totals.set(skeleton, total);
}

/** The whole frame's length (length prefix included) if `frame` is a skeleton, else its own length. */
export function receivedLength(frame: Buffer): number {
  return totals.get(frame) ?? frame.length;
}
