/**
 * The typed response hook of one pipeline stage: per request, the work the stage registered
 * when it let the request through (a filter, a merge, ids to learn), handed back to the stage's
 * `apply` with the backend's answer. Keyed by the request's RequestInfo (the object the core
 * keeps in flight), held weakly so a request whose answer never comes leaves nothing behind.
 */
import type { RequestInfo } from '../proxy/protocol.js';
import type { ResponseHook } from './pipeline.js';

export class PendingResponses<Work> implements ResponseHook {
  private readonly work = new WeakMap<RequestInfo, Work>();

  /**
   * `apply` is bound once per stage (never per frame). `passes`, when given, judges an answer
   * from its first bytes: true when `apply` would leave it unchanged (and it did what apply
   * would have done); it may throw when the head is too short to tell (taken as false).
   */
  constructor(
    private readonly apply: (work: Work, info: RequestInfo, frame: Buffer) => Buffer | Promise<Buffer>,
    private readonly judge?: (work: Work, info: RequestInfo, head: Buffer) => boolean,
  ) {}

  /** Ask for this request's answer, with what to do with it (replaces earlier work). */
  expect(info: RequestInfo, work: Work): void {
    this.work.set(info, work);
  }

  /** The work registered for a request, if any. */
  peek(info: RequestInfo): Work | undefined {
    return this.work.get(info);
  }

  awaits(info: RequestInfo): boolean {
    return this.work.has(info);
  }

  passes(info: RequestInfo, head: Buffer): boolean {
    const w = this.work.get(info);
    if (w === undefined || !this.judge) return false;
    try {
      return this.judge(w, info, head);
    } catch {
      return false; // e.g. a head too short to tell: the answer is joined and goes through finish
    }
  }

  finish(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    const w = this.work.get(info);
    if (w === undefined) return frame;
    this.work.delete(info);
    return this.apply(w, info, frame);
  }
}
