/**
 * Fuzz target: every Kafka request body the gateway decodes, through the authorization stage's
 * public entry (kafkaAuthzStage(...)(ctx).onRequest on a KafkaRequest: strict decode, duplicate resources, the
 * api's rule of KAFKA_AUTHZ_RULES, the verdict), for every api key and version that has both a
 * rule handler and a request layout; plus the SASL handshake/authenticate bodies. The answers
 * of requests whose rule edits them (listing filters, merged denials, topic-id learning) are
 * fuzzed too: a valid backend answer and its mutations go back through the stage's response hook (responses.finish).
 *
 * The stage turns whatever a rule throws into a closing verdict (SW_ERR_MALFORMED_REQUEST and
 * its two refinements) or, for an answer, SW_ERR_UPSTREAM_PROTOCOL; so a request the strict
 * decoder reads, yet closed as undecodable, is a crash (the rule threw), and so is an answer the
 * decoder reads, yet refused.
 *
 * Crash: an exception other than KafkaDecodeError (every refusal of the reader and the schema
 * codec) or GatewayError (TypeError, RangeError, KafkaEncodeError, a bare Error...); a forwarded frame whose header bytes
 * changed or that the strict decoder cannot read back; a local answer or edited backend answer
 * that is not a decodable response of the request's api and version with its correlation id.
 */
import fc from 'fast-check';
import { API_SPECS, responseHeaderVersion } from '../../src/protocol/kafka/api-table.js';
import { KafkaDecodeError } from '../../src/protocol/kafka/codec-errors.js';
import { parseRequestHeader, responseCorrelationId } from '../../src/protocol/kafka/header.js';
import { GatewayError } from '../../src/errors.js';
import { KAFKA_AUTHZ_RULES } from '../../src/adapters/kafka/authz/rules/index.js';
import { kafkaAuthzStage } from '../../src/adapters/kafka/authz/index.js';
import { KafkaRequest } from '../../src/adapters/kafka/request.js';
import { TopicIdMap } from '../../src/adapters/kafka/authz/topic-ids.js';
import type { PipelineStage } from '../../src/adapters/pipeline.js';
import { readRequestBody, readResponse } from '../../src/protocol/kafka/schema/frames.js';
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
  return e instanceof KafkaDecodeError || e instanceof GatewayError;
}

function infoOf(frame: Buffer): RequestInfo {
  const h = parseRequestHeader(frame);
  return { apiKey: h.apiKey, apiVersion: h.apiVersion, id: h.correlationId, expectResponse: true, api: API_SPECS.get(h.apiKey)?.name ?? 'Unknown' };
}

/** The stage's codes for a request that does not decode. */
const UNDECODABLE = new Set(['SW_ERR_MALFORMED_REQUEST', 'SW_ERR_AMBIGUOUS_REQUEST', 'SW_ERR_REQUEST_TOO_COMPLEX']);

/** Whether `read` gets through (false when it refuses with the codec's decode error). */
function decodes(read: () => unknown): boolean {
  try {
    read();
    return true;
  } catch (e) {
    if (e instanceof KafkaDecodeError) return false;
    throw e;
  }
}

function checkVerdict(v: Verdict | null, frame: Buffer, info: RequestInfo): void {
  if (v === null) return;
  const h = parseRequestHeader(frame);
  if (v.kind === 'close') {
    if (UNDECODABLE.has(v.error.code)) oracle(!decodes(() => readRequestBody(frame, h)), `closed as undecodable a request that decodes: ${v.error.message}`);
    return;
  }
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

type KafkaStage = PipelineStage<KafkaRequest>;

/** Runs `frame` through a fresh stage; hands the verdict and the stage on for the answer. */
function runRule(frame: Buffer, probe: Probe, then: (v: Verdict | null, info: RequestInfo, stage: KafkaStage) => void): void {
  let result: Verdict | Promise<Verdict> | null = null;
  let info: RequestInfo | null = null;
  probe(frame, () => {
    const header = parseRequestHeader(frame);
    const rule = KAFKA_AUTHZ_RULES.get(header.apiKey);
    if (!rule || !rule.handle) return;
    const spec = API_SPECS.get(header.apiKey);
    // the session's api guard closes versions outside the table before any stage runs
    if (!spec || header.apiVersion < spec.minVersion || header.apiVersion > spec.maxVersion) return;
    if (header.apiKey === SASL_HANDSHAKE) readHandshakeMechanism(frame, header.bodyOffset);
    if (header.apiKey === SASL_AUTHENTICATE) readAuthBytes(frame, header.bodyOffset, header.apiVersion);
    info = infoOf(frame);
    const stage = kafkaAuthzStage(authorizer, { topicIds: new TopicIdMap() })(ctx);
    result = stage.onRequest(new KafkaRequest(frame), info, ctx);
    if (result instanceof Promise) {
      // inside the probed function: a slow input is run again, and every run's promise is watched
      const i: RequestInfo = info;
      probe.later(frame, result, (v) => checkVerdict(v, frame, i));
    } else {
      checkVerdict(result, frame, info);
      then(result, info, stage);
    }
  });
}

function checkEdit(stage: KafkaStage, info: RequestInfo, answer: Buffer): void {
  if (!stage.responses?.awaits(info)) return;
  let out: Buffer;
  try {
    out = stage.responses.finish(info, answer) as Buffer;
  } catch (e) {
    if (e instanceof GatewayError && e.code === 'SW_ERR_UPSTREAM_PROTOCOL') {
      oracle(!decodes(() => readResponse(answer, info.apiKey, info.apiVersion)), `refused an answer that decodes: ${e.message}`);
    }
    throw e;
  }
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
  crash:
    'through the authz stage: exceptions other than KafkaDecodeError/GatewayError; a decodable request closed as undecodable or a decodable answer refused; forwarded, answered or edited frames that do not re-parse',
  arbitrary: caseArb,
  expected: expectedKafkaError,
  check(c, probe) {
    const frame = requestFrame(c.key, c.version, c.correlationId, 'fuzz', c.body);
    runRule(frame, probe, (v, info, stage) => {
      if (!v || v.kind !== 'forward' || !stage.responses?.awaits(info) || c.answer === null) return;
      const answer = responseFrame(responseHeaderVersion(c.key, c.version) === 1, c.correlationId, c.answer);
      probe(answer, () => checkEdit(stage, info, answer));
      for (const muts of c.answerVariants) {
        const bad = fixSizePrefix(applyMutations(answer, muts));
        probe(bad, () => checkEdit(stage, info, bad));
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
