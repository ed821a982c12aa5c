/**
 * Reference evaluators for the property tests: a plain linear scan over every entry, written
 * straight from the rules in the reference notes, sharing no code with src/acl.
 */
import type { AccessRequest, AclEntry, DecideOptions } from '../../../src/acl/types.js';

export interface BruteResult {
  allowed: boolean;
  reason: string;
  /** Entries that may legitimately be named as the deciding one. */
  deciders: AclEntry[];
}

function foldCase(s: string): string {
  return s.toLowerCase();
}

export function bruteFluss(entries: AclEntry[], req: AccessRequest, opts: DecideOptions): BruteResult {
  const ic = opts.principalIgnoreCase === true;
  const same = (a: string, b: string): boolean => (ic ? foldCase(a) === foldCase(b) : a === b);
  if ((opts.superUsers ?? []).some((s) => same(s, req.principal))) return { allowed: true, reason: 'super-user', deciders: [] };
  const dbOfTable = req.resourceName.split('.')[0];
  const candidates = entries.filter((e) => {
    if (e.resourceType === req.resourceType && (e.resourceName === '*' || e.resourceName === req.resourceName)) return true;
    if (req.resourceType === 'TABLE' && e.resourceType === 'DATABASE' && e.resourceName === dbOfTable) return true;
    return req.resourceType !== 'CLUSTER' && e.resourceType === 'CLUSTER' && e.resourceName === 'fluss-cluster';
  });
  if (candidates.length === 0) return { allowed: false, reason: 'no-acl-default', deciders: [] };
  const describeBy = ['DESCRIBE', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER'];
  const granting = candidates.filter(
    (e) =>
      e.permission === 'ALLOW' &&
      (same(e.principal, req.principal) || e.principal === '*:*') &&
      (e.operation === 'ALL' || e.operation === req.operation || (req.operation === 'DESCRIBE' && describeBy.includes(e.operation))) &&
      (e.host === '*' || e.host === req.host),
  );
  return granting.length > 0 ? { allowed: true, reason: 'acl', deciders: granting } : { allowed: false, reason: 'default-deny', deciders: [] };
}

export function bruteKafka(entries: AclEntry[], req: AccessRequest, opts: DecideOptions): BruteResult {
  if ((opts.superUsers ?? []).includes(req.principal)) return { allowed: true, reason: 'super-user', deciders: [] };
  const candidates = entries.filter(
    (e) =>
      e.resourceType === req.resourceType &&
      ((e.patternType === 'LITERAL' && (e.resourceName === req.resourceName || e.resourceName === '*')) || (e.patternType === 'PREFIXED' && req.resourceName.startsWith(e.resourceName))),
  );
  const applies = (e: AclEntry): boolean => {
    if (e.principal !== req.principal && e.principal !== 'User:*') return false;
    if (e.host !== '*' && e.host !== req.host) return false;
    if (e.operation === 'ALL' || e.operation === req.operation) return true;
    if (e.permission === 'DENY') return false;
    if (req.operation === 'DESCRIBE') return ['READ', 'WRITE', 'DELETE', 'ALTER'].includes(e.operation);
    if (req.operation === 'DESCRIBE_CONFIGS') return e.operation === 'ALTER_CONFIGS';
    return false;
  };
  const matching = candidates.filter(applies);
  const denies = matching.filter((e) => e.permission === 'DENY');
  if (denies.length > 0) return { allowed: false, reason: 'deny-acl', deciders: denies };
  const allows = matching.filter((e) => e.permission === 'ALLOW');
  if (allows.length > 0) return { allowed: true, reason: 'acl', deciders: allows };
  if (candidates.length === 0) return { allowed: opts.allowIfNoAcl === true, reason: 'no-acl-default', deciders: [] };
  return { allowed: false, reason: 'default-deny', deciders: [] };
}

/**
 * Flink REST resources: Fluss's rules on CLUSTER `flink-cluster` > JOB `<id>`, where the
 * principal wildcards are `*:*` (anyone) and `User:*` (anyone whose principal type is User).
 */
export function bruteFlink(entries: AclEntry[], req: AccessRequest, opts: DecideOptions): BruteResult {
  const ic = opts.principalIgnoreCase === true;
  const same = (a: string, b: string): boolean => (ic ? foldCase(a) === foldCase(b) : a === b);
  if ((opts.superUsers ?? []).some((s) => same(s, req.principal))) return { allowed: true, reason: 'super-user', deciders: [] };
  const candidates = entries.filter(
    (e) =>
      (e.resourceType === req.resourceType && (e.resourceName === '*' || e.resourceName === req.resourceName)) ||
      (req.resourceType === 'JOB' && e.resourceType === 'CLUSTER' && e.resourceName === 'flink-cluster'),
  );
  if (candidates.length === 0) return { allowed: false, reason: 'no-acl-default', deciders: [] };
  const requestType = req.principal.slice(0, req.principal.indexOf(':'));
  const principalOk = (p: string): boolean => same(p, req.principal) || p === '*:*' || (same(p, 'User:*') && same(requestType, 'User'));
  const impliesDescribe = ['READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE'];
  const granting = candidates.filter(
    (e) =>
      e.permission === 'ALLOW' &&
      principalOk(e.principal) &&
      (e.operation === 'ALL' || e.operation === req.operation || (req.operation === 'DESCRIBE' && impliesDescribe.includes(e.operation))) &&
      (e.host === '*' || e.host === req.host),
  );
  return granting.length > 0 ? { allowed: true, reason: 'acl', deciders: granting } : { allowed: false, reason: 'default-deny', deciders: [] };
}
