/**
 * The ACL admin messages' decoded bodies (snake_case, numeric codes) to and from the ACL engine's
 * entries and filters, plus the checks a Fluss server makes while converting them:
 * - an unknown enum code fails the whole request: Java's `fromCode` throws
 *   IllegalArgumentException, which travels as UNKNOWN_SERVER_ERROR (-1) with its text;
 * - a binding the gateway's store cannot hold (ANY parts, empty names, a principal type with a
 *   colon) fails alone, in its PbCreateAclRespInfo.
 */
import { FLUSS_OPERATION_CODES, FLUSS_PERMISSION_CODES, FLUSS_RESOURCE_TYPE_CODES, nameForCode } from '../../../acl/codes.js';
import { validateEntry } from '../../../acl/entry.js';
import { flussEntryFromWire, flussEntryToWire, flussFilterFromWire } from '../../../acl/wire.js';
import type { FlussAclFilter } from '../../../acl/filters.js';
import type { AclEntry } from '../../../acl/types.js';
import type { Decoded, Input } from '../../../protocol/fluss/proto-message.js';
import type { PbAclFilter, PbAclInfo } from '../../../protocol/fluss/messages/acl.js';

type PbInfo = Decoded<typeof PbAclInfo>;
type PbFilter = Decoded<typeof PbAclFilter>;

/** Java's text for the first unknown enum code of a binding or filter, or null. */
export function unknownCodeText(pb: { resource_type: number; operation_type: number; permission_type: number }): string | null {
  if (nameForCode(FLUSS_RESOURCE_TYPE_CODES, pb.resource_type) === undefined) return `java.lang.IllegalArgumentException: Unknown resource type code ${pb.resource_type}`;
  if (nameForCode(FLUSS_OPERATION_CODES, pb.operation_type) === undefined) return `java.lang.IllegalArgumentException: Unknown operation type code: ${pb.operation_type}`;
  if (nameForCode(FLUSS_PERMISSION_CODES, pb.permission_type) === undefined) return `java.lang.IllegalArgumentException: Unknown permission type: ${pb.permission_type}`;
  return null;
}

/** The resource a binding is on, as engine names (codes already checked). */
export function bindingResource(pb: PbInfo): { type: string; name: string } {
  return { type: nameForCode(FLUSS_RESOURCE_TYPE_CODES, pb.resource_type) as string, name: pb.resource_name };
}

/** The entry a binding stands for, or why the gateway cannot store it. */
export function bindingEntry(pb: PbInfo): { entry: AclEntry } | { problem: string } {
  if (pb.principal_name.length === 0) return { problem: 'principal name must not be empty' };
  let entry: AclEntry;
  try {
    entry = flussEntryFromWire({
      resourceName: pb.resource_name,
      resourceType: pb.resource_type,
      principalName: pb.principal_name,
      principalType: pb.principal_type,
      host: pb.host,
      operationType: pb.operation_type,
      permissionType: pb.permission_type,
    });
  } catch (e) {
    return { problem: (e as Error).message };
  }
  if (entry.resourceType === 'ANY' || entry.operation === 'ANY' || (entry.permission as string) === 'ANY') {
    return { problem: "Wildcard 'ANY' can only be used for filtering, not for adding ACL entries." };
  }
  const problem = validateEntry('fluss', entry);
  return problem ? { problem } : { entry };
}

export function filterFromPb(pb: PbFilter): FlussAclFilter {
  return flussFilterFromWire({
    resourceName: pb.resource_name,
    resourceType: pb.resource_type,
    principalName: pb.principal_name,
    principalType: pb.principal_type,
    host: pb.host,
    operationType: pb.operation_type,
    permissionType: pb.permission_type,
  });
}

/** The same filter with only its resource part (Fluss ResourceFilter.matches). */
export function resourcePart(f: FlussAclFilter): FlussAclFilter {
  return { ...f, principal: null, host: null, operation: 'ANY', permission: 'ANY' };
}

export function entryToPb(e: AclEntry): Input<typeof PbAclInfo> {
  const w = flussEntryToWire(e);
  return {
    resource_name: w.resourceName,
    resource_type: w.resourceType,
    principal_name: w.principalName,
    principal_type: w.principalType,
    host: w.host,
    operation_type: w.operationType,
    permission_type: w.permissionType,
  };
}
