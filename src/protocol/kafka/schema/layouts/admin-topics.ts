/**
 * Layouts of the topic and config administration messages: CreateTopics (19), DeleteTopics (20),
 * CreatePartitions (37), DescribeConfigs (32), AlterConfigs (33), IncrementalAlterConfigs (44).
 * Notation: ../notation.ts. Field names follow Kafka's schemas.
 */
import type { SchemaTexts } from '../registry-types.js';

export const ADMIN_TOPIC_SCHEMAS: SchemaTexts = {
  19: {
    request: `
Topics []
  Name string
  NumPartitions int32
  ReplicationFactor int16
  Assignments []
    PartitionIndex int32
    BrokerIds []int32
  Configs []
    Name string
    Value string?
TimeoutMs int32 =60000
ValidateOnly bool v1+
`,
    response: `
ThrottleTimeMs int32 v2+
Topics []
  Name string
  TopicId uuid v7+
  ErrorCode int16
  ErrorMessage string? v1+ =null
  TopicConfigErrorCode int16 v5+ tag0
  NumPartitions int32 v5+ =-1
  ReplicationFactor int16 v5+ =-1
  Configs []?5+ v5+
    Name string
    Value string?
    ReadOnly bool
    ConfigSource int8 =-1
    IsSensitive bool
`,
  },
  20: {
    request: `
Topics [] v6+
  Name string? =null
  TopicId uuid
TopicNames []string v0-5
TimeoutMs int32
`,
    response: `
ThrottleTimeMs int32 v1+
Responses []
  Name string?6+
  TopicId uuid v6+
  ErrorCode int16
  ErrorMessage string?5+ v5+ =null
`,
  },
  37: {
    request: `
Topics []
  Name string
  Count int32
  Assignments []?
    BrokerIds []int32
TimeoutMs int32
ValidateOnly bool
`,
    response: `
ThrottleTimeMs int32
Results []
  Name string
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  32: {
    request: `
Resources []
  ResourceType int8
  ResourceName string
  ConfigurationKeys []string?
IncludeSynonyms bool v1+
IncludeDocumentation bool v3+
`,
    response: `
ThrottleTimeMs int32
Results []
  ErrorCode int16
  ErrorMessage string? =null
  ResourceType int8
  ResourceName string
  Configs []
    Name string
    Value string?
    ReadOnly bool
    IsDefault bool v0
    ConfigSource int8 v1+ =-1
    IsSensitive bool
    Synonyms [] v1+
      Name string
      Value string?
      Source int8
    ConfigType int8 v3+
    Documentation string? v3+
`,
  },
  33: {
    request: `
Resources []
  ResourceType int8
  ResourceName string
  Configs []
    Name string
    Value string?
ValidateOnly bool
`,
    response: `
ThrottleTimeMs int32
Responses []
  ErrorCode int16
  ErrorMessage string? =null
  ResourceType int8
  ResourceName string
`,
  },
  44: {
    request: `
Resources []
  ResourceType int8
  ResourceName string
  Configs []
    Name string
    ConfigOperation int8
    Value string?
ValidateOnly bool
`,
    response: `
ThrottleTimeMs int32
Responses []
  ErrorCode int16
  ErrorMessage string? =null
  ResourceType int8
  ResourceName string
`,
  },
};
