/**
 * Kafka's default Authorizer.authorizeByResourceType ("may this principal do `op` on at least
 * one resource of this type?"), used by InitProducerId without a transactional id (WRITE on
 * any TOPIC). StandardAuthorizer does not override it. Steps, as in the Java default method:
 *
 * 1. A normal check on the made-up LITERAL name `hardcode`; allowed -> allowed (covers super
 *    users, ALLOW `*`, a prefix covering `hardcode`, allowIfNoAcl with no ACL on it).
 * 2. Over the entries of the type that match principal (or `User:*`), host (or `*`) and
 *    operation (exactly, or ALL; nothing implied): a DENY LITERAL `*` -> denied.
 * 3. Allowed if an ALLOW LITERAL `*` exists, or an ALLOW LITERAL name not also denied LITERAL
 *    and not covered by a DENY PREFIXED prefix of it, or an ALLOW PREFIXED not covered by a
 *    DENY PREFIXED prefix of it. Otherwise denied.
 *
 * Step 2 walks the entries of one resource type, as Kafka does; it runs only for this rare
 * request, never for ordinary decisions.
 */
import { KAFKA_WILDCARD_PRINCIPAL, WILDCARD_HOST, WILDCARD_RESOURCE } from './codes.js';
import { checkKafkaRequest, decideKafka } from './decide-kafka.js';
import type { AclIndex } from './acl-index.js';
import type { AclEntry, Decision, DecideOptions } from './types.js';

export interface ResourceTypeRequest {
  principal: string;
  host: string;
  resourceType: string;
  operation: string;
}

/** The decision; throws on a malformed request (callers go through decide.ts). */
export function kafkaAuthorizeByResourceType(index: AclIndex, req: ResourceTypeRequest, opts: DecideOptions): Decision {
  checkKafkaRequest(req);
  const probe = decideKafka(index, { protocol: 'kafka', ...req, resourceName: 'hardcode' }, opts);
  if (probe.allowed) return probe;

  const denyLiteral = new Set<string>();
  const denyPrefixed = new Set<string>();
  const allows: AclEntry[] = [];
  let wildcardAllow: AclEntry | undefined;
  for (const e of index.ofType('kafka', req.resourceType)) {
    if (e.host !== req.host && e.host !== WILDCARD_HOST) continue;
    if (e.principal !== req.principal && e.principal !== KAFKA_WILDCARD_PRINCIPAL) continue;
    if (e.operation !== req.operation && e.operation !== 'ALL') continue;
    if (e.permission === 'DENY') {
      if (e.patternType === 'LITERAL' && e.resourceName === WILDCARD_RESOURCE) {
        return { allowed: false, reason: 'deny-acl', entry: e };
      }
      (e.patternType === 'LITERAL' ? denyLiteral : denyPrefixed).add(e.resourceName);
    } else if (e.patternType === 'LITERAL' && e.resourceName === WILDCARD_RESOURCE) {
      wildcardAllow ??= e;
    } else {
      allows.push(e);
    }
  }
  if (wildcardAllow) return { allowed: true, reason: 'acl', entry: wildcardAllow };
  for (const e of allows) {
    if (e.patternType === 'LITERAL' && denyLiteral.has(e.resourceName)) continue;
    if (!hasPrefixIn(e.resourceName, denyPrefixed)) return { allowed: true, reason: 'acl', entry: e };
  }
  const none = index.countOfType('kafka', req.resourceType) === 0;
  return { allowed: false, reason: none ? 'no-acl-default' : 'default-deny' };
}

/** Whether some non-empty prefix of `name` (the whole name included) is in `prefixes`. */
function hasPrefixIn(name: string, prefixes: ReadonlySet<string>): boolean {
  if (prefixes.size === 0) return false;
  for (let i = 1; i <= name.length; i++) {
    if (prefixes.has(name.slice(0, i))) return true;
  }
  return false;
}
