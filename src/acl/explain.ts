/**
 * Human-readable account of one decision, for `streamward acl explain`, audit lines and test
 * failures: the verdict, the question, and the deciding entry or the default that applied.
 *
 *   ALLOWED kafka User:alice from 10.0.0.7: READ on TOPIC 'orders' - ACL ResourcePattern(...) (principal=...)
 *   DENIED fluss User:bob from 10.0.0.8: WRITE on TABLE 'db.t' - default deny (no ACL matched)
 *   ALLOWED flink User:ops from 10.0.0.9: ALTER on JOB 'a5e0...' - ACL resource="cluster:flink-cluster";permission="ALLOW";...
 */
import { decide } from './decide.js';
import { formatAclLine } from './format.js';
import type { AclIndex } from './acl-index.js';
import type { AccessRequest, Decision, DecideOptions } from './types.js';

function because(req: AccessRequest, d: Decision): string {
  switch (d.reason) {
    case 'super-user':
      return `super user ${req.principal}`;
    case 'acl':
      return d.entry ? `ACL ${formatAclLine(req.protocol, d.entry)}` : 'ACL';
    case 'deny-acl':
      return d.entry ? `DENY ACL ${formatAclLine(req.protocol, d.entry)}` : 'DENY ACL';
    case 'no-acl-default':
      return d.allowed ? 'no ACL on this resource; allowIfNoAcl allows' : 'default deny (no ACL on this resource)';
    case 'default-deny':
      return 'default deny (no ACL matched)';
    case 'error':
      return `evaluation error, denied: ${d.detail ?? 'unknown'}`;
  }
}

/** One line describing `decision` for `request`. */
export function formatDecision(request: AccessRequest, decision: Decision): string {
  const verdict = decision.allowed ? 'ALLOWED' : 'DENIED';
  const who = `${request.protocol} ${request.principal} from ${request.host}`;
  const what = `${request.operation} on ${request.resourceType} '${request.resourceName}'`;
  return `${verdict} ${who}: ${what} - ${because(request, decision)}`;
}

/** Decides and explains in one step. */
export function explain(index: AclIndex, request: AccessRequest, options: DecideOptions = {}): string {
  return formatDecision(request, decide(index, request, options));
}
