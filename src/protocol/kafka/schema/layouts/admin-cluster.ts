/**
 * Layouts of the cluster administration messages the authorizer answers or rejects:
 * AlterReplicaLogDirs (34), DescribeLogDirs (35), ElectLeaders (43),
 * AlterPartitionReassignments (45), ListPartitionReassignments (46), DescribeClientQuotas (48),
 * AlterClientQuotas (49), Describe/AlterUserScramCredentials (50/51). Request layouts the rules
 * never read are here for tests that drive every api. Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

const TOP_ERROR_WITH_MESSAGE = `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
`;

export const ADMIN_CLUSTER_SCHEMAS: SchemaTexts = {
  34: {
    request: `
Dirs []
  Path string
  Topics []
    Name string
    Partitions []int32
`,
    response: `
ThrottleTimeMs int32
Results []
  TopicName string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
`,
  },
  35: {
    request: `
Topics []?
  Topic string
  Partitions []int32
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16 v3+
Results []
  ErrorCode int16
  LogDir string
  Topics []
    Name string
    Partitions []
      PartitionIndex int32
      PartitionSize int64
      OffsetLag int64
      IsFutureKey bool
  TotalBytes int64 v4+ =-1
  UsableBytes int64 v4+ =-1
`,
  },
  43: {
    request: `
ElectionType int8 v1+
TopicPartitions []?
  Topic string
  Partitions []int32
TimeoutMs int32 =60000
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16 v1+
ReplicaElectionResults []
  Topic string
  PartitionResult []
    PartitionId int32
    ErrorCode int16
    ErrorMessage string? =null
`,
  },
  45: {
    request: `
TimeoutMs int32 =60000
AllowReplicationFactorChange bool v1+ =true
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    Replicas []int32? =null
`,
    response: `
ThrottleTimeMs int32
AllowReplicationFactorChange bool v1+ =true
ErrorCode int16
ErrorMessage string? =null
Responses []
  Name string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string? =null
`,
  },
  46: {
    request: `
TimeoutMs int32 =60000
Topics []? =null
  Name string
  PartitionIndexes []int32
`,
    response: `${TOP_ERROR_WITH_MESSAGE}
Topics []
  Name string
  Partitions []
    PartitionIndex int32
    Replicas []int32
    AddingReplicas []int32
    RemovingReplicas []int32
`,
  },
  48: {
    request: `
Components []
  EntityType string
  MatchType int8
  Match string?
Strict bool
`,
    response: `${TOP_ERROR_WITH_MESSAGE}
Entries []? =null
  Entity []
    EntityType string
    EntityName string?
  Values []
    Key string
    Value float64
`,
  },
  49: {
    request: `
Entries []
  Entity []
    EntityType string
    EntityName string?
  Ops []
    Key string
    Value float64
    Remove bool
ValidateOnly bool
`,
    response: `
ThrottleTimeMs int32
Entries []
  ErrorCode int16
  ErrorMessage string? =null
  Entity []
    EntityType string
    EntityName string?
`,
  },
  50: {
    request: `
Users []?
  Name string
`,
    response: `${TOP_ERROR_WITH_MESSAGE}
Results []
  User string
  ErrorCode int16
  ErrorMessage string? =null
  CredentialInfos []
    Mechanism int8
    Iterations int32
`,
  },
  51: {
    request: `
Deletions []
  Name string
  Mechanism int8
Upsertions []
  Name string
  Mechanism int8
  Iterations int32
  Salt bytes
  SaltedPassword bytes
`,
    response: `
ThrottleTimeMs int32
Results []
  User string
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
};
