/**
 * ACL decisions for Flink REST resources (CLUSTER `flink-cluster`, JOB `<jobid>`), made by the
 * shared engine: `decide(index, { protocol: 'flink', ... })` over the same AclIndex, store
 * file and explain tooling as the Kafka and Fluss listeners (rules in src/acl/decide-flink.ts).
 *
 * The HTTP listener depends only on the FlinkDecide function type. flinkDecideFor picks where
 * the entries come from, first match wins:
 *   services.flinkDecide  a ready decider (tests, or a composition root with its own rules)
 *   services.flinkAcls    a fixed list of flink entries (tests; validated, throws on a bad one)
 *   services.acls         the gateway's AclState, read on every decision so that reloads of the
 *                         store file and ACL changes apply to the next request
 *   none of them          no entries: only super users get through
 */
import { AclIndex } from '../acl/acl-index.js';
import { decide } from '../acl/decide.js';
import { validateEntry } from '../acl/entry.js';
import type { AclEntry, Decision, DecideOptions } from '../acl/types.js';
import { GatewayError } from '../errors.js';
import type { FlinkOperation, FlinkResourceType } from './flink-routes.js';

export interface FlinkAccessRequest {
  principal: string;
  /** Client IP (Java's text form, see acl/host.ts). */
  host: string;
  resourceType: FlinkResourceType;
  resourceName: string;
  operation: FlinkOperation;
}

export type FlinkDecide = (q: FlinkAccessRequest) => Decision;

/** What flinkDecideFor reads; `acls` is the gateway's AclState (adapters/authz.ts). */
export interface FlinkAclSources {
  flinkDecide?: FlinkDecide;
  flinkAcls?: readonly AclEntry[];
  acls?: unknown;
}

/** The part of AclState (adapters/authz.ts) a decision needs. */
export interface CurrentAcls {
  current(): AclIndex;
}

function isCurrentAcls(value: unknown): value is CurrentAcls {
  return typeof value === 'object' && value !== null && typeof (value as { current?: unknown }).current === 'function';
}

/** Problem with an entry as a `flink` ACL entry (the engine's validation), or null. */
export function flinkEntryProblem(e: AclEntry): string | null {
  return validateEntry('flink', e);
}

/** A decider over the ACL state in force: `acls.current()` is read on every decision. */
export function flinkDecideFromAcls(acls: CurrentAcls, options: DecideOptions = {}): FlinkDecide {
  return (q) => {
    let index: AclIndex;
    try {
      index = acls.current();
    } catch (e) {
      return { allowed: false, reason: 'error', detail: e instanceof Error ? e.message : String(e) };
    }
    return decide(index, { protocol: 'flink', ...q }, options);
  };
}

/** A decider over a fixed list of entries (validated; throws naming the first bad one). */
export function flinkDecider(entries: readonly AclEntry[], options: DecideOptions = {}): FlinkDecide {
  const index = new AclIndex();
  entries.forEach((e, i) => {
    const problem = flinkEntryProblem(e);
    if (problem) throw new GatewayError('SW_ERR_CONFIG_INVALID', `Flink ACL entry ${i}: ${problem}`);
    index.add('flink', e);
  });
  return flinkDecideFromAcls({ current: () => index }, options);
}

/** The decider for an HTTP listener's services (order in the header). */
export function flinkDecideFor(services: FlinkAclSources, options: DecideOptions = {}): FlinkDecide {
  if (services.flinkDecide) return services.flinkDecide;
  if (services.flinkAcls) return flinkDecider(services.flinkAcls, options);
  if (isCurrentAcls(services.acls)) return flinkDecideFromAcls(services.acls, options);
  return flinkDecider([], options);
}
