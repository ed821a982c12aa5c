/**
 * Layouts of the KIP-932 share-group data and offset messages: ShareFetch (78),
 * ShareAcknowledge (79), DescribeShareGroupOffsets (90), AlterShareGroupOffsets (91),
 * DeleteShareGroupOffsets (92). All flexible from v0. Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

export const SHARE_SCHEMAS: SchemaTexts = {
  78: {
    request: `
GroupId string? =null
MemberId string?
ShareSessionEpoch int32
MaxWaitMs int32
MinBytes int32
MaxBytes int32 =0x7fffffff
MaxRecords int32 v1+
BatchSize int32 v1+
ShareAcquireMode int8 v2+
IsRenewAck bool v2+
Topics []
  TopicId uuid
  Partitions []
    PartitionIndex int32
    PartitionMaxBytes int32 v0
    AcknowledgementBatches []
      FirstOffset int64
      LastOffset int64
      AcknowledgeTypes []int8
ForgottenTopicsData []
  TopicId uuid
  Partitions []int32
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
AcquisitionLockTimeoutMs int32 v1+
Responses []
  TopicId uuid
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string? =null
    AcknowledgeErrorCode int16
    AcknowledgeErrorMessage string? =null
    CurrentLeader {}
      LeaderId int32 =-1
      LeaderEpoch int32 =-1
    Records records?
    AcquiredRecords []
      FirstOffset int64
      LastOffset int64
      DeliveryCount int16
NodeEndpoints []
  NodeId int32
  Host string
  Port int32
  Rack string? =null
`,
  },
  79: {
    request: `
GroupId string? =null
MemberId string?
ShareSessionEpoch int32
IsRenewAck bool v2+
Topics []
  TopicId uuid
  Partitions []
    PartitionIndex int32
    AcknowledgementBatches []
      FirstOffset int64
      LastOffset int64
      AcknowledgeTypes []int8
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
AcquisitionLockTimeoutMs int32 v2+
Responses []
  TopicId uuid
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string? =null
    CurrentLeader {}
      LeaderId int32 =-1
      LeaderEpoch int32 =-1
NodeEndpoints []
  NodeId int32
  Host string
  Port int32
  Rack string? =null
`,
  },
  90: {
    request: `
Groups []
  GroupId string
  Topics []? =null
    TopicName string
    Partitions []int32
`,
    response: `
ThrottleTimeMs int32
Groups []
  GroupId string
  Topics []
    TopicName string
    TopicId uuid
    Partitions []
      PartitionIndex int32
      StartOffset int64 =-1
      LeaderEpoch int32 =-1
      Lag int64 v1+ =-1
      ErrorCode int16
      ErrorMessage string? =null
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  91: {
    request: `
GroupId string
Topics []
  TopicName string
  Partitions []
    PartitionIndex int32
    StartOffset int64
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
Responses []
  TopicName string
  TopicId uuid
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string? =null
`,
  },
  92: {
    request: `
GroupId string
Topics []
  TopicName string
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
Responses []
  TopicName string
  TopicId uuid
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
};
