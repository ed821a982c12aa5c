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

  /** `apply` is bound once per stage (never per frame). */
  constructor(private readonly apply: (work: Work, info: RequestInfo, frame: Buffer) => Buffer | Promise<Buffer>) {}

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

  finish(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    const w = this.work.get(info);
    if (w === undefined) return frame;
    this.work.delete(info);
    return this.apply(w, info, frame);
  }
}
