/**
 * Conversions between the decoded ACL messages of each protocol (numeric enum codes) and the
 * engine's named entries and filters. The codecs in src/protocol decode the bytes; these
 * functions only translate.
 *
 * Fluss PbAclInfo / PbAclFilter: an unknown code throws (Java `fromCode` does). A filter names
 * a principal only when both principal_name and principal_type are present.
 * Kafka creations / filters: an unknown code becomes UNKNOWN (Java `fromCode` does); entries
 * with UNKNOWN/ANY parts are then refused by validateEntry, filters with UNKNOWN parts throw
 * here (the broker answers INVALID_REQUEST).
 */
import {
  FLUSS_OPERATION_CODES,
  FLUSS_PERMISSION_CODES,
  FLUSS_RESOURCE_TYPE_CODES,
  KAFKA_OPERATION_CODES,
  KAFKA_PATTERN_TYPE_CODES,
  KAFKA_PERMISSION_CODES,
  KAFKA_RESOURCE_TYPE_CODES,
  nameForCode,
} from './codes.js';
import { joinPrincipal, splitPrincipal } from './entry.js';
import type { FlussAclFilter, KafkaAclFilter } from './filters.js';
import type { AclEntry, PatternType, Permission } from './types.js';

export interface FlussPbAclInfo {
  resourceName: string;
  resourceType: number;
  principalName: string;
  principalType: string;
  host: string;
  operationType: number;
  permissionType: number;
}

export interface FlussPbAclFilter {
  resourceName?: string | null;
  resourceType: number;
  principalName?: string | null;
  principalType?: string | null;
  host?: string | null;
  operationType: number;
  permissionType: number;
}

export interface KafkaAclBindingWire {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

export interface KafkaAclFilterWire {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permissionType: number;
}

function flussName<T extends Record<string, number>>(table: T, code: number, what: string): string {
  const name = nameForCode(table, code);
  if (name === undefined) throw new Error(`Unknown ${what} code ${code}`);
  return name;
}

function must<T extends Record<string, number>>(table: T, name: string): number {
  const code = table[name];
  if (code === undefined) throw new Error(`no wire code for '${name}'`);
  return code;
}

export function flussEntryFromWire(pb: FlussPbAclInfo): AclEntry {
  return {
    principal: joinPrincipal(pb.principalType, pb.principalName),
    host: pb.host,
    resourceType: flussName(FLUSS_RESOURCE_TYPE_CODES, pb.resourceType, 'resource type'),
    resourceName: pb.resourceName,
    patternType: 'LITERAL',
    operation: flussName(FLUSS_OPERATION_CODES, pb.operationType, 'operation type'),
    permission: flussName(FLUSS_PERMISSION_CODES, pb.permissionType, 'permission type') as Permission,
  };
}

export function flussEntryToWire(e: AclEntry): FlussPbAclInfo {
  const p = splitPrincipal(e.principal) ?? { type: '', name: e.principal };
  return {
    resourceName: e.resourceName,
    resourceType: must(FLUSS_RESOURCE_TYPE_CODES, e.resourceType),
    principalName: p.name,
    principalType: p.type,
    host: e.host,
    operationType: must(FLUSS_OPERATION_CODES, e.operation),
    permissionType: must(FLUSS_PERMISSION_CODES, e.permission),
  };
}

export function flussFilterFromWire(pb: FlussPbAclFilter): FlussAclFilter {
  const hasPrincipal = pb.principalName != null && pb.principalType != null;
  return {
    protocol: 'fluss',
    resourceType: flussName(FLUSS_RESOURCE_TYPE_CODES, pb.resourceType, 'resource type'),
    resourceName: pb.resourceName ?? null,
    principal: hasPrincipal ? `${pb.principalType}:${pb.principalName}` : null,
    host: pb.host ?? null,
    operation: flussName(FLUSS_OPERATION_CODES, pb.operationType, 'operation type'),
    permission: flussName(FLUSS_PERMISSION_CODES, pb.permissionType, 'permission type'),
  };
}

function kafkaName<T extends Record<string, number>>(table: T, code: number): string {
  return nameForCode(table, code) ?? 'UNKNOWN';
}

export function kafkaEntryFromWire(w: KafkaAclBindingWire): AclEntry {
  return {
    principal: w.principal,
    host: w.host,
    resourceType: kafkaName(KAFKA_RESOURCE_TYPE_CODES, w.resourceType),
    resourceName: w.resourceName,
    patternType: kafkaName(KAFKA_PATTERN_TYPE_CODES, w.patternType) as PatternType,
    operation: kafkaName(KAFKA_OPERATION_CODES, w.operation),
    permission: kafkaName(KAFKA_PERMISSION_CODES, w.permissionType) as Permission,
  };
}

export function kafkaEntryToWire(e: AclEntry): KafkaAclBindingWire {
  return {
    resourceType: must(KAFKA_RESOURCE_TYPE_CODES, e.resourceType),
    resourceName: e.resourceName,
    patternType: must(KAFKA_PATTERN_TYPE_CODES, e.patternType),
    principal: e.principal,
    host: e.host,
    operation: must(KAFKA_OPERATION_CODES, e.operation),
    permissionType: must(KAFKA_PERMISSION_CODES, e.permission),
  };
}

export function kafkaFilterFromWire(w: KafkaAclFilterWire): KafkaAclFilter {
  const f: KafkaAclFilter = {
    protocol: 'kafka',
    resourceType: kafkaName(KAFKA_RESOURCE_TYPE_CODES, w.resourceType),
    resourceName: w.resourceName,
    patternType: kafkaName(KAFKA_PATTERN_TYPE_CODES, w.patternType),
    principal: w.principal,
    host: w.host,
    operation: kafkaName(KAFKA_OPERATION_CODES, w.operation),
    permission: kafkaName(KAFKA_PERMISSION_CODES, w.permissionType),
  };
  if (f.resourceType === 'UNKNOWN' || f.patternType === 'UNKNOWN') throw new Error('Unknown patternFilter.');
  if (f.operation === 'UNKNOWN' || f.permission === 'UNKNOWN') throw new Error('Unknown entryFilter.');
  return f;
}
