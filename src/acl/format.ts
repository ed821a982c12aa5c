/**
 * Printable forms of ACL entries, as each project's own tools print them.
 *
 * Fluss (Flink `CALL sys.list_acl`, ListAclProcedure): one line per entry,
 *   resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"
 * where the resource named `fluss-cluster` prints as `cluster` and any other name N as
 * `cluster.N` (so `db` -> `cluster.db`, `db.t` -> `cluster.db.t`); an empty value prints as
 * nothing between its semicolons.
 *
 * Kafka (kafka-acls --list, AclCommand): per resource pattern
 *   Current ACLs for resource `ResourcePattern(resourceType=TOPIC, name=orders, patternType=LITERAL)`:
 *    \t(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)
 * (note the spaces around the line breaks, and the blank line println adds).
 *
 * Flink (the HTTP listener's resources; Flink has no ACL tool, so this is the gateway's own
 * form): the Fluss line with the resource in flink-resource.ts's `<type>:<name>` form,
 *   resource="job:a5e0edd8e66b53f1b89c2041f91b8fd2";permission="ALLOW";principal="User:team-a";operation="ALL";host="*"
 *   resource="cluster:flink-cluster";permission="ALLOW";principal="User:viewer";operation="DESCRIBE";host="*"
 */
import { FLUSS_CLUSTER_NAME } from './codes.js';
import { formatFlinkResource } from './flink-resource.js';
import type { AclEntry, AclProtocol } from './types.js';

function keyValue(key: string, value: string): string {
  return value.length === 0 ? '' : `${key}="${value}"`;
}

/** The Flink list_acl line for one Fluss entry. */
export function formatFlussAclLine(e: AclEntry): string {
  const resource = e.resourceName === FLUSS_CLUSTER_NAME ? 'cluster' : `cluster.${e.resourceName}`;
  return [keyValue('resource', resource), keyValue('permission', e.permission), keyValue('principal', e.principal), keyValue('operation', e.operation), keyValue('host', e.host)].join(';');
}

/** The line for one Flink entry (Fluss's list_acl shape, resource as `<type>:<name>`). */
export function formatFlinkAclLine(e: AclEntry): string {
  return [
    keyValue('resource', formatFlinkResource(e.resourceType, e.resourceName)),
    keyValue('permission', e.permission),
    keyValue('principal', e.principal),
    keyValue('operation', e.operation),
    keyValue('host', e.host),
  ].join(';');
}

/** One entry of `protocol` on one line, in that protocol's form. */
export function formatAclLine(protocol: AclProtocol, e: AclEntry): string {
  switch (protocol) {
    case 'fluss':
      return formatFlussAclLine(e);
    case 'flink':
      return formatFlinkAclLine(e);
    default:
      return formatKafkaAclLine(e);
  }
}

/** Kafka ResourcePattern.toString. */
export function formatKafkaResourcePattern(e: Pick<AclEntry, 'resourceType' | 'resourceName' | 'patternType'>): string {
  return `ResourcePattern(resourceType=${e.resourceType}, name=${e.resourceName}, patternType=${e.patternType})`;
}

/** Kafka AccessControlEntry.toString. */
export function formatKafkaAccessControlEntry(e: Pick<AclEntry, 'principal' | 'host' | 'operation' | 'permission'>): string {
  return `(principal=${e.principal}, host=${e.host}, operation=${e.operation}, permissionType=${e.permission})`;
}

/** One Kafka entry on one line: the pattern, then the access control entry. */
export function formatKafkaAclLine(e: AclEntry): string {
  return `${formatKafkaResourcePattern(e)} ${formatKafkaAccessControlEntry(e)}`;
}

/** kafka-acls --list output for `entries`, grouped by resource pattern in order of first appearance. */
export function formatKafkaAclListing(entries: readonly AclEntry[]): string {
  const groups = new Map<string, AclEntry[]>();
  for (const e of entries) {
    const pattern = formatKafkaResourcePattern(e);
    const list = groups.get(pattern);
    if (list) list.push(e);
    else groups.set(pattern, [e]);
  }
  let out = '';
  for (const [pattern, list] of groups) {
    const aces = list.map((e) => `\t${formatKafkaAccessControlEntry(e)}`).join('\n');
    out += `Current ACLs for resource \`${pattern}\`: \n ${aces} \n\n`;
  }
  return out;
}
