/**
 * Layouts of the committed-offset messages: OffsetCommit (8), OffsetFetch (9), OffsetDelete
 * (47). Notation: ../notation.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../registry-types.js';

export const OFFSET_SCHEMAS: SchemaTexts = {
  8: {
    request: `
GroupId string
GenerationIdOrMemberEpoch int32 v1+ =-1
MemberId string v1+
GroupInstanceId string?7+ v7+ =null
RetentionTimeMs int64 v2-4 =-1
Topics []
  Name string v0-9
  TopicId uuid v10+
  Partitions []
    PartitionIndex int32
    CommittedOffset int64
    CommittedLeaderEpoch int32 v6+ =-1
    CommitTimestamp int64 v1 =-1
    CommittedMetadata string?
`,
    response: `
ThrottleTimeMs int32 v3+
Topics []
  Name string v0-9
  TopicId uuid v10+
  Partitions []
    PartitionIndex int32
    ErrorCode int16
`,
  },
  9: {
    request: `
GroupId string v0-7
Topics []?2-7 v0-7
  Name string
  PartitionIndexes []int32
Groups [] v8+
  GroupId string
  MemberId string?9+ v9+ =null
  MemberEpoch int32 v9+ =-1
  Topics []?
    Name string v8-9
    TopicId uuid v10+
    PartitionIndexes []int32
RequireStable bool v7+
`,
    response: `
ThrottleTimeMs int32 v3+
Topics [] v0-7
  Name string
  Partitions []
    PartitionIndex int32
    CommittedOffset int64 =-1
    CommittedLeaderEpoch int32 v5-7 =-1
    Metadata string? =""
    ErrorCode int16
ErrorCode int16 v2-7
Groups [] v8+
  GroupId string
  Topics []
    Name string v8-9
    TopicId uuid v10+
    Partitions []
      PartitionIndex int32
      CommittedOffset int64 =-1
      CommittedLeaderEpoch int32 =-1
      Metadata string? =""
      ErrorCode int16
  ErrorCode int16
`,
  },
  47: {
    request: `
GroupId string
Topics []
  Name string
  Partitions []
    PartitionIndex int32
`,
    response: `
ErrorCode int16
ThrottleTimeMs int32
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
`,
  },
};
