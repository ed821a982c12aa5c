/**
 * Apache Kafka StandardAuthorizer semantics (StandardAuthorizerData.authorize / findAclRule /
 * findResult), exactly:
 *
 * 1. A super user (principal string listed in super.users) is allowed; DENY does not apply.
 * 2. Candidate entries on the same resource type: LITERAL with the same name, PREFIXED whose
 *    name is a prefix of the resource name (or equal), LITERAL `*`.
 * 3. An entry matches when its principal equals the session's or is `User:*`, its host is `*`
 *    or equals the client IP string, and its operation is ALL, or equal to the requested one,
 *    or (ALLOW entries only) implies it: DESCRIBE by READ/WRITE/DELETE/ALTER, DESCRIBE_CONFIGS
 *    by ALTER_CONFIGS.
 * 4. Any matching DENY -> denied; else any matching ALLOW -> allowed; else, when no candidate
 *    entry exists at all -> allow.everyone.if.no.acl.found (default false); else denied.
 */
import { KAFKA_WILDCARD_PRINCIPAL, STORABLE_OPERATIONS, STORABLE_RESOURCE_TYPES, WILDCARD_HOST, WILDCARD_RESOURCE } from './codes.js';
import type { AclIndex } from './acl-index.js';
import type { AccessRequest, AclEntry, Decision, DecideOptions } from './types.js';

const IMPLIES_DESCRIBE: readonly string[] = ['DESCRIBE', 'READ', 'WRITE', 'DELETE', 'ALTER'];
const IMPLIES_DESCRIBE_CONFIGS: readonly string[] = ['DESCRIBE_CONFIGS', 'ALTER_CONFIGS'];

/** What one candidate entry says about the request: its permission, or null when it does not match. */
export function kafkaEntryResult(e: AclEntry, req: AccessRequest): 'ALLOW' | 'DENY' | null {
  if (e.principal !== req.principal && e.principal !== KAFKA_WILDCARD_PRINCIPAL) return null;
  if (e.host !== WILDCARD_HOST && e.host !== req.host) return null;
  if (e.operation !== 'ALL') {
    if (e.permission === 'ALLOW') {
      if (req.operation === 'DESCRIBE') {
        if (!IMPLIES_DESCRIBE.includes(e.operation)) return null;
      } else if (req.operation === 'DESCRIBE_CONFIGS') {
        if (!IMPLIES_DESCRIBE_CONFIGS.includes(e.operation)) return null;
      } else if (e.operation !== req.operation) {
        return null;
      }
    } else if (e.operation !== req.operation) {
      return null;
    }
  }
  return e.permission;
}

export function checkKafkaRequest(req: { resourceType: string; operation: string }): void {
  if (!STORABLE_RESOURCE_TYPES.kafka.includes(req.resourceType)) {
    throw new Error(`unknown Kafka resource type '${req.resourceType}'`);
  }
  if (!STORABLE_OPERATIONS.kafka.includes(req.operation)) throw new Error(`unknown Kafka operation '${req.operation}'`);
}

/** The Kafka decision. Throws on a malformed request (decide() turns that into 'error'). */
export function decideKafka(index: AclIndex, req: AccessRequest, opts: DecideOptions): Decision {
  if ((opts.superUsers ?? []).includes(req.principal)) return { allowed: true, reason: 'super-user' };
  checkKafkaRequest(req);
  let hasCandidates = false;
  let allow: AclEntry | undefined;
  let deny: AclEntry | undefined;
  const scan = (entries: readonly AclEntry[]): void => {
    for (const e of entries) {
      if (deny) return;
      hasCandidates = true;
      const r = kafkaEntryResult(e, req);
      if (r === 'DENY') deny = e;
      else if (r === 'ALLOW') allow ??= e;
    }
  };
  scan(index.literal('kafka', req.resourceType, req.resourceName));
  index.visitPrefixed('kafka', req.resourceType, req.resourceName, scan);
  if (req.resourceName !== WILDCARD_RESOURCE) scan(index.literal('kafka', req.resourceType, WILDCARD_RESOURCE));
  if (deny) return { allowed: false, reason: 'deny-acl', entry: deny };
  if (allow) return { allowed: true, reason: 'acl', entry: allow };
  if (!hasCandidates) return { allowed: opts.allowIfNoAcl ?? false, reason: 'no-acl-default' };
  return { allowed: false, reason: 'default-deny' };
}
