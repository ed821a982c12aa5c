/**
 * Decisions for Flink REST resources (CLUSTER `flink-cluster`, JOB `<jobid>`).
 *
 * The shared acl module (src/acl) knows the protocols `fluss` and `kafka` only, so it cannot yet
 * store entries for Flink. Until it has a `flink` protocol, this module decides over a list of
 * entries with the acl module's own Fluss semantics (the entry matcher and the super-user check
 * are imported from it): candidates are the same-type wildcard `(type, "*")`, the resource itself
 * and, for a JOB, the CLUSTER `flink-cluster`; ALLOW entries only; principal equal or `*:*`;
 * operation equal or ALL (DESCRIBE is also granted by READ, WRITE, CREATE, DROP, ALTER); host
 * `*` or the client IP. No candidate -> denied. Any error -> denied with reason 'error'.
 *
 * The HTTP listener depends only on the FlinkDecide function type, so swapping this for
 * `(q) => decide(index, { protocol: 'flink', ...q }, options)` later touches nothing else.
 */
import { flussEntryAllows, isFlussSuperUser } from '../acl/decide-fluss.js';
import type { AccessRequest, AclEntry, Decision, DecideOptions } from '../acl/types.js';
import { FLINK_CLUSTER_NAME, type FlinkOperation, type FlinkResourceType } from './flink-routes.js';

export interface FlinkAccessRequest {
  principal: string;
  /** Client IP (Java's text form, see acl/host.ts). */
  host: string;
  resourceType: FlinkResourceType;
  resourceName: string;
  operation: FlinkOperation;
}

export type FlinkDecide = (q: FlinkAccessRequest) => Decision;

const OPERATIONS = ['ALL', 'DESCRIBE', 'READ', 'CREATE', 'ALTER', 'WRITE', 'DROP'];
const TYPES = ['CLUSTER', 'JOB'];

/** Problem with an entry meant for Flink resources, or null when it is usable. */
export function flinkEntryProblem(e: AclEntry): string | null {
  if (!TYPES.includes(e.resourceType)) return `resourceType '${e.resourceType}' is not CLUSTER or JOB`;
  if (e.resourceType === 'CLUSTER' && e.resourceName !== FLINK_CLUSTER_NAME && e.resourceName !== '*') return `the CLUSTER is named ${FLINK_CLUSTER_NAME}`;
  if (e.resourceType === 'JOB' && e.resourceName !== '*' && !/^[0-9a-f]{32}$/.test(e.resourceName)) return 'a JOB is named by its 32 lower-case hex digit id';
  if (!OPERATIONS.includes(e.operation)) return `operation '${e.operation}' is not one of ${OPERATIONS.join(', ')}`;
  if (e.permission !== 'ALLOW') return 'only ALLOW entries exist (as in Fluss)';
  if (e.patternType !== 'LITERAL') return 'only LITERAL entries exist (as in Fluss)';
  if (!/^[^:]+:.*$/.test(e.principal)) return `principal '${e.principal}' is not Type:Name`;
  return null;
}

/** A decider over `entries` (validated; throws naming the first bad one). */
export function flinkDecider(entries: readonly AclEntry[], options: DecideOptions = {}): FlinkDecide {
  const byResource = new Map<string, AclEntry[]>();
  entries.forEach((e, i) => {
    const problem = flinkEntryProblem(e);
    if (problem) throw new Error(`Flink ACL entry ${i}: ${problem}`);
    const k = `${e.resourceType}\0${e.resourceName}`;
    byResource.set(k, [...(byResource.get(k) ?? []), e]);
  });
  const ignoreCase = options.principalIgnoreCase ?? false;
  return (q) => {
    try {
      if (isFlussSuperUser(q.principal, options.superUsers, ignoreCase)) return { allowed: true, reason: 'super-user' };
      if (!TYPES.includes(q.resourceType) || !OPERATIONS.includes(q.operation)) throw new Error(`bad request ${q.resourceType}/${q.operation}`);
      const candidates: Array<[string, string]> = [[q.resourceType, '*'], [q.resourceType, q.resourceName]];
      if (q.resourceType === 'JOB') candidates.push(['CLUSTER', FLINK_CLUSTER_NAME]);
      // The acl matcher reads only principal, host and operation from the request.
      const asAclRequest = { ...q, protocol: 'fluss' } as AccessRequest;
      let any = false;
      for (const [type, name] of candidates) {
        for (const e of byResource.get(`${type}\0${name}`) ?? []) {
          any = true;
          if (flussEntryAllows(e, asAclRequest, ignoreCase)) return { allowed: true, reason: 'acl', entry: e };
        }
      }
      return { allowed: false, reason: any ? 'default-deny' : 'no-acl-default' };
    } catch (e) {
      return { allowed: false, reason: 'error', detail: (e as Error).message };
    }
  };
}
