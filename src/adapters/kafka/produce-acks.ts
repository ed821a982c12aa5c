/**
 * The one request fact the proxy core needs from a Kafka body before forwarding: Produce's acks
 * (with acks=0 the broker sends no answer, so none may be waited for). Runs in the authorize slot,
 * after login. With an authorizer in the pipeline the body is decoded strictly here, once, and the
 * authorizer gets the same decoded body; without one only the fields up to acks are read.
 */
import { produceAcks } from '../../protocol/kafka/produce.js';
import type { RequestInfo, Verdict } from '../../proxy/protocol.js';
import { num } from '../../protocol/kafka/schema/message.js';
import type { PipelineStage } from '../pipeline.js';
import { undecodable, type KafkaRequest } from './request.js';

const PRODUCE = 0;

export class ProduceAcksStage implements PipelineStage<KafkaRequest> {
  readonly slot = 'authorize';

  /** `strict`: a later stage decodes every body (the authorizer), so decode it here. */
  constructor(private readonly strict: boolean) {}

  onRequest(req: KafkaRequest, info: RequestInfo): Verdict | null {
    if (info.apiKey !== PRODUCE) return null;
    if (!this.strict) {
      info.expectResponse = produceAcks(req.frame, req.header.bodyOffset, info.apiVersion) !== 0;
      return null;
    }
    try {
      info.expectResponse = num(req.body(), 'Acks') !== 0;
    } catch (e) {
      return undecodable(info, e);
    }
    return null;
  }
}
