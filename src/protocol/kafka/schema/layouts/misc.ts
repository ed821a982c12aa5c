/**
 * Layouts of the apis without authorization: ApiVersions (18, the answer the gateway extends
 * with the ACL admin apis; its response header is always v0), SaslHandshake (17),
 * SaslAuthenticate (36), GetTelemetrySubscriptions (71), PushTelemetry (72). Only ApiVersions is
 * decoded by the stage; the others are here for tests that drive every api.
 * Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

export const MISC_SCHEMAS: SchemaTexts = {
  18: {
    request: `
ClientSoftwareName string v3+
ClientSoftwareVersion string v3+
`,
    response: `
ErrorCode int16
ApiKeys []
  ApiKey int16
  MinVersion int16
  MaxVersion int16
ThrottleTimeMs int32 v1+
`,
  },
  17: { request: 'Mechanism string\n', response: 'ErrorCode int16\nMechanisms []string\n' },
  36: {
    request: 'AuthBytes bytes\n',
    response: 'ErrorCode int16\nErrorMessage string? =null\nAuthBytes bytes\nSessionLifetimeMs int64 v1+\n',
  },
  71: {
    request: 'ClientInstanceId uuid\n',
    response: `
ThrottleTimeMs int32
ErrorCode int16
ClientInstanceId uuid
SubscriptionId int32
AcceptedCompressionTypes []int8
PushIntervalMs int32
TelemetryMaxBytes int32
DeltaTemporality bool
RequestedMetrics []string
`,
  },
  72: {
    request: `
ClientInstanceId uuid
SubscriptionId int32
Terminating bool
CompressionType int8
Metrics bytes
`,
    response: 'ThrottleTimeMs int32\nErrorCode int16\n',
  },
};
