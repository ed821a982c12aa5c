/**
 * Apache Fluss DefaultAuthorizer semantics (authorizeAction / aclsAllowAccess), exactly:
 *
 * 1. A super user is allowed.
 * 2. Candidate entries: those on the same-type wildcard resource `(type, "*")`, on the resource
 *    itself and on its ancestors: TABLE `db.t` -> DATABASE `db` -> CLUSTER `fluss-cluster`.
 *    There is no ancestor wildcard: `(DATABASE, "*")` does not cover a TABLE check.
 * 3. No candidate at all -> denied (Fluss never allows when no ACL is found).
 * 4. Allowed iff some candidate is ALLOW, has principal equal to the session's or `*:*`
 *    (the only wildcard; `User:*` is an ordinary principal here), operation equal to the
 *    requested one or ALL (DESCRIBE is also granted by READ, WRITE, CREATE, DROP, ALTER), and
 *    host `*` or equal to the client IP string.
 * 5. Principal comparison is exact unless principalIgnoreCase (type and name both folded).
 */
import { FLUSS_CLUSTER_NAME, FLUSS_WILDCARD_PRINCIPAL, STORABLE_RESOURCE_TYPES, WILDCARD_HOST, WILDCARD_RESOURCE } from './codes.js';
import { flussPrincipalMatches } from './entry.js';
import type { AclIndex } from './acl-index.js';
import { firstGranting } from './principal-view.js';
import type { AccessRequest, AclEntry, Decision, DecideOptions } from './types.js';

/** Operations whose ALLOW entries grant a requested DESCRIBE (Fluss OPS_MAPPING). */
const DESCRIBE_GRANTED_BY: readonly string[] = ['DESCRIBE', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER'];
/** Operations a request may ask about (ALL is asked by the ACL admin APIs). */
const REQUESTABLE = ['ALL', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE'];

export function isFlussSuperUser(principal: string, superUsers: readonly string[] | undefined, ignoreCase: boolean): boolean {
  return (superUsers ?? []).some((s) => flussPrincipalMatches(s, principal, ignoreCase));
}

/**
 * The database part of a table name as Java's `name.split("\\.")[0]` gives it (trailing empty
 * pieces dropped; a name of dots only has no first piece and throws, as in Java).
 */
export function flussDatabaseOf(tableName: string): string {
  if (tableName.length > 0 && /^\.+$/.test(tableName)) {
    throw new Error(`table name '${tableName}' has no database part`);
  }
  const dot = tableName.indexOf('.');
  return dot < 0 ? tableName : tableName.slice(0, dot);
}

/** The (type, name) resources whose entries apply to a check on (type, name). */
export function flussCandidateResources(resourceType: string, resourceName: string): Array<[string, string]> {
  const out: Array<[string, string]> = [[resourceType, WILDCARD_RESOURCE]];
  if (resourceName !== WILDCARD_RESOURCE) out.push([resourceType, resourceName]);
  if (resourceType === 'TABLE') {
    const db = flussDatabaseOf(resourceName);
    out.push(['DATABASE', db], ['CLUSTER', FLUSS_CLUSTER_NAME]);
  } else if (resourceType === 'DATABASE') {
    out.push(['CLUSTER', FLUSS_CLUSTER_NAME]);
  }
  return out;
}

/**
 * The resource on which the ACL admin APIs require ALL for an entry on (type, name): the
 * resource itself, except that a TABLE entry needs ALL on its DATABASE (authorizeAclOperation).
 */
export function flussAclAdminResource(resourceType: string, resourceName: string): [string, string] {
  return resourceType === 'TABLE' ? ['DATABASE', flussDatabaseOf(resourceName)] : [resourceType, resourceName];
}

/** Whether one candidate entry grants the request. */
export function flussEntryAllows(e: AclEntry, req: AccessRequest, ignoreCase: boolean): boolean {
  if (e.permission !== 'ALLOW') return false;
  if (!flussPrincipalMatches(e.principal, req.principal, ignoreCase) && !flussPrincipalMatches(e.principal, FLUSS_WILDCARD_PRINCIPAL, ignoreCase)) return false;
  if (e.operation !== 'ALL' && e.operation !== req.operation) {
    if (req.operation !== 'DESCRIBE' || !DESCRIBE_GRANTED_BY.includes(e.operation)) return false;
  }
  return e.host === WILDCARD_HOST || e.host === req.host;
}

/** The Fluss decision. Throws on a malformed request (decide() turns that into 'error'). */
export function decideFluss(index: AclIndex, req: AccessRequest, opts: DecideOptions): Decision {
  const ignoreCase = opts.principalIgnoreCase ?? false;
  if (isFlussSuperUser(req.principal, opts.superUsers, ignoreCase)) return { allowed: true, reason: 'super-user' };
  if (!STORABLE_RESOURCE_TYPES.fluss.includes(req.resourceType)) {
    throw new Error(`unknown Fluss resource type '${req.resourceType}'`);
  }
  if (!REQUESTABLE.includes(req.operation)) throw new Error(`unknown Fluss operation '${req.operation}'`);
  let anyCandidate = false;
  for (const [type, name] of flussCandidateResources(req.resourceType, req.resourceName)) {
    const list = index.literal('fluss', type, name);
    if (list.length === 0) continue;
    anyCandidate = true;
    // Only entries of this principal or a wildcard principal can grant: the view visits just those.
    const entry = firstGranting(index, list, req.principal, ignoreCase, (e, ic) => flussEntryAllows(e, req, ic));
    if (entry) return { allowed: true, reason: 'acl', entry };
  }
  return { allowed: false, reason: anyCandidate ? 'default-deny' : 'no-acl-default' };
}
