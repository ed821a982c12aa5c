/**
 * ACL filters of the admin APIs (list/drop in Fluss, DescribeAcls/DeleteAcls in Kafka) and
 * how each protocol matches a filter against a stored entry.
 *
 * Fluss (ResourceFilter, AccessControlEntryFilter): resource type ANY matches every resource
 * and then the name is ignored; otherwise the type must be equal and a non-null name equal.
 * Principal/host null = any, else exactly equal (no wildcard expansion); operation and
 * permission ANY = any, else equal.
 *
 * Kafka (ResourcePatternFilter, AccessControlEntryFilter): type ANY = any; pattern type ANY
 * matches LITERAL and PREFIXED entries with the exact name, MATCH matches the entries that
 * would apply to a resource of that name (LITERAL equal, LITERAL `*`, PREFIXED prefix of it),
 * LITERAL/PREFIXED need the same pattern type and name; a null name matches any name.
 * Principal/host null = any, operation/permission ANY = any, else exactly equal.
 *
 * Flink (the HTTP listener's resources; no wire API, used by the CLI and tests): exactly the
 * Fluss rules, with resource types ANY, CLUSTER and JOB.
 */
import { WILDCARD_RESOURCE } from './codes.js';
import type { AclEntry, AclProtocol } from './types.js';

export interface FlussAclFilter {
  protocol: 'fluss';
  /** 'ANY' | 'CLUSTER' | 'DATABASE' | 'TABLE'. */
  resourceType: string;
  /** null: any name. Ignored when resourceType is ANY. */
  resourceName: string | null;
  /** `Type:Name`; null: any principal. */
  principal: string | null;
  /** null: any host. */
  host: string | null;
  /** An operation name or 'ANY'. */
  operation: string;
  /** 'ANY' | 'ALLOW'. */
  permission: string;
}

export interface KafkaAclFilter {
  protocol: 'kafka';
  /** A resource type name or 'ANY'. */
  resourceType: string;
  resourceName: string | null;
  /** 'ANY' | 'MATCH' | 'LITERAL' | 'PREFIXED'. */
  patternType: string;
  principal: string | null;
  host: string | null;
  operation: string;
  /** 'ANY' | 'ALLOW' | 'DENY'. */
  permission: string;
}

/** Same fields and matching rules as the Fluss filter. */
export interface FlinkAclFilter {
  protocol: 'flink';
  /** 'ANY' | 'CLUSTER' | 'JOB'. */
  resourceType: string;
  /** null: any name. Ignored when resourceType is ANY. */
  resourceName: string | null;
  principal: string | null;
  host: string | null;
  /** An operation name or 'ANY'. */
  operation: string;
  /** 'ANY' | 'ALLOW'. */
  permission: string;
}

export type AclFilter = FlussAclFilter | KafkaAclFilter | FlinkAclFilter;

/** A filter of `protocol` that matches every entry. */
export function anyFilter(protocol: 'fluss'): FlussAclFilter;
export function anyFilter(protocol: 'kafka'): KafkaAclFilter;
export function anyFilter(protocol: 'flink'): FlinkAclFilter;
export function anyFilter(protocol: AclProtocol): AclFilter;
export function anyFilter(protocol: AclProtocol): AclFilter {
  const common = { resourceType: 'ANY', resourceName: null, principal: null, host: null, operation: 'ANY', permission: 'ANY' };
  return protocol === 'kafka' ? { protocol, ...common, patternType: 'ANY' } : { protocol, ...common };
}

export function matchesFilter(filter: AclFilter, entry: AclEntry): boolean {
  const resourceOk = filter.protocol === 'kafka' ? kafkaPatternMatches(filter, entry) : flussResourceMatches(filter, entry);
  return resourceOk && entryFilterMatches(filter, entry);
}

function flussResourceMatches(f: FlussAclFilter | FlinkAclFilter, e: AclEntry): boolean {
  if (f.resourceType === 'ANY') return true;
  if (f.resourceName !== null && f.resourceName !== e.resourceName) return false;
  return f.resourceType === e.resourceType;
}

function kafkaPatternMatches(f: KafkaAclFilter, e: AclEntry): boolean {
  if (f.resourceType !== 'ANY' && f.resourceType !== e.resourceType) return false;
  if (f.patternType !== 'ANY' && f.patternType !== 'MATCH' && f.patternType !== e.patternType) return false;
  if (f.resourceName === null) return true;
  if (f.patternType === 'ANY' || f.patternType === e.patternType) return f.resourceName === e.resourceName;
  // MATCH: the entries that would apply to a resource called f.resourceName.
  if (e.patternType === 'LITERAL') return f.resourceName === e.resourceName || e.resourceName === WILDCARD_RESOURCE;
  return f.resourceName.startsWith(e.resourceName);
}

function entryFilterMatches(f: AclFilter, e: AclEntry): boolean {
  if (f.principal !== null && f.principal !== e.principal) return false;
  if (f.host !== null && f.host !== e.host) return false;
  if (f.operation !== 'ANY' && f.operation !== e.operation) return false;
  return f.permission === 'ANY' || f.permission === e.permission;
}
