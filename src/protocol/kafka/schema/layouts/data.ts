/**
 * Layouts of the data-plane messages the authorizer reads, strips or synthesizes: Produce (0),
 * Fetch (1), ListOffsets (2), OffsetForLeaderEpoch (23), DeleteRecords (21),
 * DescribeProducers (61). Notation: ../notation.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../registry-types.js';

export const DATA_SCHEMAS: SchemaTexts = {
  0: {
    request: `
TransactionalId string?3+ v3+ =null
Acks int16
TimeoutMs int32
TopicData []
  Name string v0-12
  TopicId uuid v13+
  PartitionData []
    Index int32
    Records records?
`,
    response: `
Responses []
  Name string v0-12
  TopicId uuid v13+
  PartitionResponses []
    Index int32
    ErrorCode int16
    BaseOffset int64 =-1
    LogAppendTimeMs int64 v2+ =-1
    LogStartOffset int64 v5+ =-1
    RecordErrors [] v8+
      BatchIndex int32
      BatchIndexErrorMessage string? =null
    ErrorMessage string? v8+ =null
ThrottleTimeMs int32 v1+
`,
  },
  1: {
    request: `
ClusterId string? v12+ tag0 =null
ReplicaId int32 v0-14 =-1
ReplicaState {} v15+ tag1
  ReplicaId int32 =-1
  ReplicaEpoch int64 =-1
MaxWaitMs int32
MinBytes int32
MaxBytes int32 v3+ =0x7fffffff
IsolationLevel int8 v4+
SessionId int32 v7+
SessionEpoch int32 v7+ =-1
Topics []
  Topic string v0-12
  TopicId uuid v13+
  Partitions []
    Partition int32
    CurrentLeaderEpoch int32 v9+ =-1
    FetchOffset int64
    LastFetchedEpoch int32 v12+ =-1
    LogStartOffset int64 v5+ =-1
    PartitionMaxBytes int32
    ReplicaDirectoryId uuid v17+ tag0
ForgottenTopicsData [] v7+
  Topic string v7-12
  TopicId uuid v13+
  Partitions []int32
RackId string v11+
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16 v7+
SessionId int32 v7+
Responses []
  Topic string v0-12
  TopicId uuid v13+
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    HighWatermark int64 =-1
    LastStableOffset int64 v4+ =-1
    LogStartOffset int64 v5+ =-1
    AbortedTransactions []?4+ v4+
      ProducerId int64
      FirstOffset int64
    PreferredReadReplica int32 v11+ =-1
    Records records?
`,
  },
  2: {
    request: `
ReplicaId int32
IsolationLevel int8 v2+
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    CurrentLeaderEpoch int32 v4+ =-1
    Timestamp int64
    MaxNumOffsets int32 v0 =1
TimeoutMs int32 v10+
`,
    response: `
ThrottleTimeMs int32 v2+
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    OldStyleOffsets []int64 v0
    Timestamp int64 v1+ =-1
    Offset int64 v1+ =-1
    LeaderEpoch int32 v4+ =-1
`,
  },
  23: {
    request: `
ReplicaId int32 v3+ =-2
Topics []
  Topic string
  Partitions []
    Partition int32
    CurrentLeaderEpoch int32 v2+ =-1
    LeaderEpoch int32
`,
    response: `
ThrottleTimeMs int32 v2+
Topics []
  Topic string
  Partitions []
    ErrorCode int16
    Partition int32
    LeaderEpoch int32 v1+ =-1
    EndOffset int64 =-1
`,
  },
  21: {
    request: `
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    Offset int64
TimeoutMs int32
`,
    response: `
ThrottleTimeMs int32
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    LowWatermark int64 =-1
    ErrorCode int16
`,
  },
  61: {
    request: `
Topics []
  Name string
  PartitionIndexes []int32
`,
    response: `
ThrottleTimeMs int32
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string? =null
    ActiveProducers []
      ProducerId int64
      ProducerEpoch int32
      LastSequence int32 =-1
      LastTimestamp int64 =-1
      CoordinatorEpoch int32
      CurrentTxnStartOffset int64 =-1
`,
  },
};
