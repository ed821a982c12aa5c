/**
 * Layouts of the metadata messages: Metadata (3), DescribeTopicPartitions (75),
 * DescribeCluster (60). Notation: ../notation.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../registry-types.js';

export const METADATA_SCHEMAS: SchemaTexts = {
  3: {
    request: `
Topics []?1+
  TopicId uuid v10+
  Name string?10+
AllowAutoTopicCreation bool v4+ =true
IncludeClusterAuthorizedOperations bool v8-10
IncludeTopicAuthorizedOperations bool v8+
`,
    response: `
ThrottleTimeMs int32 v3+
Brokers []
  NodeId int32
  Host string
  Port int32
  Rack string?1+ v1+ =null
ClusterId string?2+ v2+ =null
ControllerId int32 v1+ =-1
Topics []
  ErrorCode int16
  Name string?12+
  TopicId uuid v10+
  IsInternal bool v1+
  Partitions []
    ErrorCode int16
    PartitionIndex int32
    LeaderId int32
    LeaderEpoch int32 v7+ =-1
    ReplicaNodes []int32
    IsrNodes []int32
    OfflineReplicas []int32 v5+
  TopicAuthorizedOperations int32 v8+ =-2147483648
ClusterAuthorizedOperations int32 v8-10 =-2147483648
ErrorCode int16 v13+
`,
  },
  75: {
    request: `
Topics []
  Name string
ResponsePartitionLimit int32 =2000
Cursor {}? =null
  TopicName string
  PartitionIndex int32
`,
    response: `
ThrottleTimeMs int32
Topics []
  ErrorCode int16
  Name string?
  TopicId uuid
  IsInternal bool
  Partitions []
    ErrorCode int16
    PartitionIndex int32
    LeaderId int32
    LeaderEpoch int32 =-1
    ReplicaNodes []int32
    IsrNodes []int32
    EligibleLeaderReplicas []int32? =null
    LastKnownElr []int32? =null
    OfflineReplicas []int32
  TopicAuthorizedOperations int32 =-2147483648
NextCursor {}? =null
  TopicName string
  PartitionIndex int32
`,
  },
  60: {
    request: `
IncludeClusterAuthorizedOperations bool
EndpointType int8 v1+ =1
IncludeFencedBrokers bool v2+
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
EndpointType int8 v1+ =1
ClusterId string
ControllerId int32 =-1
Brokers []
  BrokerId int32
  Host string
  Port int32
  Rack string? =null
  IsFenced bool v2+
ClusterAuthorizedOperations int32 =-2147483648
`,
  },
};
