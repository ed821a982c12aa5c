/**
 * Reading the ACL admin requests the way a broker parses and validates them.
 *
 * Parse-time checks (Create/Describe/DeleteAclsRequest constructors): a raw code 0 (UNKNOWN) in
 * a resource type, pattern type, operation or permission fails the parse; v0 carries no pattern
 * type (LITERAL). A broker that cannot parse a request closes the connection, so these come back
 * as a close reason.
 * Per-item checks (AclApis, then the controller's validateNewAcl, in this order) become error
 * results with INVALID_REQUEST and the broker's message.
 */
import { KAFKA_PATTERN_TYPE_CODES, KAFKA_CLUSTER_NAME } from '../../../../acl/codes.js';
import { splitPrincipal } from '../../../../acl/entry.js';
import { kafkaEntryFromWire, type KafkaAclBindingWire, type KafkaAclFilterWire } from '../../../../acl/wire.js';
import type { AclEntry } from '../../../../acl/types.js';
import { num, str, type Msg } from '../../../../protocol/kafka/schema/message.js';

const UNKNOWN = 0;
const LITERAL = KAFKA_PATTERN_TYPE_CODES.LITERAL;

/** A filter of DescribeAcls (the body itself) or one DeleteAcls filter (v0 has no pattern type: LITERAL). */
export function filterWire(m: Msg, version: number): KafkaAclFilterWire {
  return {
    resourceType: num(m, 'ResourceTypeFilter'),
    resourceName: str(m, 'ResourceNameFilter'),
    patternType: version === 0 ? LITERAL : num(m, 'PatternTypeFilter'),
    principal: str(m, 'PrincipalFilter'),
    host: str(m, 'HostFilter'),
    operation: num(m, 'Operation'),
    permissionType: num(m, 'PermissionType'),
  };
}

export function bindingWire(m: Msg, version: number): KafkaAclBindingWire {
  return {
    resourceType: num(m, 'ResourceType'),
    resourceName: str(m, 'ResourceName') ?? '',
    patternType: version === 0 ? LITERAL : num(m, 'ResourcePatternType'),
    principal: str(m, 'Principal') ?? '',
    host: str(m, 'Host') ?? '',
    operation: num(m, 'Operation'),
    permissionType: num(m, 'PermissionType'),
  };
}

function hasUnknown(w: { resourceType: number; patternType: number; operation: number; permissionType: number }): boolean {
  return w.resourceType === UNKNOWN || w.patternType === UNKNOWN || w.operation === UNKNOWN || w.permissionType === UNKNOWN;
}

/** Why a broker could not parse these filters (null when it could). */
export function filterParseFailure(filters: readonly Msg[], version: number): string | null {
  for (const f of filters) if (hasUnknown(filterWire(f, version))) return 'filter contains UNKNOWN elements';
  return null;
}

/** Why a broker could not parse these creations (null when it could). */
export function creationParseFailure(creations: readonly Msg[], version: number): string | null {
  for (const c of creations) if (hasUnknown(bindingWire(c, version))) return 'creations contain UNKNOWN elements';
  return null;
}

/** The entry a creation asks for, or the broker's INVALID_REQUEST message for it. */
export function creationEntry(w: KafkaAclBindingWire): { entry: AclEntry } | { problem: string } {
  const e = kafkaEntryFromWire(w);
  if (e.resourceType === 'CLUSTER' && e.resourceName !== KAFKA_CLUSTER_NAME) return { problem: `The only valid name for the CLUSTER resource is ${KAFKA_CLUSTER_NAME}` };
  if (e.resourceName === '') return { problem: 'Invalid empty resource name' };
  if (e.resourceType === 'UNKNOWN' || e.resourceType === 'ANY') return { problem: `Invalid resourceType ${e.resourceType}` };
  if (e.patternType !== 'LITERAL' && e.patternType !== 'PREFIXED') return { problem: `Invalid patternType ${e.patternType}` };
  if (e.operation === 'UNKNOWN' || e.operation === 'ANY') return { problem: `Invalid operation ${e.operation}` };
  if (e.permission !== 'ALLOW' && e.permission !== 'DENY') return { problem: `Invalid permissionType ${e.permission}` };
  if (splitPrincipal(e.principal) === null) return { problem: `expected a string in format principalType:principalName but got ${e.principal}` };
  if (e.host === '') return { problem: 'Invalid empty host (use * for any host)' };
  return { entry: e };
}
