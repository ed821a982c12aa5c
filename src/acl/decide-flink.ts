/**
 * Decisions for Apache Flink REST resources (the HTTP listener, protocol `flink`). Flink itself
 * authorizes nothing, so there is no server to mirror; the rules are Fluss's DefaultAuthorizer
 * rules on a two-level resource tree, plus Kafka's `User:*`:
 *
 * 1. A super user is allowed (exact principal string; folded when principalIgnoreCase).
 * 2. Candidate entries: those on the same-type wildcard `(type, "*")`, on the resource itself
 *    and, for a JOB, on its ancestor CLUSTER `flink-cluster`. No ancestor wildcard:
 *    `(CLUSTER, "*")` covers cluster checks only, never a job.
 * 3. No candidate at all -> denied (no allowIfNoAcl switch: Flink fails closed, like Fluss).
 * 4. Allowed iff some candidate is ALLOW, has principal equal to the session's, `*:*` (everyone)
 *    or `User:*` (every principal of type User - every principal the HTTP listener produces:
 *    Basic, mTLS and bearer all give `User:<name>`), operation equal to the requested one or
 *    ALL (DESCRIBE is also granted by READ, WRITE, CREATE, DROP, ALTER), and host `*` or equal
 *    to the client IP string.
 * 5. The question must name CLUSTER `flink-cluster` or a JOB id (32 lower-case hex digits), or
 *    `*`, and one of ALL READ WRITE CREATE DROP ALTER DESCRIBE; anything else throws (decide()
 *    turns that into a denial with reason 'error').
 */
import { FLINK_CLUSTER_NAME, FLINK_JOB_ID, FLUSS_WILDCARD_PRINCIPAL, KAFKA_WILDCARD_PRINCIPAL, STORABLE_OPERATIONS, STORABLE_RESOURCE_TYPES, WILDCARD_HOST, WILDCARD_RESOURCE } from './codes.js';
import { flussPrincipalMatches, javaEqualsIgnoreCase, splitPrincipal } from './entry.js';
import type { AclIndex } from './acl-index.js';
import { firstGranting } from './principal-view.js';
import type { AccessRequest, AclEntry, Decision, DecideOptions } from './types.js';

/** Operations whose ALLOW entries grant a requested DESCRIBE. */
const DESCRIBE_GRANTED_BY: readonly string[] = ['DESCRIBE', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER'];

export function isFlinkSuperUser(principal: string, superUsers: readonly string[] | undefined, ignoreCase: boolean): boolean {
  return (superUsers ?? []).some((s) => flussPrincipalMatches(s, principal, ignoreCase));
}

/**
 * Whether an entry's principal covers the session's: equal, `*:*`, or `User:*` for a principal
 * of type `User` (with ignoreCase, both the entry and the type are compared ignoring case).
 */
export function flinkPrincipalCovers(entryPrincipal: string, principal: string, ignoreCase: boolean): boolean {
  if (flussPrincipalMatches(entryPrincipal, principal, ignoreCase)) return true;
  if (entryPrincipal === FLUSS_WILDCARD_PRINCIPAL) return true;
  const userWildcard = ignoreCase ? javaEqualsIgnoreCase(entryPrincipal, KAFKA_WILDCARD_PRINCIPAL) : entryPrincipal === KAFKA_WILDCARD_PRINCIPAL;
  if (!userWildcard) return false;
  const type = splitPrincipal(principal)?.type;
  return type !== undefined && (ignoreCase ? javaEqualsIgnoreCase(type, 'User') : type === 'User');
}

/** Whether one candidate entry grants the request. */
export function flinkEntryAllows(e: AclEntry, req: Pick<AccessRequest, 'principal' | 'host' | 'operation'>, ignoreCase: boolean): boolean {
  if (e.permission !== 'ALLOW') return false;
  if (!flinkPrincipalCovers(e.principal, req.principal, ignoreCase)) return false;
  if (e.operation !== 'ALL' && e.operation !== req.operation) {
    if (req.operation !== 'DESCRIBE' || !DESCRIBE_GRANTED_BY.includes(e.operation)) return false;
  }
  return e.host === WILDCARD_HOST || e.host === req.host;
}

/** The (type, name) resources whose entries apply to a check on (type, name). */
export function flinkCandidateResources(resourceType: string, resourceName: string): Array<[string, string]> {
  const out: Array<[string, string]> = [[resourceType, WILDCARD_RESOURCE]];
  if (resourceName !== WILDCARD_RESOURCE) out.push([resourceType, resourceName]);
  if (resourceType === 'JOB') out.push(['CLUSTER', FLINK_CLUSTER_NAME]);
  return out;
}

/** Throws unless the question names a Flink resource and operation (rule 5). */
export function checkFlinkRequest(req: Pick<AccessRequest, 'resourceType' | 'resourceName' | 'operation'>): void {
  if (!STORABLE_RESOURCE_TYPES.flink.includes(req.resourceType)) {
    throw new Error(`unknown Flink resource type '${req.resourceType}'`);
  }
  if (!STORABLE_OPERATIONS.flink.includes(req.operation)) throw new Error(`unknown Flink operation '${req.operation}'`);
  const name = req.resourceName;
  if (name === WILDCARD_RESOURCE) return;
  if (req.resourceType === 'CLUSTER' && name !== FLINK_CLUSTER_NAME) {
    throw new Error(`the Flink cluster is named ${FLINK_CLUSTER_NAME}, not '${name}'`);
  }
  if (req.resourceType === 'JOB' && !FLINK_JOB_ID.test(name)) {
    throw new Error(`'${name}' is not a Flink job id (32 lower-case hex digits)`);
  }
}

/** The Flink decision. Throws on a malformed request (decide() turns that into 'error'). */
export function decideFlink(index: AclIndex, req: AccessRequest, opts: DecideOptions): Decision {
  const ignoreCase = opts.principalIgnoreCase ?? false;
  if (isFlinkSuperUser(req.principal, opts.superUsers, ignoreCase)) return { allowed: true, reason: 'super-user' };
  checkFlinkRequest(req);
  let anyCandidate = false;
  for (const [type, name] of flinkCandidateResources(req.resourceType, req.resourceName)) {
    const list = index.literal('flink', type, name);
    if (list.length === 0) continue;
    anyCandidate = true;
    // Only entries of this principal or a wildcard principal can grant: the view visits just those.
    const entry = firstGranting(index, list, req.principal, ignoreCase, (e, ic) => flinkEntryAllows(e, req, ic));
    if (entry) return { allowed: true, reason: 'acl', entry };
  }
  return { allowed: false, reason: anyCandidate ? 'default-deny' : 'no-acl-default' };
}
