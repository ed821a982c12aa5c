/**
 * ShareFetch (78), KIP-932: READ on GROUP (top-level 30), then READ on TOPIC for every partition
 * of the share session (ids resolved through the TopicIdMap, unknown → 100): denied partitions
 * are stripped and answered 29 (AcknowledgeErrorCode 29 too when they carried acknowledgements).
 * Sessions are tracked per connection like fetch sessions (epoch 0 opens, -1 closes, an unknown
 * incremental session is answered SHARE_SESSION_NOT_FOUND, 122). A topic denied in an
 * incremental ShareFetch is added to ForgottenTopicsData, and every answer is checked again for
 * READ when it arrives (read-guard.ts).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { buf, items, num, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { addMembers, removeMembers, topicKey, type SessionMembers } from '../fetch-sessions.js';
import { appendEntries, deniedTopicEntry, splitTopics, topicName, type TopicDenial, type TopicLayout } from '../items.js';
import { E } from '../rule.js';
import { readResponse, responseFrame } from '../../../../protocol/kafka/schema/frames.js';
import { responseBodyOffset } from '../../../../protocol/kafka/header.js';
import { revokedNow, withholdRecords, type AnswerLayout, type ReadCandidate } from '../read-guard.js';

const SHARE_SESSION_NOT_FOUND = 122;
const SESSION_ERRORS: ReadonlySet<number> = new Set([122, 123]);

export const SHARE_FETCH: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'TopicId',
  reqId: 'TopicId',
  idFrom: 0,
  reqParts: 'Partitions',
  reqIndex: 'PartitionIndex',
  respTopics: 'Responses',
  respName: 'TopicId',
  respId: 'TopicId',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

export const READ_TOPIC = (call: Call) => (name: string) => (call.allow('READ', 'TOPIC', name) ? 0 : E.TOPIC_AUTH);

export function groupDenied(call: Call, operation: string): boolean {
  return !call.allow(operation, 'GROUP', str(call.body(), 'GroupId') ?? '');
}

function shareEntry(call: Call, d: TopicDenial): Msg {
  const e = deniedTopicEntry(call, SHARE_FETCH, d);
  const acked = new Set(
    items(d.topic, 'Partitions')
      .filter((p) => items(p, 'AcknowledgementBatches').length > 0)
      .map((p) => num(p, 'PartitionIndex')),
  );
  for (const p of items(e, 'Partitions')) if (acked.has(num(p, 'PartitionIndex'))) p.AcknowledgeErrorCode = d.code;
  return e;
}

function revoked(call: Call, members: SessionMembers, listed: ReadonlySet<string>): TopicDenial[] {
  const out: TopicDenial[] = [];
  for (const [key, m] of [...members]) {
    if (listed.has(key) || call.allow('READ', 'TOPIC', m.name)) continue;
    members.delete(key);
    const parts = [...m.partitions].map((p) => call.requestEntry(['Topics', 'Partitions'], { PartitionIndex: p }));
    out.push({ topic: call.requestEntry(['Topics'], { TopicId: m.id ?? Buffer.alloc(16), Partitions: parts }), code: E.TOPIC_AUTH });
  }
  return out;
}

const SHARE_ANSWER: AnswerLayout = {
  topics: 'Responses',
  name: null,
  id: 'TopicId',
  parts: 'Partitions',
  denied: () => ({ Records: null, AcquiredRecords: [] }),
};

function forgottenShare(call: Call, d: TopicDenial, held: Iterable<number> = []): Msg {
  const parts = new Set([...items(d.topic, 'Partitions').map((p) => num(p, 'PartitionIndex')), ...held]);
  return call.requestEntry(['ForgottenTopicsData'], { TopicId: d.topic.TopicId, Partitions: [...parts] });
}

export function shareFetch(call: Call): Verdict {
  const body = call.body();
  if (groupDenied(call, 'READ')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  const key = `share:${str(body, 'GroupId') ?? ''}:${str(body, 'MemberId') ?? ''}`;
  const epoch = num(body, 'ShareSessionEpoch');
  const sessions = call.state.sessions;
  const split = splitTopics(call, SHARE_FETCH, items(body, 'Topics'), READ_TOPIC(call));
  let members: SessionMembers = new Map();
  const forgotten: Msg[] = [];
  if (epoch > 0) {
    const existing = sessions.get(key);
    if (!existing) return call.respond(call.response({ ErrorCode: SHARE_SESSION_NOT_FOUND }));
    members = existing;
    for (const f of items(body, 'ForgottenTopicsData')) removeMembers(members, topicKey(null, buf(f, 'TopicId')), f.Partitions as number[]);
    for (const d of split.denied) {
      // a listed topic denied now: the broker's share session may hold it, so it is forgotten
      const k = topicKey(null, buf(d.topic, 'TopicId'));
      forgotten.push(forgottenShare(call, d, members.get(k)?.partitions));
      members.delete(k);
    }
    const gone = revoked(call, members, new Set(items(body, 'Topics').map((t) => topicKey(null, buf(t, 'TopicId')))));
    split.denied.push(...gone);
    forgotten.push(...gone.map((d) => forgottenShare(call, d)));
  } else if (epoch < 0) {
    sessions.drop(key);
  }
  for (const t of split.kept)
    addMembers(
      members,
      topicName(call, SHARE_FETCH, t) as string,
      buf(t, 'TopicId'),
      items(t, 'Partitions').map((p) => num(p, 'PartitionIndex')),
    );
  const entries = split.denied.map((d) => shareEntry(call, d));
  const candidates: ReadCandidate[] = [...members.values()].map((m) => ({ name: m.name, id: m.id }));
  const req: Msg | null = entries.length === 0 ? null : { ...body, Topics: split.kept, ForgottenTopicsData: [...items(body, 'ForgottenTopicsData'), ...forgotten] };
  const { key: api, version } = call;
  return call.forwardRaw((frame) => {
    // body: ThrottleTimeMs int32, ErrorCode int16
    const code = frame.readInt16BE(responseBodyOffset(frame, api, version) + 4);
    if (SESSION_ERRORS.has(code)) sessions.drop(key);
    else if (code === 0 && epoch === 0) sessions.open(key, members);
    const gone = revokedNow(call, candidates);
    if (gone.size === 0 && (entries.length === 0 || code !== 0)) return frame;
    const { head, body: resp } = readResponse(frame, api, version);
    withholdRecords(call, resp, SHARE_ANSWER, gone, candidates);
    if (code === 0) appendEntries(resp, 'Responses', entries);
    return responseFrame(head, api, version, resp);
  }, req);
}
