/**
 * The stage (authenticate slot) that answers ApiVersions before login without opening a backend
 * connection for the client: the session's cached (or once-probed) backend answer, trimmed as a
 * forwarded one is. Kafka and Fluss alike; `answer` is the session's, bound once per session.
 */
import type { ConnectionContext, RequestInfo, Verdict } from '../proxy/protocol.js';
import type { PipelineStage } from './pipeline.js';

export class LocalApiVersionsStage<Req> implements PipelineStage<Req> {
  readonly slot = 'authenticate';

  constructor(
    private readonly apiKey: number,
    private readonly answer: (info: RequestInfo) => Promise<Verdict>,
  ) {}

  onRequest(_req: Req, info: RequestInfo, ctx: ConnectionContext): Promise<Verdict> | null {
    if (info.apiKey !== this.apiKey || ctx.principal !== null || !ctx.exchangeWithBackend) return null;
    return this.answer(info);
  }
}
