/**
 * The per-api rule vocabulary: which checks a Kafka broker with its standard authorizer makes
 * for an api key, and how a denial shows (the legend of the reference map):
 *
 *   REJECT  nothing runs; the api's own error response (top-level code or every echoed item)
 *   ITEM    per-topic/partition/group/resource error entries; the allowed items still run
 *   FILTER  unauthorized entries silently dropped from the answer
 *   CLOSE   the connection is closed without an answer
 *   NONE    no authorization (ApiVersions, SASL, telemetry)
 *
 * `checks` is declarative (the conformance test compares it with the reference rows, and the
 * handlers take their operation/resource/code from it); `handle` does the work. A rule with
 * handle = null refuses the api (inter-broker and controller-only keys): CLOSE.
 */
import type { Verdict } from '../../../proxy/protocol.js';
import type { Call } from './call.js';

export type Denial = 'REJECT' | 'ITEM' | 'FILTER' | 'CLOSE' | 'NONE';

import { CLUSTER, type ResourceType } from './resource.js';

export { CLUSTER, type ResourceType };

export interface Check {
  operation: string;
  resource: ResourceType;
  /** Where the resource name comes from (for people reading the table). */
  source: string;
  denial: Denial;
  /** The Kafka error code a denial carries (none for FILTER/CLOSE). */
  code?: number;
  /** Condition under which this check applies, e.g. 'v4+' or 'transactional batches'. */
  when?: string;
}

export interface ApiRule {
  key: number;
  checks: readonly Check[];
  handle: ((call: Call) => Verdict | Promise<Verdict> | null) | null;
  /** Why the api is refused or special (shown in logs and the conformance test). */
  note?: string;
}

export const E = {
  NONE: 0,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  INVALID_TOPIC: 17,
  TOPIC_AUTH: 29,
  GROUP_AUTH: 30,
  CLUSTER_AUTH: 31,
  INVALID_REQUEST: 42,
  TXN_AUTH: 53,
  SECURITY_DISABLED: 54,
  NOT_ATTEMPTED: 55,
  TOKEN_AUTH_DISABLED: 61,
  TOKEN_OWNER_MISMATCH: 63,
  TOKEN_NOT_ALLOWED: 64,
  TOKEN_AUTH: 65,
  INVALID_PRINCIPAL_TYPE: 67,
  FETCH_SESSION_NOT_FOUND: 70,
  UNKNOWN_TOPIC_ID: 100,
  STREAMS_INVALID_TOPOLOGY: 130,
} as const;

function mk(operation: string, resource: ResourceType, source: string, denial: Denial, code: number, when?: string): Check {
  const carries = denial === 'REJECT' || denial === 'ITEM';
  return { operation, resource, source, denial, code: carries ? code : undefined, when };
}

/** A check on a topic taken from a request field. */
export function topicCheck(operation: string, source: string, denial: Denial, code: number = E.TOPIC_AUTH, when?: string): Check {
  return mk(operation, 'TOPIC', source, denial, code, when);
}

export function groupCheck(operation: string, source: string, denial: Denial, code: number = E.GROUP_AUTH, when?: string): Check {
  return mk(operation, 'GROUP', source, denial, code, when);
}

export function clusterCheck(operation: string, denial: Denial, code: number = E.CLUSTER_AUTH, when?: string): Check {
  return mk(operation, 'CLUSTER', CLUSTER, denial, code, when);
}

export function txnCheck(operation: string, source: string, denial: Denial, code: number = E.TXN_AUTH, when?: string): Check {
  return mk(operation, 'TRANSACTIONAL_ID', source, denial, code, when);
}
