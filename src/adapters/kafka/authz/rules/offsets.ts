/**
 * Committed offsets: OffsetCommit (8), OffsetFetch (9), OffsetDelete (47).
 *
 * OffsetCommit: READ on GROUP (denied: every partition 30, no top-level field), then READ per
 * topic (ITEM 29; v10 names topics by id, unknown id → 100).
 * OffsetFetch: DESCRIBE on GROUP per group, then DESCRIBE per requested topic (ITEM 29 with
 * offset -1); a group without topic list (all partitions) is forwarded and its answer filtered.
 * A denied group shows as: v0-1 every requested partition 30 (offset -1, metadata ""), as
 * Kafka 4.x's OffsetFetchResponse.groupError does (the October 2024 coordinator path sent v1 an
 * empty answer instead); v2-7 the top-level ErrorCode; v8+ that group's ErrorCode.
 * OffsetDelete: DELETE on GROUP (top-level 30, no topics), then READ per topic (ITEM 29).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, list, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { deniedTopicEntry, rejectAllTopics, splitTopics, topicItems, topicName, type TopicLayout } from '../items.js';
import { E, groupCheck, topicCheck, type ApiRule } from '../rule.js';

const COMMIT: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Name',
  reqId: 'TopicId',
  idFrom: 10,
  reqParts: 'Partitions',
  reqIndex: 'PartitionIndex',
  respTopics: 'Topics',
  respName: 'Name',
  respId: 'TopicId',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

const FETCH_V0_7: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Name',
  reqParts: 'PartitionIndexes',
  reqIndex: null,
  respTopics: 'Topics',
  respName: 'Name',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

const FETCH_GROUP: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Name',
  reqId: 'TopicId',
  idFrom: 10,
  reqParts: 'PartitionIndexes',
  reqIndex: null,
  respTopics: 'Topics',
  respName: 'Name',
  respId: 'TopicId',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

const DELETE: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Name',
  reqParts: 'Partitions',
  reqIndex: 'PartitionIndex',
  respTopics: 'Topics',
  respName: 'Name',
  respParts: 'Partitions',
  respIndex: 'PartitionIndex',
  respError: 'ErrorCode',
};

function offsetCommit(call: Call): Verdict {
  if (!call.allow('READ', 'GROUP', str(call.body(), 'GroupId') ?? '')) return rejectAllTopics(call, COMMIT, E.GROUP_AUTH);
  return topicItems(call, COMMIT, 'READ');
}

function visibleTopics(call: Call, layout: TopicLayout, topics: readonly Msg[]): Msg[] {
  return topics.filter((t) => {
    const name = topicName(call, { ...layout, reqName: layout.respName, reqId: layout.respId }, t);
    return name !== null && call.visible('DESCRIBE', 'TOPIC', name);
  });
}

function offsetFetchSingle(call: Call): Verdict {
  const body = call.body();
  if (!call.allow('DESCRIBE', 'GROUP', str(body, 'GroupId') ?? '')) {
    if (call.version < 2) return rejectAllTopics(call, FETCH_V0_7, E.GROUP_AUTH);
    return call.respond(call.response({ ErrorCode: E.GROUP_AUTH, Topics: [] }));
  }
  if (list(body, 'Topics') === null) {
    return call.forward(null, (resp) => {
      resp.Topics = visibleTopics(call, FETCH_V0_7, items(resp, 'Topics'));
    });
  }
  return topicItems(call, FETCH_V0_7, 'DESCRIBE');
}

/** v8+: each group on its own; denied groups and denied topics answered by the gateway. */
function offsetFetchGroups(call: Call): Verdict {
  const body = call.body();
  const keptGroups: Msg[] = [];
  const local: Msg[] = [];
  const merges = new Map<string, Msg[]>();
  const filterAll = new Set<string>();
  for (const g of items(body, 'Groups')) {
    const id = str(g, 'GroupId') ?? '';
    if (!call.allow('DESCRIBE', 'GROUP', id)) {
      local.push(call.responseEntry(['Groups'], { GroupId: id, ErrorCode: E.GROUP_AUTH, Topics: [] }));
      continue;
    }
    const topics = list(g, 'Topics');
    if (topics === null) {
      filterAll.add(id);
      keptGroups.push(g);
      continue;
    }
    const split = splitTopics(call, FETCH_GROUP, topics, (name) => (call.allow('DESCRIBE', 'TOPIC', name) ? 0 : E.TOPIC_AUTH));
    const entries = split.denied.map((d) => deniedTopicEntry(call, FETCH_GROUP, d, ['Groups', 'Topics']));
    if (split.kept.length === 0 && topics.length > 0) {
      local.push(call.responseEntry(['Groups'], { GroupId: id, Topics: entries }));
      continue;
    }
    if (entries.length > 0) merges.set(id, entries);
    keptGroups.push(entries.length > 0 ? { ...g, Topics: split.kept } : g);
  }
  if (keptGroups.length === 0) return call.respond(call.response({ Groups: local }));
  const changed = local.length > 0 || merges.size > 0;
  if (!changed && filterAll.size === 0) return call.forward(null);
  return call.forward(changed ? { ...body, Groups: keptGroups } : null, (resp) => {
    for (const g of items(resp, 'Groups')) {
      const id = str(g, 'GroupId') ?? '';
      if (filterAll.has(id)) g.Topics = visibleTopics(call, FETCH_GROUP, items(g, 'Topics'));
      const extra = merges.get(id);
      if (extra) g.Topics = [...items(g, 'Topics'), ...extra];
    }
    resp.Groups = [...items(resp, 'Groups'), ...local];
  });
}

function offsetDelete(call: Call): Verdict {
  if (!call.allow('DELETE', 'GROUP', str(call.body(), 'GroupId') ?? '')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  return topicItems(call, DELETE, 'READ');
}

export const OFFSET_RULES: readonly ApiRule[] = [
  {
    key: 8,
    checks: [groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].Name | TopicId (v10+)', 'ITEM')],
    handle: offsetCommit,
  },
  {
    key: 9,
    checks: [
      groupCheck('DESCRIBE', 'GroupId | Groups[].GroupId (v8+)', 'REJECT'),
      topicCheck('DESCRIBE', 'Topics[].Name | TopicId (v10+)', 'ITEM'),
      topicCheck('DESCRIBE', 'all partitions (Topics null)', 'FILTER'),
    ],
    handle: (c) => (c.version >= 8 ? offsetFetchGroups(c) : offsetFetchSingle(c)),
  },
  {
    key: 47,
    checks: [groupCheck('DELETE', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].Name', 'ITEM')],
    handle: offsetDelete,
  },
];
