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
 * Duplicated resources are answered (or the connection closed) as Kafka does before any rule
 * runs (duplicates.ts).
 */
import { GatewayError, type ErrCode } from '../../../errors.js';
import { KafkaAmbiguousInputError, KafkaDecodeBudgetError } from '../../../protocol/kafka/codec-errors.js';
import type { Authorizer } from '../../authz.js';
import type { RequestStage } from '../../stage.js';
import type { RequestHeader } from '../../../protocol/kafka/header.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../proxy/protocol.js';
import { Call, isPendingEdit, type PendingEdit, type StageState } from './call.js';
import { newResponseFrame, readResponse, responseFrame } from './codec/frames.js';
import { items, type Msg, type Value } from './codec/message.js';
import type { ConfigValuesMode } from './config-values.js';
import { duplicateAnswer, type DuplicateAnswer } from './duplicates.js';
import { GATEWAY_ACL_APIS } from './api-versions.js';
import { FetchSessions } from './fetch-sessions.js';
import { KAFKA_AUTHZ_RULES } from './rules/index.js';
import type { TopicIdMap } from './topic-ids.js';

export class KafkaAuthzStage implements RequestStage<RequestHeader> {
  private readonly state: StageState;
  /** CreateAcls, DescribeAcls, DeleteAcls: answered here, so advertised even before login. */
  readonly ownedApis = GATEWAY_ACL_APIS;
  /** Reads a pieced Produce's skeleton through Call (records left out, joined when re-encoding). */
  readonly readsProduceSkeletons = true;

  constructor(authorizer: Authorizer, topicIds: TopicIdMap, configValues: ConfigValuesMode = 'rewrite') {
    this.state = { authorizer, topicIds, sessions: new FetchSessions(), configValues };
  }

  onRequest(header: RequestHeader, frame: Buffer, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> | null {
    const rule = KAFKA_AUTHZ_RULES.get(header.apiKey);
    if (!rule || !rule.handle) {
      const why = rule?.note ?? `no authorization rule for api key ${header.apiKey}`;
      return { kind: 'close', info, error: new GatewayError('SW_ERR_PRIVATE_API', `${info.api} v${header.apiVersion}: ${why}`) };
    }
    let call = new Call(this.state, header, frame, info, ctx);
    try {
      // decoding validates the whole body before any decision
      const dup = duplicateAnswer(header.apiKey, header.apiVersion, call.body());
      if (dup instanceof GatewayError) return { kind: 'close', info, error: dup };
      if (dup) {
        ctx.log.warn({ err: 'SW_ERR_DUPLICATE_RESOURCE', principal: ctx.principal, api: info.api, duplicates: dup.results.length }, 'duplicated resources refused with INVALID_REQUEST');
        call = call.withBody(dup.body);
        if (listIsEmpty(dup.body)) return call.respond(withDuplicates(call, call.response(), dup));
      }
      const v = rule.handle(call);
      if (!dup) return v instanceof Promise ? v.catch((e: unknown) => malformed(info, e)) : v;
      const merge = (verdict: Verdict | null) => mergeDuplicates(call, verdict, dup);
      return v instanceof Promise ? v.then(merge, (e: unknown) => malformed(info, e)) : merge(v);
    } catch (e) {
      return malformed(info, e);
    }
  }

  /** Whether the answer passes unchanged, from its head alone (only edits that can tell, e.g. Fetch's, say yes). */
  passesUnchanged(info: RequestInfo, head: Buffer): boolean {
    if (!isPendingEdit(info.extra) || !info.extra.passes) return false;
    try {
      return info.extra.passes(head);
    } catch {
      return false; // e.g. a head too short to tell: the answer is joined and goes through onResponse
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

/** Whether the request kept nothing but empty resource lists (everything was a duplicate). */
function listIsEmpty(body: Msg): boolean {
  return ['Topics', 'TopicNames', 'Resources'].every((f) => !Array.isArray(body[f]) || (body[f] as Value[]).length === 0);
}

function withDuplicates(call: Call, body: Msg, dup: DuplicateAnswer): Msg {
  const entries = dup.results.map((r) => call.responseEntry([dup.respField], r as Record<string, Value>));
  body[dup.respField] = [...items(body, dup.respField), ...entries];
  return body;
}

/** The rule's verdict with the duplicates' results added to whatever answer the client gets. */
function mergeDuplicates(call: Call, v: Verdict | null, dup: DuplicateAnswer): Verdict {
  const { key, version } = call;
  const add = (frame: Buffer): Buffer => {
    const { head, body } = readResponse(frame, key, version);
    return responseFrame(head, key, version, withDuplicates(call, body, dup));
  };
  if (v === null) return mergeDuplicates(call, call.forward(null), dup);
  if (v.kind === 'respond') return v.frame ? { ...v, frame: add(v.frame) } : v;
  if (v.kind !== 'forward') return v;
  const prev = isPendingEdit(v.info.extra) ? v.info.extra : null;
  v.info.extra = { owner: 'kafka-authz', finish: (f) => add(prev ? prev.finish(f) : f) } satisfies PendingEdit;
  return v;
}

function malformed(info: RequestInfo, e: unknown): Verdict {
  if (e instanceof GatewayError) return { kind: 'close', info, error: e };
  let code: ErrCode = 'SW_ERR_MALFORMED_REQUEST';
  if (e instanceof KafkaAmbiguousInputError) code = 'SW_ERR_AMBIGUOUS_REQUEST';
  else if (e instanceof KafkaDecodeBudgetError) code = 'SW_ERR_REQUEST_TOO_COMPLEX';
  return { kind: 'close', info, error: new GatewayError(code, `${info.api} v${info.apiVersion}: ${(e as Error).message}`) };
}
