/**
 * Layouts of the transaction and idempotence messages: InitProducerId (22),
 * AddPartitionsToTxn (24), AddOffsetsToTxn (25), EndTxn (26), TxnOffsetCommit (28),
 * DescribeTransactions (65), ListTransactions (66). Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

export const TRANSACTION_SCHEMAS: SchemaTexts = {
  22: {
    request: `
TransactionalId string?
TransactionTimeoutMs int32
ProducerId int64 v3+ =-1
ProducerEpoch int16 v3+ =-1
Enable2Pc bool v6+
KeepPreparedTxn bool v6+
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ProducerId int64 =-1
ProducerEpoch int16 =-1
OngoingTxnProducerId int64 v6+ =-1
OngoingTxnProducerEpoch int16 v6+ =-1
`,
  },
  24: {
    request: `
Transactions [] v4+
  TransactionalId string
  ProducerId int64
  ProducerEpoch int16
  VerifyOnly bool
  Topics []
    Name string
    Partitions []int32
V3AndBelowTransactionalId string v0-3
V3AndBelowProducerId int64 v0-3
V3AndBelowProducerEpoch int16 v0-3
V3AndBelowTopics [] v0-3
  Name string
  Partitions []int32
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16 v4+
ResultsByTransaction [] v4+
  TransactionalId string
  TopicResults []
    Name string
    ResultsByPartition []
      PartitionIndex int32
      PartitionErrorCode int16
ResultsByTopicV3AndBelow [] v0-3
  Name string
  ResultsByPartition []
    PartitionIndex int32
    PartitionErrorCode int16
`,
  },
  25: {
    request: `
TransactionalId string
ProducerId int64
ProducerEpoch int16
GroupId string
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
`,
  },
  26: {
    request: `
TransactionalId string
ProducerId int64
ProducerEpoch int16
Committed bool
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ProducerId int64 v5+ =-1
ProducerEpoch int16 v5+ =-1
`,
  },
  28: {
    request: `
TransactionalId string
GroupId string
ProducerId int64
ProducerEpoch int16
GenerationId int32 v3+ =-1
MemberId string v3+
GroupInstanceId string?3+ v3+ =null
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    CommittedOffset int64
    CommittedLeaderEpoch int32 v2+ =-1
    CommittedMetadata string?
`,
    response: `
ThrottleTimeMs int32
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
`,
  },
  65: {
    request: `
TransactionalIds []string
`,
    response: `
ThrottleTimeMs int32
TransactionStates []
  ErrorCode int16
  TransactionalId string
  TransactionState string
  TransactionTimeoutMs int32
  TransactionStartTimeMs int64
  ProducerId int64
  ProducerEpoch int16
  Topics []
    Topic string
    Partitions []int32
`,
  },
  66: {
    request: `
StateFilters []string
ProducerIdFilters []int64
DurationFilter int64 v1+ =-1
TransactionalIdPattern string?2+ v2+ =null
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
UnknownStateFilters []string
TransactionStates []
  TransactionalId string
  ProducerId int64
  TransactionState string
`,
  },
};
