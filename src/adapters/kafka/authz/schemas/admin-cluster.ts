/**
 * Layouts of the cluster administration messages the authorizer answers or rejects:
 * AlterReplicaLogDirs (34), DescribeLogDirs (35), ElectLeaders (43),
 * AlterPartitionReassignments (45), ListPartitionReassignments (46), DescribeClientQuotas (48),
 * AlterClientQuotas (49), Describe/AlterUserScramCredentials (50/51), DescribeQuorum (55),
 * UpdateFeatures (57), UnregisterBroker (64), ListConfigResources (74), Add/RemoveRaftVoter
 * (80/81), delegation tokens (38-41). Only response layouts are needed where the request
 * carries nothing the answer echoes. Notation: codec/schema.ts.
 */
import type { SchemaTexts } from '../codec/registry-types.js';

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
  55: {
    response: `
ErrorCode int16
ErrorMessage string?2+ v2+ =null
Topics []
  TopicName string
  Partitions []
    PartitionIndex int32
    ErrorCode int16
    ErrorMessage string?2+ v2+ =null
    LeaderId int32
    LeaderEpoch int32
    HighWatermark int64
    CurrentVoters []
      ReplicaId int32
      ReplicaDirectoryId uuid v2+
      LogEndOffset int64
      LastFetchTimestamp int64 v1+ =-1
      LastCaughtUpTimestamp int64 v1+ =-1
    Observers []
      ReplicaId int32
      ReplicaDirectoryId uuid v2+
      LogEndOffset int64
      LastFetchTimestamp int64 v1+ =-1
      LastCaughtUpTimestamp int64 v1+ =-1
Nodes [] v2+
  NodeId int32
  Listeners []
    Name string
    Host string
    Port uint16
`,
  },
  57: {
    response: `${TOP_ERROR_WITH_MESSAGE}
Results [] v0-1
  Feature string
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  64: { response: TOP_ERROR_WITH_MESSAGE },
  80: { response: TOP_ERROR_WITH_MESSAGE },
  81: { response: TOP_ERROR_WITH_MESSAGE },
  74: {
    response: `
ThrottleTimeMs int32
ErrorCode int16
ConfigResources []
  Name string
  ResourceType int8 v1+ =16
`,
  },
  38: {
    request: `
OwnerPrincipalType string?3+ v3+
OwnerPrincipalName string?3+ v3+
Renewers []
  PrincipalType string
  PrincipalName string
MaxLifetimeMs int64
`,
    response: `
ErrorCode int16
PrincipalType string
PrincipalName string
TokenRequesterPrincipalType string v3+
TokenRequesterPrincipalName string v3+
IssueTimestampMs int64
ExpiryTimestampMs int64
MaxTimestampMs int64
TokenId string
Hmac bytes
ThrottleTimeMs int32
`,
  },
  39: { response: 'ErrorCode int16\nExpiryTimestampMs int64\nThrottleTimeMs int32\n' },
  40: { response: 'ErrorCode int16\nExpiryTimestampMs int64\nThrottleTimeMs int32\n' },
  41: {
    response: `
ErrorCode int16
Tokens []
  PrincipalType string
  PrincipalName string
  TokenRequesterPrincipalType string v3+
  TokenRequesterPrincipalName string v3+
  IssueTimestamp int64
  ExpiryTimestamp int64
  MaxTimestamp int64
  TokenId string
  Hmac bytes
  Renewers []
    PrincipalType string
    PrincipalName string
ThrottleTimeMs int32
`,
  },
};
