/**
 * The one entry point listeners call: decide(index, request, options) picks the protocol's
 * semantics (decide-fluss.ts, decide-kafka.ts, decide-flink.ts) and never throws. Anything that goes wrong
 * while evaluating (malformed request, unknown names, internal failure) is a denial with
 * reason 'error' and a detail for the log.
 */
import { KAFKA_OPERATION_CODES, KAFKA_SUPPORTED_OPERATIONS } from './codes.js';
import { decideFlink } from './decide-flink.js';
import { decideFluss } from './decide-fluss.js';
import { decideKafka } from './decide-kafka.js';
import { kafkaAuthorizeByResourceType, type ResourceTypeRequest } from './kafka-by-type.js';
import type { AclIndex } from './acl-index.js';
import type { AccessRequest, Decision, DecideOptions } from './types.js';

function errorDecision(e: unknown): Decision {
  return { allowed: false, reason: 'error', detail: e instanceof Error ? e.message : String(e) };
}

/** May `request.principal` do `request.operation` on the resource? Never throws. */
export function decide(index: AclIndex, request: AccessRequest, options: DecideOptions = {}): Decision {
  try {
    switch (request.protocol) {
      case 'fluss':
        return decideFluss(index, request, options);
      case 'kafka':
        return decideKafka(index, request, options);
      case 'flink':
        return decideFlink(index, request, options);
      default:
        throw new Error(`unknown protocol '${String((request as { protocol: unknown }).protocol)}'`);
    }
  } catch (e) {
    return errorDecision(e);
  }
}

/** Kafka authorizeByResourceType (InitProducerId's "WRITE on any topic"). Never throws. */
export function authorizeByResourceType(index: AclIndex, request: ResourceTypeRequest, options: DecideOptions = {}): Decision {
  try {
    return kafkaAuthorizeByResourceType(index, request, options);
  } catch (e) {
    return errorDecision(e);
  }
}

/**
 * Kafka authorized-operations bitfield for one LITERAL resource: bit `1 << code` for each
 * operation of `operations` (default: the type's supported set) that `decide` allows.
 */
export function kafkaAuthorizedOperations(
  index: AclIndex,
  request: Omit<AccessRequest, 'operation' | 'protocol'>,
  options: DecideOptions = {},
  operations: readonly string[] = KAFKA_SUPPORTED_OPERATIONS[request.resourceType] ?? [],
): number {
  let bits = 0;
  for (const op of operations) {
    const code = (KAFKA_OPERATION_CODES as Record<string, number>)[op];
    if (code === undefined) continue;
    if (decide(index, { ...request, protocol: 'kafka', operation: op }, options).allowed) bits |= 1 << code;
  }
  return bits;
}

export type { ResourceTypeRequest };
