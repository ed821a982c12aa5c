/**
 * Layouts of the ACL admin messages the gateway answers itself: DescribeAcls (29),
 * CreateAcls (30), DeleteAcls (31), flexible from v2. Notation: ../notation.ts.
 */
import type { SchemaTexts } from '../registry-types.js';

export const ACL_SCHEMAS: SchemaTexts = {
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
