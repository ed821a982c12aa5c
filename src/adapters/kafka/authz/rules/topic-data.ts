/**
 * Topic-scoped data apis with plain per-topic ITEM denials:
 * ListOffsets (2) DESCRIBE, OffsetForLeaderEpoch (23) CLUSTER_ACTION on CLUSTER grants every
 * topic (asked quietly, as the broker does) else DESCRIBE, DeleteRecords (21) DELETE,
 * DescribeProducers (61) READ (not DESCRIBE). Denied partitions get 29 with the broker's
 * placeholder values (-1 offsets and watermarks).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { topicItems, type TopicLayout } from '../items.js';
import { clusterCheck, CLUSTER, topicCheck, type ApiRule } from '../rule.js';

const LIST_OFFSETS: TopicLayout = {
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

const OFFSET_FOR_LEADER_EPOCH: TopicLayout = {
  reqTopics: 'Topics',
  reqName: 'Topic',
  reqParts: 'Partitions',
  reqIndex: 'Partition',
  respTopics: 'Topics',
  respName: 'Topic',
  respParts: 'Partitions',
  respIndex: 'Partition',
  respError: 'ErrorCode',
};

const DELETE_RECORDS: TopicLayout = {
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

const DESCRIBE_PRODUCERS: TopicLayout = {
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

function offsetForLeaderEpoch(call: Call): Verdict {
  if (call.enforcing && call.authorizer.check(call.ctx, 'CLUSTER', CLUSTER, 'CLUSTER_ACTION').allowed) return call.forward(null);
  return topicItems(call, OFFSET_FOR_LEADER_EPOCH, 'DESCRIBE');
}

export const TOPIC_DATA_RULES: readonly ApiRule[] = [
  { key: 2, checks: [topicCheck('DESCRIBE', 'Topics[].Name', 'ITEM')], handle: (c) => topicItems(c, LIST_OFFSETS, 'DESCRIBE') },
  {
    key: 23,
    checks: [clusterCheck('CLUSTER_ACTION', 'NONE', undefined, 'grants every topic'), topicCheck('DESCRIBE', 'Topics[].Topic', 'ITEM')],
    handle: offsetForLeaderEpoch,
  },
  { key: 21, checks: [topicCheck('DELETE', 'Topics[].Name', 'ITEM')], handle: (c) => topicItems(c, DELETE_RECORDS, 'DELETE') },
  { key: 61, checks: [topicCheck('READ', 'Topics[].Name', 'ITEM')], handle: (c) => topicItems(c, DESCRIBE_PRODUCERS, 'READ') },
];
