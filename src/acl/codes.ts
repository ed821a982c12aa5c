/**
 * Wire codes of the ACL enums of both stream protocols, the fixed resource names, and what an
 * entry of each protocol (kafka, fluss, flink) may name.
 *
 * Fluss (fluss-common security/acl): ResourceType, OperationType, PermissionType are bytes,
 * ANY(1) is a filter-only value and there is no DENY. Kafka (clients common/acl, resource):
 * ResourceType, AclOperation, PatternType, AclPermissionType are int8, UNKNOWN(0) and ANY(1)
 * are never stored, MATCH(2) is a filter-only pattern type.
 */
import type { AclProtocol } from './types.js';

export const FLUSS_CLUSTER_NAME = 'fluss-cluster';
export const KAFKA_CLUSTER_NAME = 'kafka-cluster';
/** Same-type wildcard resource name (Fluss) / LITERAL wildcard (Kafka). */
export const WILDCARD_RESOURCE = '*';
export const WILDCARD_HOST = '*';
export const KAFKA_WILDCARD_PRINCIPAL = 'User:*';
export const FLUSS_WILDCARD_PRINCIPAL = '*:*';

/** Every protocol an ACL entry can govern, in the order the store lists them. */
export const ACL_PROTOCOLS: readonly AclProtocol[] = ['fluss', 'kafka', 'flink'];

/**
 * Flink REST resources (the HTTP listener): the cluster has one fixed name, a job is named by
 * its id as the REST API prints it (JobID: 16 bytes, 32 hex digits; the route matcher lower-cases
 * what the client sent). There are no wire codes: Flink has no ACL API of its own.
 */
export const FLINK_CLUSTER_NAME = 'flink-cluster';
export const FLINK_JOB_ID = /^[0-9a-f]{32}$/;

export const FLUSS_RESOURCE_TYPE_CODES = { ANY: 1, CLUSTER: 2, DATABASE: 3, TABLE: 4 } as const;
export const FLUSS_OPERATION_CODES = {
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DROP: 6,
  ALTER: 7,
  DESCRIBE: 8,
} as const;
export const FLUSS_PERMISSION_CODES = { ANY: 1, ALLOW: 2 } as const;

export const KAFKA_RESOURCE_TYPE_CODES = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
  USER: 7,
} as const;
export const KAFKA_OPERATION_CODES = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
  CREATE_TOKENS: 13,
  DESCRIBE_TOKENS: 14,
  TWO_PHASE_COMMIT: 15,
} as const;
export const KAFKA_PATTERN_TYPE_CODES = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const KAFKA_PERMISSION_CODES = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

export type FlussResourceTypeName = keyof typeof FLUSS_RESOURCE_TYPE_CODES;
export type FlussOperationName = keyof typeof FLUSS_OPERATION_CODES;
export type FlussPermissionName = keyof typeof FLUSS_PERMISSION_CODES;
export type KafkaResourceTypeName = keyof typeof KAFKA_RESOURCE_TYPE_CODES;
export type KafkaOperationName = keyof typeof KAFKA_OPERATION_CODES;
export type KafkaPatternTypeName = keyof typeof KAFKA_PATTERN_TYPE_CODES;
export type KafkaPermissionName = keyof typeof KAFKA_PERMISSION_CODES;

/** The enum name for a wire code, or undefined when the code is not in the table. */
export function nameForCode<T extends Record<string, number>>(table: T, code: number): (keyof T & string) | undefined {
  for (const [name, value] of Object.entries(table)) {
    if (value === code) return name as keyof T & string;
  }
  return undefined;
}

/** The wire code for an enum name, or undefined. Names are matched exactly (upper case). */
export function codeForName<T extends Record<string, number>>(table: T, name: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** Resource types an entry of this protocol may name (filter-only and UNKNOWN values excluded). */
export const STORABLE_RESOURCE_TYPES: Record<AclProtocol, readonly string[]> = {
  fluss: ['CLUSTER', 'DATABASE', 'TABLE'],
  kafka: ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER'],
  flink: ['CLUSTER', 'JOB'],
};

/** Operations an entry of this protocol may name. */
export const STORABLE_OPERATIONS: Record<AclProtocol, readonly string[]> = {
  fluss: ['ALL', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE'],
  kafka: Object.keys(KAFKA_OPERATION_CODES).filter((n) => n !== 'UNKNOWN' && n !== 'ANY'),
  flink: ['ALL', 'READ', 'WRITE', 'CREATE', 'DROP', 'ALTER', 'DESCRIBE'],
};

/** The only name a CLUSTER resource has in each protocol. */
export const CLUSTER_NAME: Record<AclProtocol, string> = {
  fluss: FLUSS_CLUSTER_NAME,
  kafka: KAFKA_CLUSTER_NAME,
  flink: FLINK_CLUSTER_NAME,
};

/**
 * Kafka's supported operations per resource type (server AclEntry.supportedOperations), the
 * bits an authorized-operations field may carry. TWO_PHASE_COMMIT on TRANSACTIONAL_ID exists
 * only on brokers with KIP-939 (4.2); callers add it when their backend has it.
 */
export const KAFKA_SUPPORTED_OPERATIONS: Readonly<Record<string, readonly KafkaOperationName[]>> = {
  TOPIC: ['READ', 'WRITE', 'CREATE', 'DESCRIBE', 'DELETE', 'ALTER', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  GROUP: ['READ', 'DESCRIBE', 'DELETE', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS'],
  CLUSTER: ['CREATE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE', 'ALTER', 'DESCRIBE'],
  TRANSACTIONAL_ID: ['DESCRIBE', 'WRITE'],
  DELEGATION_TOKEN: ['DESCRIBE'],
  USER: ['CREATE_TOKENS', 'DESCRIBE_TOKENS'],
};
