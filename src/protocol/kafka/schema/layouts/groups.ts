/**
 * Layouts of the classic consumer-group messages: FindCoordinator (10), JoinGroup (11),
 * Heartbeat (12), LeaveGroup (13), SyncGroup (14), DescribeGroups (15), ListGroups (16),
 * DeleteGroups (42).
 * Notation: ../notation.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../registry-types.js';

export const GROUP_SCHEMAS: SchemaTexts = {
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
};
