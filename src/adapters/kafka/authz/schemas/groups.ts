/**
 * Layouts of the classic consumer-group messages: OffsetCommit (8), OffsetFetch (9),
 * FindCoordinator (10), JoinGroup (11), Heartbeat (12), LeaveGroup (13), SyncGroup (14),
 * DescribeGroups (15), ListGroups (16), DeleteGroups (42), OffsetDelete (47).
 * Notation: codec/schema.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../codec/registry-types.js';

export const GROUP_SCHEMAS: SchemaTexts = {
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
  10: {
    request: `
Key string v0-3
KeyType int8 v1+
CoordinatorKeys []string v4+
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16 v0-3
ErrorMessage string?1-3 v1-3 =null
NodeId int32 v0-3 =-1
Host string v0-3
Port int32 v0-3 =-1
Coordinators [] v4+
  Key string
  NodeId int32 =-1
  Host string
  Port int32 =-1
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  11: {
    request: `
GroupId string
SessionTimeoutMs int32
RebalanceTimeoutMs int32 v1+ =-1
MemberId string
GroupInstanceId string?5+ v5+ =null
ProtocolType string
Protocols []
  Name string
  Metadata bytes
Reason string?8+ v8+ =null
`,
    response: `
ThrottleTimeMs int32 v2+
ErrorCode int16
GenerationId int32 =-1
ProtocolType string?7+ v7+ =null
ProtocolName string?7+
Leader string
SkipAssignment bool v9+
MemberId string
Members []
  MemberId string
  GroupInstanceId string?5+ v5+ =null
  Metadata bytes
`,
  },
  12: {
    request: `
GroupId string
GenerationId int32
MemberId string
GroupInstanceId string?3+ v3+ =null
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16
`,
  },
  13: {
    request: `
GroupId string
MemberId string v0-2
Members [] v3+
  MemberId string
  GroupInstanceId string? =null
  Reason string?5+ v5+ =null
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16
Members [] v3+
  MemberId string
  GroupInstanceId string?
  ErrorCode int16
`,
  },
  14: {
    request: `
GroupId string
GenerationId int32
MemberId string
GroupInstanceId string?3+ v3+ =null
ProtocolType string?5+ v5+ =null
ProtocolName string?5+ v5+ =null
Assignments []
  MemberId string
  Assignment bytes
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16
ProtocolType string?5+ v5+ =null
ProtocolName string?5+ v5+ =null
Assignment bytes
`,
  },
  15: {
    request: `
Groups []string
IncludeAuthorizedOperations bool v3+
`,
    response: `
ThrottleTimeMs int32 v1+
Groups []
  ErrorCode int16
  ErrorMessage string?6+ v6+ =null
  GroupId string
  GroupState string
  ProtocolType string
  ProtocolData string
  Members []
    MemberId string
    GroupInstanceId string?4+ v4+ =null
    ClientId string
    ClientHost string
    MemberMetadata bytes
    MemberAssignment bytes
  AuthorizedOperations int32 v3+ =-2147483648
`,
  },
  16: {
    request: `
StatesFilter []string v4+
TypesFilter []string v5+
`,
    response: `
ThrottleTimeMs int32 v1+
ErrorCode int16
Groups []
  GroupId string
  ProtocolType string
  GroupState string v4+
  GroupType string v5+
`,
  },
  42: {
    request: `
GroupsNames []string
`,
    response: `
ThrottleTimeMs int32
Results []
  GroupId string
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
