/**
 * Fetch (1). A follower fetch (ReplicaId ≥ 0 up to v14, ReplicaState.ReplicaId from v15) needs
 * CLUSTER_ACTION on CLUSTER, else every partition gets 29. A consumer fetch needs READ on TOPIC
 * for every partition of the fetch context: the partitions listed, and for incremental fetch
 * sessions every partition the session holds (see fetch-sessions.ts). Names come from Topic
 * (≤ v12) or the TopicId map (v13+, unknown id → 100 before the check). Denied partitions are
 * stripped, the rest forwarded, and 29 entries merged into the answer. In an incremental fetch a
 * denied topic is also added to ForgottenTopicsData (KIP-227), so the broker's session drops it,
 * and every answer is checked again for READ at the time it arrives (read-guard.ts).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import { KafkaReader } from '../../../../protocol/kafka/reader.js';
import type { Call } from '../call.js';
import { buf, items, num, str, struct, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { addMembers, removeMembers, topicKey, type SessionMembers } from '../fetch-sessions.js';
import { appendEntries, deniedTopicEntry, rejectAllTopics, splitTopics, topicName, type TopicDenial, type TopicLayout } from '../items.js';
import { clusterCheck, E, topicCheck, type ApiRule } from '../rule.js';
import { readResponse, responseFrame } from '../../../../protocol/kafka/schema/frames.js';
import { responseHeaderVersion } from '../../../../protocol/kafka/api-table.js';
import { revokedNow, withholdRecords, type AnswerLayout, type ReadCandidate } from '../read-guard.js';

export const FETCH_LAYOUT: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Topic',
  reqId: 'TopicId',
  idFrom: 13,
  reqParts: 'Partitions',
  reqIndex: 'Partition',
  respTopics: 'Responses',
  respName: 'Topic',
  respId: 'TopicId',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

const SESSION_ERRORS: ReadonlySet<number> = new Set([70, 71, 106]);

function replicaId(call: Call, body: Msg): number {
  if (call.version <= 14) return num(body, 'ReplicaId');
  const state = struct(body, 'ReplicaState');
  return state ? num(state, 'ReplicaId') : -1;
}

function memberKey(call: Call, t: Msg): string {
  return call.version >= 13 ? topicKey(null, buf(t, 'TopicId')) : topicKey(str(t, 'Topic'), null);
}

/** Record the allowed listed partitions as session members. */
function addListed(call: Call, members: SessionMembers, kept: readonly Msg[]): void {
  for (const t of kept) {
    const name = topicName(call, FETCH_LAYOUT, t) as string;
    addMembers(
      members,
      name,
      call.version >= 13 ? buf(t, 'TopicId') : null,
      items(t, 'Partitions').map((p) => num(p, 'Partition')),
    );
  }
}

/** Session members (not listed in this frame) whose READ is gone: forgotten now, answered 29. */
function revoked(call: Call, members: SessionMembers, listed: ReadonlySet<string>): TopicDenial[] {
  const out: TopicDenial[] = [];
  for (const [key, m] of [...members]) {
    if (listed.has(key) || call.allow('READ', 'TOPIC', m.name)) continue;
    members.delete(key);
    const parts = [...m.partitions].map((p) => call.requestEntry(['Topics', 'Partitions'], { Partition: p }));
    out.push({ topic: call.requestEntry(['Topics'], { Topic: m.name, TopicId: m.id ?? Buffer.alloc(16), Partitions: parts }), code: E.TOPIC_AUTH });
  }
  return out;
}

function forgottenEntry(call: Call, d: TopicDenial): Msg {
  const parts = items(d.topic, 'Partitions').map((p) => num(p, 'Partition'));
  return call.requestEntry(['ForgottenTopicsData'], { Topic: d.topic.Topic ?? '', TopicId: d.topic.TopicId ?? Buffer.alloc(16), Partitions: parts });
}

/** A listed topic denied in an incremental fetch: the broker's session may hold it, so it is forgotten (all its member partitions too). */
function forgetListed(call: Call, members: SessionMembers, d: TopicDenial): Msg {
  const key = memberKey(call, d.topic);
  const held = members.get(key)?.partitions ?? new Set<number>();
  members.delete(key);
  const parts = new Set([...items(d.topic, 'Partitions').map((p) => num(p, 'Partition')), ...held]);
  return call.requestEntry(['ForgottenTopicsData'], { Topic: d.topic.Topic ?? '', TopicId: d.topic.TopicId ?? Buffer.alloc(16), Partitions: [...parts] });
}

