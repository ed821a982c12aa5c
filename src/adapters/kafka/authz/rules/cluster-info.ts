/**
 * DescribeTopicPartitions (75) and DescribeCluster (60).
 *
 * DescribeTopicPartitions: DESCRIBE on each named topic at or after the cursor topic (ITEM 29,
 * zero id, no partitions); with no names, all topics, filtered (FILTER). The topic bitfield is
 * always recomputed. A request cursor on a denied topic moves to the next allowed name (the
 * backend insists the cursor topic is listed). In all-topics mode a NextCursor that points at a
 * hidden topic would reveal its name, so it is dropped (the listing ends there).
 *
 * DescribeCluster: no check for the broker list; the cluster bitfield, when asked for, needs
 * DESCRIBE on CLUSTER (else 0).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, buf, items, num, str, struct, ZERO_UUID, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { clusterCheck, CLUSTER, E, topicCheck, type ApiRule } from '../rule.js';

function finishTopics(call: Call, resp: Msg, filter: boolean): void {
  const topics = items(resp, 'Topics').filter((t) => {
    const name = str(t, 'Name');
    if (name === null) return !filter;
    if (num(t, 'ErrorCode') === 0) call.ids.learn(buf(t, 'TopicId') ?? ZERO_UUID, name);
    return !filter || call.visible('DESCRIBE', 'TOPIC', name);
  });
  for (const t of topics) {
    const name = str(t, 'Name');
    if (name !== null) t.TopicAuthorizedOperations = call.operationBits('TOPIC', name);
  }
  resp.Topics = topics;
}

function describeTopicPartitions(call: Call): Verdict {
  const req = call.body();
  const names = items(req, 'Topics').map((t) => str(t, 'Name') as string);
  if (names.length === 0) {
    return call.forward(null, (resp) => {
      finishTopics(call, resp, true);
      const next = struct(resp, 'NextCursor');
      if (next && !call.visible('DESCRIBE', 'TOPIC', str(next, 'TopicName') ?? '')) resp.NextCursor = null;
    });
  }
  const cursor = struct(req, 'Cursor');
  const from = cursor ? (str(cursor, 'TopicName') ?? '') : '';
  const inScope = [...new Set(names)].filter((n) => n >= from).sort();
  const kept = inScope.filter((n) => call.allow('DESCRIBE', 'TOPIC', n));
  const deniedEntries = inScope.filter((n) => !kept.includes(n)).map((n) => call.responseEntry(['Topics'], { ErrorCode: E.TOPIC_AUTH, Name: n, TopicId: ZERO_UUID, Partitions: [] }));
  if (kept.length === 0) return call.respond(call.response({ Topics: deniedEntries }));
  const out: Msg = { ...req, Topics: kept.map((n) => call.requestEntry(['Topics'], { Name: n })) };
  if (cursor && !kept.includes(from)) out.Cursor = { ...cursor, TopicName: kept[0], PartitionIndex: 0 };
  return call.forward(deniedEntries.length === 0 && out.Cursor === cursor ? null : out, (resp) => {
    finishTopics(call, resp, false);
    resp.Topics = [...items(resp, 'Topics'), ...deniedEntries];
  });
}

function describeCluster(call: Call): Verdict {
  const req = call.body();
  if (!bool(req, 'IncludeClusterAuthorizedOperations')) return call.forward(null);
  return call.forward(null, (resp) => {
    if (num(resp, 'ErrorCode') !== 0) return;
    resp.ClusterAuthorizedOperations = call.allowCluster('DESCRIBE') ? call.operationBits('CLUSTER', CLUSTER) : 0;
  });
}

export const CLUSTER_INFO_RULES: readonly ApiRule[] = [
  {
    key: 75,
    checks: [topicCheck('DESCRIBE', 'Topics[].Name', 'ITEM'), topicCheck('DESCRIBE', 'all topics (Topics empty)', 'FILTER')],
    handle: describeTopicPartitions,
  },
  {
    key: 60,
    checks: [clusterCheck('DESCRIBE', 'NONE', undefined, 'IncludeClusterAuthorizedOperations; 0 when denied')],
    handle: describeCluster,
  },
];
