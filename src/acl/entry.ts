/**
 * Checks and canonical forms for ACL entries and principals.
 *
 * validateEntry states what each protocol's server would refuse to store (Kafka
 * AclControlManager/AclApis: no UNKNOWN/ANY values, LITERAL or PREFIXED only, non-empty name,
 * CLUSTER only as `kafka-cluster`; Fluss: ALLOW only, no pattern types) plus what the gateway
 * needs to stay sane (principal in `Type:Name` form, CLUSTER only as `fluss-cluster` or `*`).
 * Flink (no server of its own to mirror) is held to what can ever match: ALLOW and LITERAL
 * only, CLUSTER `flink-cluster` or `*`, JOB a 32-digit lower-case hex job id or `*`, host `*`
 * or an IP address written as the gateway prints client addresses (host.ts).
 */
import { isIP } from 'node:net';
import { CLUSTER_NAME, FLINK_JOB_ID, STORABLE_OPERATIONS, STORABLE_RESOURCE_TYPES, WILDCARD_HOST, WILDCARD_RESOURCE } from './codes.js';
import { javaHostAddress } from './host.js';
import type { AclEntry, AclProtocol } from './types.js';

const FIELDS = ['principal', 'host', 'resourceType', 'resourceName', 'patternType', 'operation', 'permission'] as const;

/** The first problem with `e` as an entry of `protocol`, or null when it is storable. */
export function validateEntry(protocol: AclProtocol, e: Partial<Record<keyof AclEntry, unknown>>): string | null {
  return entryProblem(protocol, e)?.message ?? null;
}

/** Like validateEntry, also naming the field at fault. */
export function entryProblem(protocol: AclProtocol, e: Partial<Record<keyof AclEntry, unknown>>): { field: keyof AclEntry; message: string } | null {
  const problem = (field: keyof AclEntry, message: string) => ({ field, message });
  for (const f of FIELDS) {
    if (typeof e[f] !== 'string') return problem(f, `${f} must be a string`);
  }
  const entry = e as AclEntry;
  if (splitPrincipal(entry.principal) === null) {
    return problem('principal', `principal '${entry.principal}' is not in the form Type:Name`);
  }
  if (entry.host.length === 0) return problem('host', 'host must not be empty (use * for any host)');
  const types = STORABLE_RESOURCE_TYPES[protocol];
  if (!types.includes(entry.resourceType)) {
    return problem('resourceType', `resourceType '${entry.resourceType}' is not one of ${types.join(', ')} (${protocol})`);
  }
  if (entry.resourceName.length === 0) return problem('resourceName', 'resourceName must not be empty');
  const patterns = protocol === 'kafka' ? ['LITERAL', 'PREFIXED'] : ['LITERAL'];
  if (!patterns.includes(entry.patternType)) {
    return problem('patternType', `patternType '${entry.patternType}' is not one of ${patterns.join(', ')} (${protocol})`);
  }
  const ops = STORABLE_OPERATIONS[protocol];
  if (!ops.includes(entry.operation)) {
    return problem('operation', `operation '${entry.operation}' is not one of ${ops.join(', ')} (${protocol})`);
  }
  const permissions = protocol === 'kafka' ? ['ALLOW', 'DENY'] : ['ALLOW'];
  if (!permissions.includes(entry.permission)) {
    return problem('permission', `permission '${entry.permission}' is not one of ${permissions.join(', ')} (${protocol})`);
  }
  if (protocol === 'flink') return flinkEntryProblem(entry);
  if (entry.resourceType === 'CLUSTER') {
    const ok = entry.resourceName === CLUSTER_NAME[protocol] || (protocol === 'fluss' && entry.resourceName === WILDCARD_RESOURCE);
    if (!ok) return problem('resourceName', `the only valid name for the CLUSTER resource is ${CLUSTER_NAME[protocol]}`);
  }
  return null;
}

/** The Flink-only checks of an entry whose generic fields are already valid. */
function flinkEntryProblem(e: AclEntry): { field: keyof AclEntry; message: string } | null {
  if (e.resourceType === 'CLUSTER' && e.resourceName !== CLUSTER_NAME.flink && e.resourceName !== WILDCARD_RESOURCE) {
    return { field: 'resourceName', message: `the only valid names for the flink CLUSTER resource are ${CLUSTER_NAME.flink} and *` };
  }
  if (e.resourceType === 'JOB' && e.resourceName !== WILDCARD_RESOURCE && !FLINK_JOB_ID.test(e.resourceName)) {
    return { field: 'resourceName', message: `JOB '${e.resourceName}' is not a Flink job id (32 lower-case hex digits) or *` };
  }
  if (e.host !== WILDCARD_HOST) {
    if (isIP(e.host) === 0) return { field: 'host', message: `host '${e.host}' is not * or an IP address (host names never match)` };
    const compared = javaHostAddress(e.host);
    if (compared !== e.host) {
      return { field: 'host', message: `host '${e.host}' never matches: write it as ${compared} (the form client addresses are compared in)` };
    }
  }
  return null;
}

/** A frozen copy holding exactly the seven entry fields. Call validateEntry first. */
export function canonicalEntry(e: AclEntry): AclEntry {
  return Object.freeze({
    principal: e.principal,
    host: e.host,
    resourceType: e.resourceType,
    resourceName: e.resourceName,
    patternType: e.patternType,
    operation: e.operation,
    permission: e.permission,
  });
}

/** A string that is equal for two entries exactly when all seven fields are equal. */
export function entryKey(e: AclEntry): string {
  return JSON.stringify([e.resourceType, e.patternType, e.resourceName, e.principal, e.host, e.operation, e.permission]);
}

export function sameEntry(a: AclEntry, b: AclEntry): boolean {
  return entryKey(a) === entryKey(b);
}

/** `Type:Name` split at the first colon (Kafka SecurityUtils.parseKafkaPrincipal); null when malformed. */
export function splitPrincipal(principal: string): { type: string; name: string } | null {
  const i = principal.indexOf(':');
  if (i <= 0) return null;
  return { type: principal.slice(0, i), name: principal.slice(i + 1) };
}

/** Fluss principal from its wire halves. A type with a colon cannot be told apart, so it is refused. */
export function joinPrincipal(type: string, name: string): string {
  if (type.length === 0 || type.includes(':')) throw new Error(`principal type '${type}' is empty or contains ':'`);
  return `${type}:${name}`;
}

/**
 * Java String.equalsIgnoreCase: same length and, per UTF-16 unit, equal after upper- or
 * lower-casing that single character (no multi-character case mappings).
 */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    const ux = oneCharUpper(x);
    const uy = oneCharUpper(y);
    if (ux === uy) continue;
    if (oneCharLower(ux) === oneCharLower(uy)) continue;
    return false;
  }
  return true;
}

function oneCharUpper(c: string): string {
  const u = c.toUpperCase();
  return u.length === 1 ? u : c;
}

function oneCharLower(c: string): string {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}

/** Fluss FlussPrincipal.matches: equal, or equal ignoring case when `ignoreCase`. */
export function flussPrincipalMatches(a: string, b: string, ignoreCase: boolean): boolean {
  return ignoreCase ? javaEqualsIgnoreCase(a, b) : a === b;
}