const ANSWER: AnswerLayout = {
  topics: 'Responses',
  name: 'Topic',
  id: 'TopicId',
  parts: 'Partitions',
  denied: () => ({ HighWatermark: -1n, LastStableOffset: -1n, LogStartOffset: -1n, Records: null }),
};

function handleFetch(call: Call): Verdict {
  const body = call.body();
  if (replicaId(call, body) >= 0) {
    return call.allowCluster('CLUSTER_ACTION') ? call.forward(null) : rejectAllTopics(call, FETCH_LAYOUT, E.TOPIC_AUTH);
  }
  const sessionId = call.version >= 7 ? num(body, 'SessionId') : 0;
  const epoch = call.version >= 7 ? num(body, 'SessionEpoch') : -1;
  const sessions = call.state.sessions;
  const split = splitTopics(call, FETCH_LAYOUT, items(body, 'Topics'), (name) => (call.allow('READ', 'TOPIC', name) ? 0 : E.TOPIC_AUTH));
  const forgotten: Msg[] = [];
  let members: SessionMembers;
  if (epoch > 0) {
    const existing = sessions.get(sessionId);
    if (!existing) return call.respond(call.response({ ErrorCode: E.FETCH_SESSION_NOT_FOUND, SessionId: 0 }));
    members = existing;
    for (const f of items(body, 'ForgottenTopicsData')) removeMembers(members, memberKey(call, f), items(f, 'Partitions') as unknown as number[]);
    forgotten.push(...split.denied.map((d) => forgetListed(call, members, d)));
    const listed = new Set(items(body, 'Topics').map((t) => memberKey(call, t)));
    const gone = revoked(call, members, listed);
    split.denied.push(...gone);
    forgotten.push(...gone.map((d) => forgottenEntry(call, d)));
    addListed(call, members, split.kept);
  } else {
    if (sessionId > 0) sessions.drop(sessionId);
    members = new Map();
    addListed(call, members, split.kept);
    if (split.kept.length === 0 && split.denied.length > 0) {
      return call.respond(call.response({ SessionId: 0, Responses: split.denied.map((d) => deniedTopicEntry(call, FETCH_LAYOUT, d)) }));
    }
  }
  const entries = split.denied.map((d) => deniedTopicEntry(call, FETCH_LAYOUT, d));
  const candidates: ReadCandidate[] = [...members.values()].map((m) => ({ name: m.name, id: m.id }));
  let req: Msg | null = null;
  if (entries.length > 0) {
    req = { ...body, Topics: split.kept };
    if (call.version >= 7) req.ForgottenTopicsData = [...items(body, 'ForgottenTopicsData'), ...forgotten];
  }
  const { key, version } = call;
  // What the answer's head says (session bookkeeping, READ checked again), decided once: from
  // the head of an answer arriving in pieces (passed on as received when nothing changes), or
  // from the joined answer.
  let decided: { pass: boolean; code: number; gone: Set<string> } | undefined;
  const decide = (head: Buffer): { pass: boolean; code: number; gone: Set<string> } => {
    if (decided) return decided;
    // v7+ body: ThrottleTimeMs int32, ErrorCode int16, SessionId int32 (bounds-checked reads:
    // a truncated answer is a decode error, never a RangeError)
    const r = new KafkaReader(head, 8);
    if (responseHeaderVersion(key, version) === 1) r.skipTaggedFields();
    let code = 0;
    if (version >= 7) {
      r.int32();
      code = r.int16();
      const id = r.int32();
      if (SESSION_ERRORS.has(code)) {
        sessions.drop(sessionId);
        return (decided = { pass: true, code, gone: new Set() });
      }
      if (epoch === 0 && id !== 0) sessions.open(id, members);
    }
    const gone = revokedNow(call, candidates);
    return (decided = { pass: gone.size === 0 && (entries.length === 0 || code !== 0), code, gone });
  };
  return call.forwardRaw(
    (frame) => {
      const { pass, code, gone } = decide(frame);
      if (pass) return frame;
      const { head, body: resp } = readResponse(frame, key, version);
      withholdRecords(call, resp, ANSWER, gone, candidates);
      if (code === 0) appendEntries(resp, 'Responses', entries);
      return responseFrame(head, key, version, resp);
    },
    req,
    (head) => decide(head).pass,
  );
}

export const FETCH_RULE: ApiRule = {
  key: 1,
  checks: [
    clusterCheck('CLUSTER_ACTION', 'ITEM', E.TOPIC_AUTH, 'follower fetch (replica id ≥ 0)'),
    topicCheck('READ', 'Topics[].Topic | TopicId (v13+), and every partition of the fetch session', 'ITEM'),
  ],
  handle: handleFetch,
};
