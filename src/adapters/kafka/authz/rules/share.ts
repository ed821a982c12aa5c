/**
 * KIP-932 share groups, data and offsets:
 * ShareFetch (78): see share-fetch.ts (group READ, topic READ per session partition, forgotten
 * and withheld when READ goes away).
 * ShareAcknowledge (79): READ on GROUP (30), READ per acknowledged topic (ITEM 29).
 * DescribeShareGroupOffsets (90): DESCRIBE per group (ITEM 30), DESCRIBE per topic (ITEM 29),
 * all topics (Topics null) filtered. AlterShareGroupOffsets (91): READ on GROUP (top-level 30),
 * READ per topic (ITEM 29 per partition). DeleteShareGroupOffsets (92): DELETE on GROUP (30),
 * READ per topic (ITEM 29 per topic).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, list, num, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { appendEntries, topicItems, type TopicLayout } from '../items.js';
import { E, groupCheck, topicCheck, type ApiRule } from '../rule.js';
import { groupDenied, shareFetch, SHARE_FETCH } from './share-fetch.js';

const ALTER_OFFSETS: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'TopicName',
  reqParts: 'Partitions',
  reqIndex: 'PartitionIndex',
  respTopics: 'Responses',
  respName: 'TopicName',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

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
    const bad = topics
      .filter((t) => !ok.includes(t))
      .map((t) =>
        call.responseEntry(['Groups', 'Topics'], {
          TopicName: t.TopicName,
          Partitions: (t.Partitions as number[]).map((p) => call.responseEntry(['Groups', 'Topics', 'Partitions'], { PartitionIndex: p, ErrorCode: E.TOPIC_AUTH })),
        }),
      );
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
