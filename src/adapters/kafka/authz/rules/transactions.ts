/**
 * Transactions and idempotence:
 * InitProducerId (22): with a transactional id WRITE on TRANSACTIONAL_ID (+ TWO_PHASE_COMMIT when
 * Enable2Pc, v6) → 53; without one IDEMPOTENT_WRITE on CLUSTER (asked quietly) or WRITE on any
 * TOPIC (authorizeByResourceType) → 31; ProducerId/Epoch -1.
 * AddPartitionsToTxn (24) v0-3: WRITE on TRANSACTIONAL_ID (every partition 53), then WRITE per
 * topic with internal topics always denied: all-or-nothing, failing partitions 29 and the rest
 * 55, nothing forwarded. v4+ is broker-to-broker: CLUSTER_ACTION on CLUSTER, else top-level 31.
 * AddOffsetsToTxn (25): WRITE on TRANSACTIONAL_ID (53), then READ on GROUP (30), top-level.
 * EndTxn (26): WRITE on TRANSACTIONAL_ID (53), top-level.
 * TxnOffsetCommit (28): WRITE on TRANSACTIONAL_ID then READ on GROUP (every partition 53 / 30),
 * then READ per topic (ITEM 29).
 * DescribeTransactions (65): DESCRIBE per transactional id (ITEM 53); topics inside the states
 * filtered by DESCRIBE. ListTransactions (66): states filtered by DESCRIBE on the id.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, items, str, strings, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { rejectAllTopics, topicItems, type TopicLayout } from '../items.js';
import { clusterCheck, CLUSTER, E, groupCheck, topicCheck, txnCheck, type ApiRule } from '../rule.js';

const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state', '__share_group_state']);

const TXN_COMMIT: TopicLayout = {
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

const ADD_PARTITIONS: TopicLayout = {
  reqTopics: 'V3AndBelowTopics',
  reqName: 'Name',
  reqParts: 'Partitions',
  reqIndex: null,
  respTopics: 'ResultsByTopicV3AndBelow',
  respName: 'Name',
  respParts: 'ResultsByPartition',
  respIndex: 'PartitionIndex',
  respError: 'PartitionErrorCode',
};

function initProducerId(call: Call): Verdict {
  const body = call.body();
  const id = str(body, 'TransactionalId');
  const deny = (code: number) => call.respond(call.response({ ErrorCode: code }));
  if (id !== null) {
    if (!call.allow('WRITE', 'TRANSACTIONAL_ID', id)) return deny(E.TXN_AUTH);
    if (call.version >= 6 && bool(body, 'Enable2Pc') && !call.allow('TWO_PHASE_COMMIT', 'TRANSACTIONAL_ID', id)) return deny(E.TXN_AUTH);
    return call.forward(null);
  }
  const idempotent = call.enforcing && call.authorizer.check(call.ctx, 'CLUSTER', CLUSTER, 'IDEMPOTENT_WRITE').allowed;
  if (idempotent || call.authorizer.authorizeAny(call.ctx, call.info.api, 'TOPIC', 'WRITE')) return call.forward(null);
  return deny(E.CLUSTER_AUTH);
}

function addPartitionsToTxn(call: Call): Verdict {
  const body = call.body();
  if (call.version >= 4) {
    return call.allowCluster('CLUSTER_ACTION') ? call.forward(null) : call.respond(call.response({ ErrorCode: E.CLUSTER_AUTH }));
  }
  if (!call.allow('WRITE', 'TRANSACTIONAL_ID', str(body, 'V3AndBelowTransactionalId') ?? '')) return rejectAllTopics(call, ADD_PARTITIONS, E.TXN_AUTH);
  const topics = items(body, 'V3AndBelowTopics');
  const denied = new Set(topics.map((t) => str(t, 'Name') ?? '').filter((n) => INTERNAL_TOPICS.has(n) || !call.allow('WRITE', 'TOPIC', n)));
  if (denied.size === 0) return call.forward(null);
  const results = topics.map((t) => {
    const code = denied.has(str(t, 'Name') ?? '') ? E.TOPIC_AUTH : E.NOT_ATTEMPTED;
    const parts = (t.Partitions as number[]).map((p) => call.responseEntry(['ResultsByTopicV3AndBelow', 'ResultsByPartition'], { PartitionIndex: p, PartitionErrorCode: code }));
    return call.responseEntry(['ResultsByTopicV3AndBelow'], { Name: t.Name, ResultsByPartition: parts });
  });
  return call.respond(call.response({ ResultsByTopicV3AndBelow: results }));
}

function addOffsetsToTxn(call: Call): Verdict {
  const body = call.body();
  if (!call.allow('WRITE', 'TRANSACTIONAL_ID', str(body, 'TransactionalId') ?? '')) return call.respond(call.response({ ErrorCode: E.TXN_AUTH }));
  if (!call.allow('READ', 'GROUP', str(body, 'GroupId') ?? '')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  return call.forward(null);
}

function txnOffsetCommit(call: Call): Verdict {
  const body = call.body();
  if (!call.allow('WRITE', 'TRANSACTIONAL_ID', str(body, 'TransactionalId') ?? '')) return rejectAllTopics(call, TXN_COMMIT, E.TXN_AUTH);
  if (!call.allow('READ', 'GROUP', str(body, 'GroupId') ?? '')) return rejectAllTopics(call, TXN_COMMIT, E.GROUP_AUTH);
  return topicItems(call, TXN_COMMIT, 'READ');
}

function visibleTopicsOf(call: Call, state: Msg): void {
  state.Topics = items(state, 'Topics').filter((t) => call.visible('DESCRIBE', 'TOPIC', str(t, 'Topic') ?? ''));
}

function describeTransactions(call: Call): Verdict {
  const ids = strings(call.body(), 'TransactionalIds');
  const kept = ids.filter((id) => call.allow('DESCRIBE', 'TRANSACTIONAL_ID', id));
  const denied = ids.filter((id) => !kept.includes(id)).map((id) => call.responseEntry(['TransactionStates'], { TransactionalId: id, ErrorCode: E.TXN_AUTH }));
  if (kept.length === 0 && ids.length > 0) return call.respond(call.response({ TransactionStates: denied }));
  return call.forward(denied.length > 0 ? { ...call.body(), TransactionalIds: kept } : null, (resp) => {
    for (const s of items(resp, 'TransactionStates')) visibleTopicsOf(call, s);
    resp.TransactionStates = [...items(resp, 'TransactionStates'), ...denied];
  });
}

function listTransactions(call: Call): Verdict {
  return call.forward(null, (resp) => {
    resp.TransactionStates = items(resp, 'TransactionStates').filter((s) => call.visible('DESCRIBE', 'TRANSACTIONAL_ID', str(s, 'TransactionalId') ?? ''));
  });
}

export const TRANSACTION_RULES: readonly ApiRule[] = [
  {
    key: 22,
    checks: [
      txnCheck('WRITE', 'TransactionalId', 'REJECT', E.TXN_AUTH, 'transactional id set'),
      txnCheck('TWO_PHASE_COMMIT', 'TransactionalId', 'REJECT', E.TXN_AUTH, 'Enable2Pc (v6)'),
      clusterCheck('IDEMPOTENT_WRITE', 'REJECT', E.CLUSTER_AUTH, 'no transactional id; or WRITE on any TOPIC'),
    ],
    handle: initProducerId,
  },
  {
    key: 24,
    checks: [
      txnCheck('WRITE', 'V3AndBelowTransactionalId', 'REJECT', E.TXN_AUTH, 'v0-3'),
      topicCheck('WRITE', 'V3AndBelowTopics[].Name', 'ITEM', E.TOPIC_AUTH, 'v0-3; others 55'),
      clusterCheck('CLUSTER_ACTION', 'REJECT', E.CLUSTER_AUTH, 'v4+'),
    ],
    handle: addPartitionsToTxn,
  },
  { key: 25, checks: [txnCheck('WRITE', 'TransactionalId', 'REJECT'), groupCheck('READ', 'GroupId', 'REJECT')], handle: addOffsetsToTxn },
  {
    key: 26,
    checks: [txnCheck('WRITE', 'TransactionalId', 'REJECT')],
    handle: (c) => (c.allow('WRITE', 'TRANSACTIONAL_ID', str(c.body(), 'TransactionalId') ?? '') ? c.forward(null) : c.respond(c.response({ ErrorCode: E.TXN_AUTH }))),
  },
  {
    key: 28,
    checks: [txnCheck('WRITE', 'TransactionalId', 'REJECT'), groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('READ', 'Topics[].Name', 'ITEM')],
    handle: txnOffsetCommit,
  },
  {
    key: 65,
    checks: [txnCheck('DESCRIBE', 'TransactionalIds[]', 'ITEM'), topicCheck('DESCRIBE', 'TransactionStates[].Topics[]', 'FILTER')],
    handle: describeTransactions,
  },
  { key: 66, checks: [txnCheck('DESCRIBE', 'TransactionStates[].TransactionalId', 'FILTER')], handle: listTransactions },
];
