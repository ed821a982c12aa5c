/**
 * Fuzz target: every Kafka request body the gateway decodes, through the real per-api rule of
 * KAFKA_AUTHZ_RULES (decode, decide, build the verdict), for every api key and version that
 * has both a rule handler and a request layout; plus the SASL handshake/authenticate bodies.
 * The answers of requests whose rule edits them (listing filters, merged denials, ApiVersions
 * additions, topic-id learning) are fuzzed too: a valid backend answer and its mutations go
 * through the rule's finish().
 *
 * Crash: an exception other than KafkaDecodeError, GatewayError or the schema codec's plain
 * Error (TypeError, RangeError, KafkaEncodeError...); a forwarded frame whose header bytes
 * changed or that the strict decoder cannot read back; a local answer or edited backend answer
 * that is not a decodable response of the request's api and version with its correlation id.
 */
import fc from 'fast-check';
import { API_SPECS, responseHeaderVersion } from '../../src/protocol/kafka/api-table.js';
import { KafkaDecodeError } from '../../src/protocol/kafka/codec-errors.js';
import { parseRequestHeader, responseCorrelationId } from '../../src/protocol/kafka/header.js';
import { GatewayError } from '../../src/errors.js';
import { KAFKA_AUTHZ_RULES } from '../../src/adapters/kafka/authz/rules/index.js';
import { Call, type AnswerEdit, type StageState } from '../../src/adapters/kafka/authz/call.js';
import { PendingResponses } from '../../src/adapters/pending-responses.js';
import { FetchSessions } from '../../src/adapters/kafka/authz/fetch-sessions.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import { readRequestBody, readResponse } from '../../src/adapters/kafka/authz/codec/frames.js';
import { readAuthBytes, readHandshakeMechanism } from '../../src/adapters/kafka/sasl-messages.js';
import type { RequestInfo, Verdict } from '../../src/proxy/protocol.js';
import { bodyArb, layoutVersions, requestFrame, responseFrame } from '../lib/kafka-arb.js';
import { fuzzCtx, kafkaAuthorizer } from '../lib/context.js';
import { applyMutations, fixSizePrefix, variantsArb } from '../lib/mutate.js';
import { oracle, target, type Probe } from '../lib/target.js';

const authorizer = kafkaAuthorizer();
const ctx = fuzzCtx();

/** (key, version) pairs whose requests a rule decodes: a handler and a request layout. */
export const DECODED_REQUESTS = layoutVersions('request').filter(({ key }) => {
  const rule = KAFKA_AUTHZ_RULES.get(key);
  return rule !== undefined && rule.handle !== null;
});

const SASL_HANDSHAKE = 17;
const SASL_AUTHENTICATE = 36;

export function expectedKafkaError(e: unknown): boolean {
  return e instanceof KafkaDecodeError || e instanceof GatewayError || (e instanceof Error && e.constructor === Error);
}

function infoOf(frame: Buffer): RequestInfo {
  const h = parseRequestHeader(frame);
  return { apiKey: h.apiKey, apiVersion: h.apiVersion, id: h.correlationId, expectResponse: true, api: API_SPECS.get(h.apiKey)?.name ?? 'Unknown' };
}

function checkVerdict(v: Verdict | null, frame: Buffer, info: RequestInfo): void {
  if (v === null || v.kind === 'close') return;
  const h = parseRequestHeader(frame);
  if (v.kind === 'forward') {
    if (v.frame === frame) return;
    const h2 = parseRequestHeader(v.frame);
    oracle(v.frame.subarray(4, h2.bodyOffset).equals(frame.subarray(4, h.bodyOffset)), 'forwarded frame changed the request header');
    readRequestBody(v.frame, h2); // strict: must decode exactly
    return;
  }
  if (v.frame === null) return;
  oracle(responseCorrelationId(v.frame) === info.id, 'local answer with another correlation id');
  readResponse(v.frame, info.apiKey, info.apiVersion);
}

/** The answer edits the rules asked for, by request (what the stage's PendingResponses holds). */
const answers = new PendingResponses<AnswerEdit>((edit, _info, frame) => edit(frame));

/** Runs the api's rule on `frame`; returns the verdict for the caller to follow up on. */
function runRule(frame: Buffer, probe: Probe, then: (v: Verdict | null, info: RequestInfo) => void): void {
  let result: Verdict | Promise<Verdict> | null = null;
  let info: RequestInfo | null = null;
  probe(frame, () => {
    const header = parseRequestHeader(frame);
    const rule = KAFKA_AUTHZ_RULES.get(header.apiKey);
    if (!rule || !rule.handle) return;
    if (header.apiKey === SASL_HANDSHAKE) readHandshakeMechanism(frame, header.bodyOffset);
    if (header.apiKey === SASL_AUTHENTICATE) readAuthBytes(frame, header.bodyOffset, header.apiVersion);
    info = infoOf(frame);
    const state: StageState = { authorizer, topicIds: new TopicIdMap(), sessions: new FetchSessions(), configValues: 'rewrite', answers };
    result = rule.handle(new Call(state, header, frame, info, ctx));
    if (result instanceof Promise) {
      // inside the probed function: a slow input is run again, and every run's promise is watched
      const i: RequestInfo = info;
      probe.later(frame, result, (v) => checkVerdict(v, frame, i));
    } else {
      checkVerdict(result, frame, info);
      then(result, info);
    }
  });
}

function checkEdit(info: RequestInfo, answer: Buffer): void {
  const edit = answers.peek(info);
  if (!edit) return;
  const out = edit(answer);
  if (out === answer) return;
  oracle(responseCorrelationId(out) === responseCorrelationId(answer), 'edited answer changed the correlation id');
  readResponse(out, info.apiKey, info.apiVersion);
}

const caseArb = fc.constantFrom(...DECODED_REQUESTS).chain(({ key, version }) =>
  fc.record({
    key: fc.constant(key),
    version: fc.constant(version),
    body: bodyArb('request', key, version),
    answer: layoutVersions('response').some((p) => p.key === key && p.version === version) ? bodyArb('response', key, version) : fc.constant(null),
    correlationId: fc.integer(),
    requestVariants: variantsArb(16),
    answerVariants: variantsArb(12),
  }),
);

export const kafkaRequestsTarget = target({
  name: 'kafka-request-bodies',
  crash: 'through every rule handler: exceptions other than KafkaDecodeError/GatewayError/codec Error; forwarded, answered or edited frames that do not re-parse',
  arbitrary: caseArb,
  expected: expectedKafkaError,
  check(c, probe) {
    const frame = requestFrame(c.key, c.version, c.correlationId, 'fuzz', c.body);
    runRule(frame, probe, (v, info) => {
      if (!v || v.kind !== 'forward' || !answers.awaits(info) || c.answer === null) return;
      const answer = responseFrame(responseHeaderVersion(c.key, c.version) === 1, c.correlationId, c.answer);
      probe(answer, () => checkEdit(info, answer));
      for (const muts of c.answerVariants) {
        const bad = fixSizePrefix(applyMutations(answer, muts));
        probe(bad, () => checkEdit(info, bad));
      }
    });
    for (const muts of c.requestVariants) runRule(fixSizePrefix(applyMutations(frame, muts)), probe, () => undefined);
  },
});

/** For the report: how many (api, version) pairs the target covers. */
export function coveredRequests(): string {
  const keys = new Set(DECODED_REQUESTS.map((p) => p.key));
  return `${DECODED_REQUESTS.length} (api, version) pairs over ${keys.size} api keys`;
}

