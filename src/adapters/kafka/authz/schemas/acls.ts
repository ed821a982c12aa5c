/**
 * Layouts of the ACL admin messages the gateway answers itself: DescribeAcls (29),
 * CreateAcls (30), DeleteAcls (31) (flexible from v2), and the ApiVersions (18) answer the
 * gateway extends with them (its response header is always v0). Notation: codec/schema.ts.
 */
import type { SchemaTexts } from '../codec/registry-types.js';

export const ACL_SCHEMAS: SchemaTexts = {
  18: {
    response: `
ErrorCode int16
ApiKeys []
  ApiKey int16
  MinVersion int16
  MaxVersion int16
ThrottleTimeMs int32 v1+
`,
  },
  29: {
    request: `
ResourceTypeFilter int8
ResourceNameFilter string?
PatternTypeFilter int8 v1+ =3
PrincipalFilter string?
HostFilter string?
Operation int8
PermissionType int8
`,
    response: `
ThrottleTimeMs int32
ErrorCode int16
ErrorMessage string? =null
Resources []
  ResourceType int8
  ResourceName string
  PatternType int8 v1+ =3
  Acls []
    Principal string
    Host string
    Operation int8
    PermissionType int8
`,
  },
  30: {
    request: `
Creations []
  ResourceType int8
  ResourceName string
  ResourcePatternType int8 v1+ =3
  Principal string
  Host string
  Operation int8
  PermissionType int8
`,
    response: `
ThrottleTimeMs int32
Results []
  ErrorCode int16
  ErrorMessage string? =null
`,
  },
  31: {
    request: `
Filters []
  ResourceTypeFilter int8
  ResourceNameFilter string?
  PatternTypeFilter int8 v1+ =3
  PrincipalFilter string?
  HostFilter string?
  Operation int8
  PermissionType int8
`,
    response: `
ThrottleTimeMs int32
FilterResults []
  ErrorCode int16
  ErrorMessage string? =null
  MatchingAcls []
    ErrorCode int16
    ErrorMessage string? =null
    ResourceType int8
    ResourceName string
    PatternType int8 v1+ =3
    Principal string
    Host string
    Operation int8
    PermissionType int8
`,
  },
};
