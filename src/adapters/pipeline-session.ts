/**
 * What every protocol session shares around its pipeline (pipeline.ts): the answer path written
 * once (stages that asked for the answer, then the session's own finish), whether an answer may
 * pass unread, login state and closing. A protocol's session supplies the request side (reading
 * the header's fixed fields, its stages) and its finish (address rewriting, ApiVersions trimming).
 */
import type { ConnectionContext, ProtocolSession, RequestInfo, Verdict } from '../proxy/protocol.js';
import type { RequestPipeline } from './pipeline.js';

export abstract class PipelineSession<Req> implements ProtocolSession {
  protected abstract readonly pipeline: RequestPipeline<Req>;

  constructor(protected readonly ctx: ConnectionContext) {}

  abstract onRequest(frame: Buffer): Verdict | Promise<Verdict>;

  /** The session's own work on an answer, after the stages' (rewrite addresses, trim versions). */
  protected abstract finishResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer>;

  /** Whether finishResponse leaves this request's answer untouched. */
  protected abstract finishesUnread(info: RequestInfo): boolean;

  authenticated(): boolean {
    return this.ctx.principal !== null;
  }

  /** `head`: an answer's first bytes, for stages that can tell from them that it passes unchanged (Kafka Fetch). */
  forwardsResponse(info: RequestInfo, head?: Buffer): boolean {
    if (!this.finishesUnread(info)) return false;
    if (!this.pipeline.awaitsResponse(info)) return true;
    return head !== undefined && this.pipeline.passesUnchanged(info, head);
  }

  onResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    if (!this.pipeline.awaitsResponse(info)) return this.finishResponse(info, frame);
    const staged = this.pipeline.response(info, frame);
    return staged instanceof Promise ? staged.then((f) => this.finishResponse(info, f)) : this.finishResponse(info, staged);
  }

  close(): void {
    this.pipeline.close();
  }
}
