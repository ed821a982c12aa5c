/**
 * The argument syntax of Fluss's Flink ACL procedures (AbstractAclProcedure and its add_acl,
 * drop_acl, list_acl subclasses), for a CLI that speaks the same language:
 *
 *   resource   `cluster` | `cluster.<db>` | `cluster.<db>.<table>` (first segment any case;
 *              split on `.` like Java, trailing empty pieces dropped); `ANY`/absent = any.
 *   permission enum name, any case: `ALLOW`, or `ANY` (absent = ANY).
 *   principal  `Type:Name` (exactly one colon-separated pair); `ALL` = `*:*`; `ANY`/absent = any.
 *   operation  enum name, any case (absent = ANY).
 *   host       absent = `*` (for all three procedures); `ANY` = any host.
 *
 * add_acl refuses every ANY component; drop_acl and list_acl turn the arguments into a filter.
 */
import { FLUSS_CLUSTER_NAME, FLUSS_OPERATION_CODES, FLUSS_WILDCARD_PRINCIPAL } from './codes.js';
import { javaEqualsIgnoreCase } from './entry.js';
import type { FlussAclFilter } from './filters.js';
import type { AclEntry } from './types.js';

export interface FlinkAclArgs {
  resource?: string | null;
  permission?: string | null;
  principal?: string | null;
  operation?: string | null;
  host?: string | null;
}

/** Java String.split with a literal one-character separator and limit 0. */
function javaSplit(s: string, sep: string): string[] {
  if (s.length === 0) return [''];
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** `cluster[.db[.table]]` to the wire resource; `ANY` or absent to the filter-only ANY resource. */
export function parseFlussResource(text: string | null | undefined): { resourceType: string; resourceName: string } {
  if (text == null || javaEqualsIgnoreCase(text, 'ANY')) return { resourceType: 'ANY', resourceName: 'any' };
  const path = javaSplit(text, '.');
  if (path.length === 0 || path.length > 3 || !javaEqualsIgnoreCase(path[0], 'cluster')) {
    throw new Error('resource must be in format cluster.${database}.${table}');
  }
  if (path.length === 1) return { resourceType: 'CLUSTER', resourceName: FLUSS_CLUSTER_NAME };
  if (path.length === 2) return { resourceType: 'DATABASE', resourceName: path[1] };
  return { resourceType: 'TABLE', resourceName: `${path[1]}.${path[2]}` };
}

/** The procedure syntax for a wire resource (inverse of parseFlussResource). */
export function formatFlussResource(resourceType: string, resourceName: string): string {
  if (resourceType === 'CLUSTER' && resourceName === FLUSS_CLUSTER_NAME) return 'cluster';
  return `cluster.${resourceName}`;
}

/** `Type:Name` / `ALL` / `ANY`; null means "any principal". */
export function parseFlussPrincipal(text: string | null | undefined): string | null {
  if (text == null || javaEqualsIgnoreCase(text, 'ANY')) return null;
  if (javaEqualsIgnoreCase(text, 'ALL')) return FLUSS_WILDCARD_PRINCIPAL;
  const parts = javaSplit(text, ':');
  if (parts.length !== 2) throw new Error('principal must be in format PrincipalType:PrincipalName');
  return `${parts[0]}:${parts[1]}`;
}

function parseEnum(text: string | null | undefined, allowed: readonly string[], what: string): string {
  if (text == null) return 'ANY';
  const name = text.toUpperCase();
  if (!allowed.includes(name)) throw new Error(`No enum constant ${what}.${name}`);
  return name;
}

/** The procedures' host handling: absent = `*`, `ANY` = any host (null). */
export function parseFlussHost(text: string | null | undefined): string | null {
  const host = text ?? '*';
  return javaEqualsIgnoreCase(host, 'ANY') ? null : host;
}

/** add_acl: the one entry it would create; throws when a component is ANY or malformed. */
export function flinkAddAcl(args: FlinkAclArgs): AclEntry {
  const f = flinkAclFilter(args);
  if (f.resourceType === 'ANY' || f.permission === 'ANY' || f.principal === null || f.operation === 'ANY' || f.host === null) {
    throw new Error("Wildcard 'ANY' can only be used for filtering, not for adding ACL entries.");
  }
  return {
    principal: f.principal,
    host: f.host,
    resourceType: f.resourceType,
    resourceName: f.resourceName as string,
    patternType: 'LITERAL',
    operation: f.operation,
    permission: 'ALLOW',
  };
}

/** drop_acl / list_acl: the filter they send. */
export function flinkAclFilter(args: FlinkAclArgs): FlussAclFilter {
  const permission = parseEnum(args.permission, ['ANY', 'ALLOW'], 'PermissionType');
  const principal = parseFlussPrincipal(args.principal);
  const operation = parseEnum(args.operation, Object.keys(FLUSS_OPERATION_CODES), 'OperationType');
  const resource = parseFlussResource(args.resource);
  return { protocol: 'fluss', ...resource, principal, host: parseFlussHost(args.host), operation, permission };
}
