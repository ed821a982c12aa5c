/**
 * READ checked again when a Fetch or ShareFetch answer comes back (issue 12, point 2): between
 * the request and its answer (a fetch may wait up to MaxWaitMs), or for partitions a fetch or
 * share session holds without listing them, READ may be gone. The answer must never carry
 * records of a topic the principal may not READ at the time of the response, so each topic the
 * backend could answer for (the session's members and the listed topics, a superset of what the
 * broker's fetch context holds) is asked again; when one is now denied, the answer is decoded and
 * that topic's partitions are replaced by entries with TOPIC_AUTHORIZATION_FAILED and no records,
 * the entry a broker writes for an unauthorized partition. A topic of the answer the gateway
 * cannot name (an id it does not know) is replaced the same way (fail closed). When nothing is
 * denied the answer passes untouched (no decode on the data path).
 */
import type { Call } from './call.js';
import { buf, items, num, str, type Msg, type Value } from '../../../protocol/kafka/schema/message.js';
import { E } from './rule.js';

/** A topic the backend could answer for. */
export interface ReadCandidate {
  name: string;
  id: Buffer | null;
}

/** Where a data answer names its topics and partitions. */
export interface AnswerLayout {
  topics: string;
  name: string | null;
  id: string | null;
  parts: string;
  /** The values of a denied partition entry besides PartitionIndex. */
  denied(partition: Msg): Record<string, Value>;
}

/**
 * Names among `candidates` that may no longer be READ now (each recorded like any other denial:
 * counted, logged, audited; shadow mode allows, as for every data-plane decision).
 */
export function revokedNow(call: Call, candidates: readonly ReadCandidate[]): Set<string> {
  const gone = new Set<string>();
  const asked = new Set<string>();
  for (const c of candidates) {
    if (asked.has(c.name)) continue;
    asked.add(c.name);
    if (call.authorizer.check(call.ctx, 'TOPIC', c.name, 'READ').allowed) continue;
    if (!call.authorizer.authorize(call.ctx, call.info.api, 'TOPIC', c.name, 'READ')) gone.add(c.name);
  }
  return gone;
}

/** The name of an answer topic: by name, or by id through the candidates and the TopicIdMap. */
function answerName(call: Call, layout: AnswerLayout, t: Msg, byId: ReadonlyMap<string, string>): string | null {
  if (layout.name && typeof t[layout.name] === 'string') return str(t, layout.name);
  const id = layout.id ? buf(t, layout.id) : null;
  if (!id) return null;
  return byId.get(id.toString('hex')) ?? call.ids.name(id);
}

/** Replace the partitions of every answer topic in `gone` (or unnamed) with denied entries. Returns how many topics were replaced. */
export function withholdRecords(call: Call, answer: Msg, layout: AnswerLayout, gone: ReadonlySet<string>, candidates: readonly ReadCandidate[]): number {
  const byId = new Map<string, string>();
  for (const c of candidates) if (c.id) byId.set(c.id.toString('hex'), c.name);
  let replaced = 0;
  for (const t of items(answer, layout.topics)) {
    const name = answerName(call, layout, t, byId);
    if (name !== null && !gone.has(name)) continue;
    replaced++;
    t[layout.parts] = items(t, layout.parts).map((p) => call.responseEntry([layout.topics, layout.parts], { PartitionIndex: num(p, 'PartitionIndex'), ErrorCode: E.TOPIC_AUTH, ...layout.denied(p) }));
  }
  if (replaced > 0) call.ctx.log.warn({ err: 'SW_ERR_AUTHZ_DENIED', principal: call.ctx.principal, api: call.info.api, topics: replaced }, 'records withheld: READ is gone');
  return replaced;
}
