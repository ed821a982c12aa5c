/**
 * Layouts of the quorum, feature, config-resource and delegation-token messages:
 * DescribeQuorum (55), UpdateFeatures (57), UnregisterBroker (64), ListConfigResources (74),
 * Add/RemoveRaftVoter (80/81), Create/Renew/Expire/DescribeDelegationToken (38-41).
 * Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

const TOP_ERROR_WITH_MESSAGE = `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
`;

export const ADMIN_MISC_SCHEMAS: SchemaTexts = {
  55: {
    request: `
Topics []
  TopicName string
  Partitions []
    PartitionIndex int32
`,
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
    request: `
TimeoutMs int32 =60000
FeatureUpdates []
  Feature string
  MaxVersionLevel int16
  AllowDowngrade bool v0
  UpgradeType int8 v1+ =1
ValidateOnly bool v1+
`,
    response: `${TOP_ERROR_WITH_MESSAGE}
Results [] v0-1
  Feature string
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  64: {
    request: `
BrokerId int32
`,
    response: TOP_ERROR_WITH_MESSAGE,
  },
  74: {
    request: `
ResourceTypes []int8 v1+
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ConfigResources []
  Name string
  ResourceType int8 v1+ =16
`,
  },
  80: {
    request: `
ClusterId string?
TimeoutMs int32
VoterId int32
VoterDirectoryId uuid
Listeners []
  Name string
  Host string
  Port uint16
AckWhenCommitted bool v1+ =true
`,
    response: TOP_ERROR_WITH_MESSAGE,
  },
  81: {
    request: `
ClusterId string?
VoterId int32
VoterDirectoryId uuid
`,
    response: TOP_ERROR_WITH_MESSAGE,
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
  39: {
    request: `
Hmac bytes
RenewPeriodMs int64
`,
    response: 'ErrorCode int16\nExpiryTimestampMs int64\nThrottleTimeMs int32\n',
  },
  40: {
    request: `
Hmac bytes
ExpiryTimePeriodMs int64
`,
    response: 'ErrorCode int16\nExpiryTimestampMs int64\nThrottleTimeMs int32\n',
  },
  41: {
    request: `
Owners []?
  PrincipalType string
  PrincipalName string
`,
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
