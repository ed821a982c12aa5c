/**
 * Bounds shared by the Fluss record batch readers: the objects one records blob (one frame) may
 * make the gateway build, and the check of a declared record count against the bytes left, made
 * before any record is read or any array grows. A reader spends from a RecordBudget per batch
 * header and per record, so a frame of many tiny batches or records is refused at the cap
 * instead of costing heap in proportion to its size.
 */
import { FlussCodecError } from '../codec-error.js';

/** Batch headers plus records one records blob may make a reader build. */
export const MAX_RECORD_OBJECTS_PER_FRAME = 100_000;

/** What a blob may still build; one per call of a reader. */
export interface RecordBudget {
  objects: number;
}

export function recordBudget(): RecordBudget {
  return { objects: MAX_RECORD_OBJECTS_PER_FRAME };
}

/** Spend `n` objects of the blob's budget, or throw before they are built. */
export function spendRecords(budget: RecordBudget, n: number, what: string): void {
  budget.objects -= n;
  if (budget.objects < 0) {
    throw new FlussCodecError(`${what}: records blob builds more than ${MAX_RECORD_OBJECTS_PER_FRAME} objects`);
  }
}

/**
 * Refuse a declared record count that is negative or that the bytes left cannot hold, each record
 * taking at least `minRecordBytes`.
 */
export function checkRecordCount(count: number, bytesLeft: number, minRecordBytes: number, what: string): void {
  if (count < 0 || count * minRecordBytes > bytesLeft) {
    throw new FlussCodecError(`${what}: record count ${count} impossible in ${bytesLeft} byte(s)`);
  }
}
