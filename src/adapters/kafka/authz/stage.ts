/**
 * The Kafka authorization stage of one client connection: every request the authentication
 * stage lets through goes to its api's rule (rules/index.ts); an api without a rule, or whose
 * rule refuses it, closes the connection. Answers of requests whose rule asked to see them come
 * back through its PendingResponses (merge synthesized errors, filter listings, learn topic ids).
 * Every request body is decoded (strictly, within the element budget; once per request, shared
 * with the rest of the pipeline through KafkaRequest) before its rule runs,
 * whether or not the rule reads it, so no request reaches the backend with bytes the gateway
 * has not read the way the broker will. Requests that cannot be decoded close the connection
 * (as a broker closes on InvalidRequestException): SW_ERR_MALFORMED_REQUEST, or
 * SW_ERR_AMBIGUOUS_REQUEST / SW_ERR_REQUEST_TOO_COMPLEX for the specific refusals.
 * Duplicated resources are answered (or the connection closed) as Kafka does before any rule
 * runs (duplicates.ts).
 */
import { GatewayError } from '../../../errors.js';
import type { Authorizer } from '../../authz.js';
import type { PipelineStage } from '../../pipeline.js';
import { PendingResponses } from '../../pending-responses.js';
import { undecodable, type KafkaRequest } from '../request.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../proxy/protocol.js';
import { Call, type AnswerEdit, type StageState } from './call.js';
import { readResponse, responseFrame } from '../../../protocol/kafka/schema/frames.js';
import { items, type Msg, type Value } from '../../../protocol/kafka/schema/message.js';
import type { ConfigValuesMode } from './config-values.js';
import { duplicateAnswer, type DuplicateAnswer } from './duplicates.js';
import { GATEWAY_ACL_APIS, GATEWAY_ADMIN_APIS, type ApiRange } from './api-versions.js';
import type { QuotaStore } from '../../../quota/store.js';
import { FetchSessions } from './fetch-sessions.js';
import { KAFKA_AUTHZ_RULES } from './rules/index.js';
import type { TopicIdMap } from './topic-ids.js';

export class KafkaAuthzStage implements PipelineStage<KafkaRequest> {
  readonly slot = 'authorize';
  private readonly state: StageState;
  /** CreateAcls, DescribeAcls, DeleteAcls (and Describe/AlterClientQuotas with a quota store): answered here, so advertised even before login. */
  readonly ownedApis: ReadonlyMap<number, ApiRange>;
  /** Reads a pieced Produce's skeleton through Call (records left out, joined when re-encoding). */
  readonly readsProduceSkeletons = true;
  /** Answers to edit (the rule's filter or merge), by request. */
  readonly responses: PendingResponses<AnswerEdit>;

  constructor(authorizer: Authorizer, topicIds: TopicIdMap, configValues: ConfigValuesMode = 'rewrite', quotas: QuotaStore | null = null) {
    this.responses = new PendingResponses<AnswerEdit>(editAnswer, answerPasses);
    this.state = { authorizer, topicIds, sessions: new FetchSessions(), configValues, answers: this.responses, quotas };
    this.ownedApis = quotas ? GATEWAY_ADMIN_APIS : GATEWAY_ACL_APIS;
  }

  onRequest(req: KafkaRequest, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> | null {
    const header = req.header;
    const rule = KAFKA_AUTHZ_RULES.get(header.apiKey);
    if (!rule || !rule.handle) {
      const why = rule?.note ?? `no authorization rule for api key ${header.apiKey}`;
      return { kind: 'close', info, error: new GatewayError('SW_ERR_PRIVATE_API', `${info.api} v${header.apiVersion}: ${why}`) };
    }
    try {
      // decoding validates the whole body before any decision (once: the pipeline's decoded body)
      let call = new Call(this.state, header, req.frame, info, ctx, req.body());
      const dup = duplicateAnswer(header.apiKey, header.apiVersion, call.body());
      if (dup instanceof GatewayError) return { kind: 'close', info, error: dup };
      if (dup) {
        ctx.log.warn({ err: 'SW_ERR_DUPLICATE_RESOURCE', principal: ctx.principal, api: info.api, duplicates: dup.results.length }, 'duplicated resources refused with INVALID_REQUEST');
        call = call.withBody(dup.body);
        if (listIsEmpty(dup.body)) return call.respond(withDuplicates(call, call.response(), dup));
      }
      const v = rule.handle(call);
      if (!dup) return v instanceof Promise ? v.catch((e: unknown) => undecodable(info, e)) : v;
      const merge = (verdict: Verdict | null) => mergeDuplicates(call, verdict, dup);
      return v instanceof Promise ? v.then(merge, (e: unknown) => undecodable(info, e)) : merge(v);
    } catch (e) {
      return undecodable(info, e);
    }
  }

  close(): void {
    // fetch-session state is per connection and goes with the stage
  }
}

/** The backend's answer through the rule's edit; an answer the edit cannot read is the backend's fault. */
function editAnswer(edit: AnswerEdit, info: RequestInfo, frame: Buffer): Buffer {
  try {
    return edit(frame);
  } catch (e) {
    throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `${info.api} v${info.apiVersion} answer: ${(e as Error).message}`);
  }
}

/** Whether the answer passes unchanged, from its head alone (only edits that can tell, e.g. Fetch's, say yes). */
function answerPasses(edit: AnswerEdit, _info: RequestInfo, head: Buffer): boolean {
  return edit.passes?.(head) === true;
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
  const prev = call.state.answers.peek(v.info);
  call.state.answers.expect(v.info, (f) => add(prev ? prev(f) : f));
  return v;
}
