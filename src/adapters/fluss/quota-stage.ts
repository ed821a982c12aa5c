/**
 * Fluss quotas at the gateway: the Kafka quota semantics (src/quota/) applied to Fluss's data
 * apis, per principal. Fluss's request header has no client id (api key, version, request id
 * only), so the quota user is the principal and the client id is always empty: entries naming a
 * client id other than `<default>` never match a Fluss client.
 *
 *   producer_byte_rate   PRODUCE_LOG and PUT_KV request sizes (a PRODUCE_LOG read in pieces is
 *                        measured from its whole length, so it stays un-joined)
 *   consumer_byte_rate   FETCH_LOG answer sizes (measured from the answer's head: a large answer
 *                        still passes as received)
 *
 * Fluss answers have no throttle field and Fluss clients do not back off, so the throttle is the
 * delay alone: the connection is muted for the throttle time (quota-gate.ts), the next request is
 * held until then. request_percentage is not applied to Fluss.
 */
import { ApiKey } from '../../protocol/fluss/api-keys.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import { PendingResponses } from '../pending-responses.js';
import type { QuotaStage } from '../pipeline.js';
import { QuotaGate, type QuotaService } from '../quota-gate.js';
import { receivedLength } from './pieced-produce.js';
import type { FlussRequest } from './request.js';

/** One FETCH_LOG answer to measure (an object per request: PendingResponses keys work by request). */
interface FetchWork {
  measured: boolean;
}

export class FlussQuotaStage implements QuotaStage<FlussRequest> {
  readonly slot = 'quota';
  readonly readsProduceSkeletons = true;
  readonly responses: PendingResponses<FetchWork>;
  private readonly gate: QuotaGate;

  constructor(service: QuotaService, ctx: ConnectionContext, now: () => number = Date.now) {
    this.gate = new QuotaGate(service, ctx, now);
    this.responses = new PendingResponses<FetchWork>(
      (w, _info, frame) => {
        this.measure(w, frame.length - 4);
        return frame;
      },
      (w, _info, head) => {
        this.measure(w, head.readInt32BE(0));
        return true;
      },
    );
  }

  onRequest(req: FlussRequest, info: RequestInfo): Verdict | Promise<Verdict> | null {
    if (!this.gate.manager.enabled) return null; // no closure per request without quotas
    return this.gate.admit(info, req.frame, () => this.pass(req, info));
  }

  close(): void {
    this.gate.close();
  }

  private pass(req: FlussRequest, info: RequestInfo): void {
    const user = this.gate.user();
    if (info.apiKey === ApiKey.PRODUCE_LOG || info.apiKey === ApiKey.PUT_KV) {
      if (this.gate.manager.applies('producerByteRate', user, '')) this.gate.record('producerByteRate', '', receivedLength(req.frame) - 4);
    } else if (info.apiKey === ApiKey.FETCH_LOG && this.gate.manager.applies('consumerByteRate', user, '')) {
      this.responses.expect(info, { measured: false });
    }
  }

  private measure(w: FetchWork, size: number): void {
    if (w.measured) return;
    w.measured = true;
    this.gate.record('consumerByteRate', '', size);
  }
}

/** The per-connection factory for FlussAdapterOptions.stages. */
export function flussQuotaStage(service: QuotaService): (ctx: ConnectionContext) => FlussQuotaStage {
  return (ctx) => new FlussQuotaStage(service, ctx);
}
