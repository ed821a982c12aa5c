/**
 * Kafka quotas at the gateway, with the broker's semantics (apache/kafka
 * core/src/main/scala/kafka/server/KafkaApis.scala handleProduceRequest / handleFetchRequest,
 * ClientQuotaManager.scala, ClientRequestQuotaManager.scala), per (principal, client id):
 *
 *   producer_byte_rate   each Produce request's size (header and body: request.sizeInBytes) when
 *                        it passes; Produce frames read in pieces are measured from their whole
 *                        length (pieced-produce.ts), so they stay un-joined (readsProduceSkeletons)
 *   consumer_byte_rate   each Fetch answer's size when it comes back (its length prefix: a large
 *                        answer that needs no stamp still passes as received)
 *   request_percentage   the time a request spends between this stage letting it through and its
 *                        answer coming back. A broker counts its own thread time; a gateway cannot
 *                        see the backend's threads, and this round trip is the time the request
 *                        occupies the backend and the gateway for the client. Fetch is left out:
 *                        it waits up to max_wait_ms for data by the client's own choice, time the
 *                        broker does not count either (purgatory time is not thread time). As in
 *                        Kafka the throttle time is bounded by one quota window.
 *
 * Throttled: the answer's ThrottleTimeMs (Produce and Fetch v1+) becomes max(backend's, ours),
 * edited in place (protocol/kafka/throttle-field.ts), and the connection is muted for that time
 * (quota-gate.ts). Like today's brokers the answer is never delayed: Produce v6+ and Fetch v8+
 * clients back off themselves (KIP-219), older ones are held by the mute (SocketServer mutes the
 * channel whatever the version). Unlike the broker, a throttled Fetch answer is not emptied: the
 * gateway already has its bytes, delivers them and counts them; the mute makes up for them.
 */
import { hasThrottleField, stampThrottle } from '../../protocol/kafka/throttle-field.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import { PendingResponses } from '../pending-responses.js';
import type { QuotaStage } from '../pipeline.js';
import { QuotaGate, type QuotaService } from '../quota-gate.js';
import { piecedOf } from './pieced-produce.js';
import type { KafkaRequest } from './request.js';

const PRODUCE = 0;
const FETCH = 1;

/** What the stage needs back with a request's answer. */
interface AnswerWork {
  clientId: string;
  /** Throttle time already given for the request (Produce bytes). */
  throttleMs: number;
  /** Record the answer's size on the consumer rate (Fetch). */
  consumer: boolean;
  /** When the request was let through (ms), for request_percentage; -1 when not timed. */
  startMs: number;
  /** The answer was measured from its head already (passes). */
  measured: boolean;
}

interface Applying {
  generation: number;
  clientId: string;
  user: string;
  producer: boolean;
  consumer: boolean;
  timed: boolean;
}

export class KafkaQuotaStage implements QuotaStage<KafkaRequest> {
  readonly slot = 'quota';
  private cached: Applying = { generation: -1, clientId: '', user: '', producer: false, consumer: false, timed: false };
  readonly readsProduceSkeletons = true;
  readonly responses: PendingResponses<AnswerWork>;
  private readonly gate: QuotaGate;

  constructor(
    service: QuotaService,
    ctx: ConnectionContext,
    private readonly now: () => number = Date.now,
  ) {
    this.gate = new QuotaGate(service, ctx, now);
    this.responses = new PendingResponses<AnswerWork>(
      (w, info, frame) => this.answer(w, info, frame),
      (w, info, head) => this.judge(w, info, head),
    );
  }

  onRequest(req: KafkaRequest, info: RequestInfo): Verdict | Promise<Verdict> | null {
    if (!this.gate.manager.enabled) return null; // no closure per request without quotas
    return this.gate.admit(info, req.frame, () => this.pass(req, info));
  }

  close(): void {
    this.gate.close();
  }

  /** Which quotas apply to this connection's principal and `clientId` (cached until the config or either changes). */
  private applying(clientId: string): Applying {
    const m = this.gate.manager;
    const user = this.gate.user();
    const a = this.cached;
    if (a.generation === m.generation && a.clientId === clientId && a.user === user) return a;
    this.cached = {
      generation: m.generation,
      clientId,
      user,
      producer: m.applies('producerByteRate', user, clientId),
      consumer: m.applies('consumerByteRate', user, clientId),
      timed: m.applies('requestPercentage', user, clientId),
    };
    return this.cached;
  }

  /** Records what the request costs when it goes on, and asks for its answer when that matters. */
  private pass(req: KafkaRequest, info: RequestInfo): void {
    const clientId = req.header.clientId ?? '';
    const applying = this.applying(clientId);
    let throttleMs = 0;
    if (info.apiKey === PRODUCE && applying.producer) {
      const size = (piecedOf(req.frame)?.total ?? req.frame.length) - 4;
      throttleMs = this.gate.record('producerByteRate', clientId, size);
    }
    if (!info.expectResponse) return; // acks=0: no answer to stamp, the mute alone holds the producer
    const consumer = info.apiKey === FETCH && applying.consumer;
    const timed = info.apiKey !== FETCH && applying.timed;
    if (!consumer && !timed && (throttleMs === 0 || !hasThrottleField(info.apiKey, info.apiVersion))) return;
    this.responses.expect(info, { clientId, throttleMs, consumer, startMs: timed ? this.now() : -1, measured: false });
  }

  /** Measures an answer from its head; true when it needs no stamp (then it passes as received). */
  private judge(w: AnswerWork, info: RequestInfo, head: Buffer): boolean {
    this.measure(w, head.readInt32BE(0));
    return w.throttleMs === 0 || !hasThrottleField(info.apiKey, info.apiVersion);
  }

  private answer(w: AnswerWork, info: RequestInfo, frame: Buffer): Buffer {
    this.measure(w, frame.length - 4);
    if (w.throttleMs > 0 && hasThrottleField(info.apiKey, info.apiVersion)) {
      try {
        stampThrottle(frame, info.apiKey, info.apiVersion, w.throttleMs);
      } catch {
        // an answer the layout cannot walk goes on unstamped; the mute holds the client all the same
      }
    }
    return frame;
  }

  private measure(w: AnswerWork, size: number): void {
    if (w.measured) return;
    w.measured = true;
    if (w.consumer) w.throttleMs = Math.max(w.throttleMs, this.gate.record('consumerByteRate', w.clientId, size));
    if (w.startMs >= 0) {
      // Kafka: nanos * 100 / 1e9 per request, so a rate of percent of one thread; bounded by one window
      const percentSeconds = (this.now() - w.startMs) / 10;
      w.throttleMs = Math.max(w.throttleMs, this.gate.record('requestPercentage', w.clientId, percentSeconds, this.gate.manager.windowMs));
    }
  }
}

/** The per-connection factory for KafkaAdapterOptions.stages. */
export function kafkaQuotaStage(service: QuotaService): (ctx: ConnectionContext) => KafkaQuotaStage {
  return (ctx) => new KafkaQuotaStage(service, ctx);
}
