/**
 * The Kafka authorization stage of one client connection: every request the authentication
 * stage lets through goes to its api's rule (rules/index.ts); an api without a rule, or whose
 * rule refuses it, closes the connection. Answers of requests whose rule asked to see them come
 * back through onResponse (merge synthesized errors, filter listings, learn topic ids).
 * Every request body is decoded (strictly, within the element budget) before its rule runs,
 * whether or not the rule reads it, so no request reaches the backend with bytes the gateway
 * has not read the way the broker will. Requests that cannot be decoded close the connection
 * (as a broker closes on InvalidRequestException): SW_ERR_MALFORMED_REQUEST, or
 * SW_ERR_AMBIGUOUS_REQUEST / SW_ERR_REQUEST_TOO_COMPLEX for the specific refusals.
 */
import { GatewayError, type ErrCode } from '../../../errors.js';
import { KafkaAmbiguousInputError, KafkaDecodeBudgetError } from '../../../protocol/kafka/codec-errors.js';
import type { Authorizer } from '../../authz.js';
import type { RequestStage } from '../../stage.js';
import type { RequestHeader } from '../../../protocol/kafka/header.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../proxy/protocol.js';
import { Call, isPendingEdit, type StageState } from './call.js';
import { FetchSessions } from './fetch-sessions.js';
import { KAFKA_AUTHZ_RULES } from './rules/index.js';
import type { TopicIdMap } from './topic-ids.js';

export class KafkaAuthzStage implements RequestStage<RequestHeader> {
  private readonly state: StageState;

  constructor(authorizer: Authorizer, topicIds: TopicIdMap) {
    this.state = { authorizer, topicIds, sessions: new FetchSessions() };
  }

  onRequest(header: RequestHeader, frame: Buffer, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> | null {
    const rule = KAFKA_AUTHZ_RULES.get(header.apiKey);
    if (!rule || !rule.handle) {
      const why = rule?.note ?? `no authorization rule for api key ${header.apiKey}`;
      return { kind: 'close', info, error: new GatewayError('SW_ERR_PRIVATE_API', `${info.api} v${header.apiVersion}: ${why}`) };
    }
    const call = new Call(this.state, header, frame, info, ctx);
    try {
      call.body(); // validates the whole body before any decision
      const v = rule.handle(call);
      if (v instanceof Promise) return v.catch((e: unknown) => malformed(info, e));
      return v;
    } catch (e) {
      return malformed(info, e);
    }
  }

  onResponse(info: RequestInfo, frame: Buffer): Buffer {
    if (!isPendingEdit(info.extra)) return frame;
    try {
      return info.extra.finish(frame);
    } catch (e) {
      throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `${info.api} v${info.apiVersion} answer: ${(e as Error).message}`);
    }
  }

  close(): void {
    // fetch-session state is per connection and goes with the stage
  }
}

function malformed(info: RequestInfo, e: unknown): Verdict {
  if (e instanceof GatewayError) return { kind: 'close', info, error: e };
  let code: ErrCode = 'SW_ERR_MALFORMED_REQUEST';
  if (e instanceof KafkaAmbiguousInputError) code = 'SW_ERR_AMBIGUOUS_REQUEST';
  else if (e instanceof KafkaDecodeBudgetError) code = 'SW_ERR_REQUEST_TOO_COMPLEX';
  return { kind: 'close', info, error: new GatewayError(code, `${info.api} v${info.apiVersion}: ${(e as Error).message}`) };
}
