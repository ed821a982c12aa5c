// Transactions and idempotence: InitProducerId (transactional id, 2PC, idempotent via
// IDEMPOTENT_WRITE or WRITE on any topic), AddPartitionsToTxn all-or-nothing (29 + 55),
// AddOffsetsToTxn / EndTxn top-level codes, TxnOffsetCommit, DescribeTransactions (ITEM + topic
// filter), ListTransactions (FILTER).
import t from 'tap';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, deny, forwarded, Harness, localAnswer } from '../harness.js';

t.test('InitProducerId', async (t) => {
  const none = new Harness([]);
  t.same(localAnswer(await none.send(22, 1, { TransactionalId: 'tx' })), { ThrottleTimeMs: 0, ErrorCode: 53, ProducerId: -1n, ProducerEpoch: -1 });
  t.equal(localAnswer(await none.send(22, 4, { TransactionalId: null })).ErrorCode, 31, 'idempotent without rights: 31');
  const prefixed = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'logs.', 'PREFIXED')]);
  t.equal((await prefixed.send(22, 4, { TransactionalId: null })).verdict?.kind, 'forward', 'WRITE on some topic is enough');
  const denied = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'logs.', 'PREFIXED'), { ...deny('User:bob', 'WRITE', 'TOPIC', 'logs'), patternType: 'PREFIXED' }]);
  t.equal(localAnswer(await denied.send(22, 4, { TransactionalId: null })).ErrorCode, 31, 'a DENY prefix covering the allow removes it');
  const idem = new Harness([allow('User:bob', 'IDEMPOTENT_WRITE', 'CLUSTER', 'kafka-cluster')]);
  t.equal((await idem.send(22, 2, { TransactionalId: null })).verdict?.kind, 'forward');
  const tx = new Harness([allow('User:bob', 'WRITE', 'TRANSACTIONAL_ID', 'tx')]);
  t.equal((await tx.send(22, 5, { TransactionalId: 'tx' })).verdict?.kind, 'forward');
  const v6 = localAnswer(await tx.send(22, 6, { TransactionalId: 'tx', Enable2Pc: true }));
  t.same([v6.ErrorCode, v6.OngoingTxnProducerId, v6.OngoingTxnProducerEpoch], [53, -1n, -1], '2PC needs TWO_PHASE_COMMIT');
});

t.test('AddPartitionsToTxn v0-3: all or nothing, failing topics 29, the rest 55', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TRANSACTIONAL_ID', 'tx'), allow('User:bob', 'WRITE', 'TOPIC', '*')]);
  const out = localAnswer(
    await h.send(24, 3, {
      V3AndBelowTransactionalId: 'tx',
      V3AndBelowTopics: [
        { Name: 'a', Partitions: [0, 1] },
        { Name: '__consumer_offsets', Partitions: [4] },
      ],
    }),
  );
  const codes = (out.ResultsByTopicV3AndBelow as Msg[]).map((r) => [r.Name, (r.ResultsByPartition as Msg[]).map((p) => p.PartitionErrorCode)]);
  t.same(
    codes,
    [
      ['a', [55, 55]],
      ['__consumer_offsets', [29]],
    ],
    'internal topics are never writable here',
  );
  t.equal((await h.send(24, 3, { V3AndBelowTransactionalId: 'tx', V3AndBelowTopics: [{ Name: 'a', Partitions: [0] }] })).verdict?.kind, 'forward');
  const noTx = localAnswer(await new Harness([]).send(24, 1, { V3AndBelowTransactionalId: 'tx', V3AndBelowTopics: [{ Name: 'a', Partitions: [0, 1] }] }));
  t.same(
    ((noTx.ResultsByTopicV3AndBelow as Msg[])[0].ResultsByPartition as Msg[]).map((p) => p.PartitionErrorCode),
    [53, 53],
  );
  const v4 = localAnswer(await h.send(24, 4, { Transactions: [] }));
  t.same([v4.ErrorCode, v4.ResultsByTransaction], [31, []], 'v4+ is broker-to-broker: CLUSTER_ACTION');
});

t.test('AddOffsetsToTxn, EndTxn, TxnOffsetCommit', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TRANSACTIONAL_ID', 'tx')]);
  t.same(localAnswer(await new Harness([]).send(25, 3, { TransactionalId: 'tx', GroupId: 'g' })), { ThrottleTimeMs: 0, ErrorCode: 53 });
  t.same(localAnswer(await h.send(25, 3, { TransactionalId: 'tx', GroupId: 'g' })), { ThrottleTimeMs: 0, ErrorCode: 30 });
  t.same(localAnswer(await new Harness([]).send(26, 5, { TransactionalId: 'tx' })), { ThrottleTimeMs: 0, ErrorCode: 53, ProducerId: -1n, ProducerEpoch: -1 });
  const topic = { Name: 'a', Partitions: [{ PartitionIndex: 1, CommittedOffset: 2n, CommittedMetadata: null }] };
  const noGroup = localAnswer(await h.send(28, 3, { TransactionalId: 'tx', GroupId: 'g', Topics: [topic] }));
  t.same(((noGroup.Topics as Msg[])[0].Partitions as Msg[])[0], { PartitionIndex: 1, ErrorCode: 30 });
  const g = new Harness([allow('User:bob', 'WRITE', 'TRANSACTIONAL_ID', 'tx'), allow('User:bob', 'READ', 'GROUP', 'g')]);
  const topicDenied = localAnswer(await g.send(28, 3, { TransactionalId: 'tx', GroupId: 'g', Topics: [topic] }));
  t.equal(((topicDenied.Topics as Msg[])[0].Partitions as Msg[])[0].ErrorCode, 29);
});

t.test('DescribeTransactions ITEM 53 with topics filtered; ListTransactions FILTER', async (t) => {
  const h = new Harness([allow('User:bob', 'DESCRIBE', 'TRANSACTIONAL_ID', 'tx1'), allow('User:bob', 'DESCRIBE', 'TOPIC', 'a')]);
  const sent = await h.send(65, 0, { TransactionalIds: ['tx1', 'tx2'] });
  t.same(forwarded(sent).TransactionalIds, ['tx1']);
  const state = {
    ErrorCode: 0,
    TransactionalId: 'tx1',
    TransactionState: 'Ongoing',
    Topics: [
      { Topic: 'a', Partitions: [0] },
      { Topic: 'b', Partitions: [1] },
    ],
  };
  const out = await h.answer(sent, { TransactionStates: [state] });
  t.same(
    (out.TransactionStates as Msg[]).map((s) => [s.TransactionalId, s.ErrorCode, (s.Topics as Msg[]).map((x) => x.Topic)]),
    [
      ['tx1', 0, ['a']],
      ['tx2', 53, []],
    ],
  );
  const list = await h.answer(await h.send(66, 1, {}), { TransactionStates: ['tx1', 'tx2'].map((id) => ({ TransactionalId: id, ProducerId: 1n, TransactionState: 'Ongoing' })) });
  t.same(
    (list.TransactionStates as Msg[]).map((s) => s.TransactionalId),
    ['tx1'],
  );
});
