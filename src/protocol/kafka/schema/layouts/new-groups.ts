/**
 * Layouts of the KIP-848 consumer-group and KIP-932 share-group
 * membership messages: ConsumerGroupHeartbeat (68), ConsumerGroupDescribe (69),
 * ShareGroupHeartbeat (76), ShareGroupDescribe (77). All flexible from v0.
 * Notation: ../notation.ts. Field names follow Kafka's schemas where the gateway reads them.
 */
import type { SchemaTexts } from '../registry-types.js';

const HEARTBEAT_ASSIGNMENT = `
Assignment {}? =null
  TopicPartitions []
    TopicId uuid
    Partitions []int32
`;

const DESCRIBED_ASSIGNMENT = (name: string) => `
    ${name} {}
      TopicPartitions []
        TopicId uuid
        TopicName string
        Partitions []int32`;

export const NEW_GROUP_SCHEMAS: SchemaTexts = {
  68: {
    request: `
GroupId string
MemberId string
MemberEpoch int32
InstanceId string? =null
RackId string? =null
RebalanceTimeoutMs int32 =-1
SubscribedTopicNames []string? =null
SubscribedTopicRegex string?1+ v1+ =null
ServerAssignor string? =null
TopicPartitions []? =null
  TopicId uuid
  Partitions []int32
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
MemberId string? =null
MemberEpoch int32
HeartbeatIntervalMs int32
${HEARTBEAT_ASSIGNMENT}`,
  },
  69: {
    request: `
GroupIds []string
IncludeAuthorizedOperations bool
`,
    response: `
ThrottleTimeMs int32
Groups []
  ErrorCode int16
  ErrorMessage string? =null
  GroupId string
  GroupState string
  GroupEpoch int32
  AssignmentEpoch int32
  AssignorName string
  Members []
    MemberId string
    InstanceId string? =null
    RackId string? =null
    MemberEpoch int32
    ClientId string
    ClientHost string
    SubscribedTopicNames []string
    SubscribedTopicRegex string? =null${DESCRIBED_ASSIGNMENT('Assignment')}${DESCRIBED_ASSIGNMENT('TargetAssignment')}
    MemberType int8 v1+ =-1
  AuthorizedOperations int32 =-2147483648
`,
  },
  76: {
    request: `
GroupId string
MemberId string
MemberEpoch int32
RackId string? =null
SubscribedTopicNames []string? =null
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
MemberId string? =null
MemberEpoch int32
HeartbeatIntervalMs int32
${HEARTBEAT_ASSIGNMENT}`,
  },
  77: {
    request: `
GroupIds []string
IncludeAuthorizedOperations bool
`,
    response: `
ThrottleTimeMs int32
Groups []
  ErrorCode int16
  ErrorMessage string? =null
  GroupId string
  GroupState string
  GroupEpoch int32
  AssignmentEpoch int32
  AssignorName string
  Members []
    MemberId string
    RackId string? =null
    MemberEpoch int32
    ClientId string
    ClientHost string
    SubscribedTopicNames []string${DESCRIBED_ASSIGNMENT('Assignment')}
  AuthorizedOperations int32 =-2147483648
`,
  },
};
