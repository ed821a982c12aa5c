/**
 * Layouts of the KIP-1071 streams-group messages: StreamsGroupHeartbeat (88) and
 * StreamsGroupDescribe (89). Flexible from v0. Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

const TOPIC_INFO = (name: string, indent: string) => `
${indent}${name} []
${indent}  Name string
${indent}  Partitions int32
${indent}  ReplicationFactor int16
${indent}  TopicConfigs []
${indent}    Key string
${indent}    Value string`;

const TASK_IDS = (name: string, indent: string, nullable: boolean) => `
${indent}${name} []${nullable ? '? =null' : ''}
${indent}  SubtopologyId string
${indent}  Partitions []int32`;

const TASK_OFFSETS = (name: string, indent: string, nullable: boolean) => `
${indent}${name} []${nullable ? '? =null' : ''}
${indent}  SubtopologyId string
${indent}  Partition int32
${indent}  Offset int64`;

export const STREAMS_SCHEMAS: SchemaTexts = {
  88: {
    request: `
GroupId string
MemberId string
MemberEpoch int32
EndpointInformationEpoch int32
InstanceId string? =null
RackId string? =null
RebalanceTimeoutMs int32 =-1
Topology {}? =null
  Epoch int32
  Subtopologies []
    SubtopologyId string
    SourceTopics []string
    SourceTopicRegex []string${TOPIC_INFO('StateChangelogTopics', '    ')}
    RepartitionSinkTopics []string${TOPIC_INFO('RepartitionSourceTopics', '    ')}
    CopartitionGroups []
      SourceTopics []int16
      SourceTopicRegex []int16
      RepartitionSourceTopics []int16${TASK_IDS('ActiveTasks', '', true)}${TASK_IDS('StandbyTasks', '', true)}${TASK_IDS('WarmupTasks', '', true)}
ProcessId string? =null
UserEndpoint {}? =null
  Host string
  Port uint16
ClientTags []? =null
  Key string
  Value string${TASK_OFFSETS('TaskOffsets', '', true)}${TASK_OFFSETS('TaskEndOffsets', '', true)}
ShutdownApplication bool
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
MemberId string
MemberEpoch int32
HeartbeatIntervalMs int32
AcceptableRecoveryLag int32
TaskOffsetIntervalMs int32
Status []? =null
  StatusCode int8
  StatusDetail string${TASK_IDS('ActiveTasks', '', true)}${TASK_IDS('StandbyTasks', '', true)}${TASK_IDS('WarmupTasks', '', true)}
EndpointInformationEpoch int32
PartitionsByUserEndpoint []? =null
  UserEndpoint {}
    Host string
    Port uint16
  ActivePartitions []
    Topic string
    Partitions []int32
  StandbyPartitions []
    Topic string
    Partitions []int32
`,
  },
  89: {
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
  Topology {}? =null
    Epoch int32
    Subtopologies []? =null
      SubtopologyId string
      SourceTopics []string
      RepartitionSinkTopics []string${TOPIC_INFO('StateChangelogTopics', '      ')}${TOPIC_INFO('RepartitionSourceTopics', '      ')}
  Members []
    MemberId string
    MemberEpoch int32
    InstanceId string? =null
    RackId string? =null
    ClientId string
    ClientHost string
    TopologyEpoch int32
    ProcessId string
    UserEndpoint {}? =null
      Host string
      Port uint16
    ClientTags []
      Key string
      Value string${TASK_OFFSETS('TaskOffsets', '    ', false)}${TASK_OFFSETS('TaskEndOffsets', '    ', false)}
    Assignment {}${TASK_IDS('ActiveTasks', '      ', false)}${TASK_IDS('StandbyTasks', '      ', false)}${TASK_IDS('WarmupTasks', '      ', false)}
    TargetAssignment {}${TASK_IDS('ActiveTasks', '      ', false)}${TASK_IDS('StandbyTasks', '      ', false)}${TASK_IDS('WarmupTasks', '      ', false)}
    IsClassic bool
  AuthorizedOperations int32 =-2147483648
`,
  },
};
