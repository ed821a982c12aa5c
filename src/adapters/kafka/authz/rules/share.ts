/**
 * KIP-932 share groups, data and offsets:
 * ShareFetch (78): READ on GROUP (top-level 30), then READ on TOPIC for every partition of the
 * share session (ids resolved through the TopicIdMap, unknown → 100): denied partitions are
 * stripped and answered 29 (AcknowledgeErrorCode 29 too when they carried acknowledgements);
 * sessions are tracked per connection like fetch sessions, an unknown incremental session is
 * answered SHARE_SESSION_NOT_FOUND (122). A topic denied in an incremental ShareFetch is added to
 * ForgottenTopicsData, and every answer is checked again for READ when it arrives (read-guard.ts).
 * ShareAcknowledge (79): READ on GROUP (30), READ per acknowledged topic (ITEM 29).
 * DescribeShareGroupOffsets (90): DESCRIBE per group (ITEM 30), DESCRIBE per topic (ITEM 29),
 * all topics (Topics null) filtered. AlterShareGroupOffsets (91): READ on GROUP (top-level 30),
 * READ per topic (ITEM 29 per partition). DeleteShareGroupOffsets (92): DELETE on GROUP (30),
 * READ per topic (ITEM 29 per topic).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { buf, items, list, num, str, type Msg } from '../codec/message.js';
import { addMembers, removeMembers, topicKey, type SessionMembers } from '../fetch-sessions.js';
import { appendEntries, deniedTopicEntry, splitTopics, topicItems, topicName, type TopicDenial, type TopicLayout } from '../items.js';
import { E, groupCheck, topicCheck, type ApiRule } from '../rule.js';
import { readResponse, responseFrame } from '../codec/frames.js';
import { responseBodyOffset } from '../../../../protocol/kafka/header.js';
import { revokedNow, withholdRecords, type AnswerLayout, type ReadCandidate } from '../read-guard.js';

const SHARE_SESSION_NOT_FOUND = 122;
const SESSION_ERRORS: ReadonlySet<number> = new Set([122, 123]);

const SHARE_FETCH: TopicLayout = {
  reqTopics: 'Topics', reqName: 'TopicId', reqId: 'TopicId', idFrom: 0, reqParts: 'Partitions', reqIndex: 'PartitionIndex',
  respTopics: 'Responses', respName: 'TopicId', respId: 'TopicId', respParts: 'Partitions', respIndex: 'PartitionIndex', respError: 'ErrorCode',
};

const ALTER_OFFSETS: TopicLayout = {
  reqTopics: 'Topics', reqName: 'TopicName', reqParts: 'Partitions', reqIndex: 'PartitionIndex',
  respTopics: 'Responses', respName: 'TopicName', respParts: 'Partitions', respIndex: 'PartitionIndex', respError: 'ErrorCode',
};

const READ_TOPIC = (call: Call) => (name: string) => (call.allow('READ', 'TOPIC', name) ? 0 : E.TOPIC_AUTH);

function groupDenied(call: Call, operation: string): boolean {
  return !call.allow(operation, 'GROUP', str(call.body(), 'GroupId') ?? '');
}

function shareEntry(call: Call, d: TopicDenial): Msg {
  const e = deniedTopicEntry(call, SHARE_FETCH, d);
  const acked = new Set(items(d.topic, 'Partitions').filter((p) => items(p, 'AcknowledgementBatches').length > 0).map((p) => num(p, 'PartitionIndex')));
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
  topics: 'Responses', name: null, id: 'TopicId', parts: 'Partitions',
  denied: () => ({ Records: null, AcquiredRecords: [] }),
};

function forgottenShare(call: Call, d: TopicDenial, held: Iterable<number> = []): Msg {
  const parts = new Set([...items(d.topic, 'Partitions').map((p) => num(p, 'PartitionIndex')), ...held]);
  return call.requestEntry(['ForgottenTopicsData'], { TopicId: d.topic.TopicId, Partitions: [...parts] });
}

function shareFetch(call: Call): Verdict {
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
  for (const t of split.kept) addMembers(members, topicName(call, SHARE_FETCH, t) as string, buf(t, 'TopicId'), items(t, 'Partitions').map((p) => num(p, 'PartitionIndex')));
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

function shareAcknowledge(call: Call): Verdict {
  if (groupDenied(call, 'READ')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  if (num(call.body(), 'ShareSessionEpoch') < 0) call.state.sessions.drop(`share:${str(call.body(), 'GroupId') ?? ''}:${str(call.body(), 'MemberId') ?? ''}`);
  return topicItems(call, SHARE_FETCH, 'READ');
}

function describeOffsets(call: Call): Verdict {
  const groups = items(call.body(), 'Groups');
  const kept: Msg[] = [];
  const local: Msg[] = [];
  const merges = new Map<string, Msg[]>();
  const filterAll = new Set<string>();
  for (const g of groups) {
    const id = str(g, 'GroupId') ?? '';
    if (!call.allow('DESCRIBE', 'GROUP', id)) {
      local.push(call.responseEntry(['Groups'], { GroupId: id, ErrorCode: E.GROUP_AUTH }));
      continue;
    }
    const topics = list(g, 'Topics');
    if (topics === null) {
      filterAll.add(id);
      kept.push(g);
      continue;
    }
    const ok = topics.filter((t) => call.allow('DESCRIBE', 'TOPIC', str(t, 'TopicName') ?? ''));
    const bad = topics.filter((t) => !ok.includes(t)).map((t) =>
      call.responseEntry(['Groups', 'Topics'], { TopicName: t.TopicName, Partitions: (t.Partitions as number[]).map((p) => call.responseEntry(['Groups', 'Topics', 'Partitions'], { PartitionIndex: p, ErrorCode: E.TOPIC_AUTH })) }));
    if (ok.length === 0 && topics.length > 0) local.push(call.responseEntry(['Groups'], { GroupId: id, Topics: bad }));
    else {
      if (bad.length > 0) merges.set(id, bad);
      kept.push(bad.length > 0 ? { ...g, Topics: ok } : g);
    }
  }
  if (kept.length === 0) return call.respond(call.response({ Groups: local }));
  const changed = local.length > 0 || merges.size > 0;
  return call.forward(changed ? { ...call.body(), Groups: kept } : null, (resp) => {
    for (const g of items(resp, 'Groups')) {
      const id = str(g, 'GroupId') ?? '';
      if (filterAll.has(id)) g.Topics = items(g, 'Topics').filter((t) => call.visible('DESCRIBE', 'TOPIC', str(t, 'TopicName') ?? ''));
      g.Topics = [...items(g, 'Topics'), ...(merges.get(id) ?? [])];
    }
    resp.Groups = [...items(resp, 'Groups'), ...local];
  });
}

function deleteOffsets(call: Call): Verdict {
  if (groupDenied(call, 'DELETE')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  const topics = items(call.body(), 'Topics');
  const ok = topics.filter((t) => call.allow('READ', 'TOPIC', str(t, 'TopicName') ?? ''));
  const bad = topics.filter((t) => !ok.includes(t)).map((t) => call.responseEntry(['Responses'], { TopicName: t.TopicName, ErrorCode: E.TOPIC_AUTH }));
  if (bad.length === 0) return call.forward(null);
  if (ok.length === 0) return call.respond(call.response({ Responses: bad }));
  return call.forward({ ...call.body(), Topics: ok }, (resp) => appendEntries(resp, 'Responses', bad));
}

export const SHARE_RULES: readonly ApiRule[] = [
  { key: 78, checks: [groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].TopicId and the share session', 'ITEM')], handle: shareFetch },
  { key: 79, checks: [groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].TopicId', 'ITEM')], handle: shareAcknowledge },
  {
    key: 90,
    checks: [groupCheck('DESCRIBE', 'Groups[].GroupId', 'ITEM'), topicCheck('DESCRIBE', 'Groups[].Topics[].TopicName', 'ITEM'), topicCheck('DESCRIBE', 'all topics (Topics null)', 'FILTER')],
    handle: describeOffsets,
  },
  {
    key: 91,
    checks: [groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].TopicName', 'ITEM')],
    handle: (c) => (groupDenied(c, 'READ') ? c.respond(c.response({ ErrorCode: E.GROUP_AUTH })) : topicItems(c, ALTER_OFFSETS, 'READ')),
  },
  { key: 92, checks: [groupCheck('DELETE', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].TopicName', 'ITEM')], handle: deleteOffsets },
];
