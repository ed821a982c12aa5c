/**
 * Synthetic ACL sets for the "ACLs on" targets: `count` valid entries over many principals and
 * resources, the same every run (no randomness), shaped like a busy multi-team cluster:
 *   - principals User:svc-0000 .. (one per 10 entries), each with a handful of grants;
 *   - Kafka: TOPIC and GROUP entries, LITERAL names and PREFIXED team prefixes (about half each),
 *     READ / WRITE / DESCRIBE / ALL, a few DENY; Fluss: DATABASE and TABLE entries (LITERAL, ALLOW);
 *   - some entries of other principals on the benchmark's own topic / database, so the lookup for
 *     the resource under load finds more than the one entry that matters;
 *   - no two entries alike (the index would fold duplicates and the count would lie);
 *   - exactly one entry allows the load tool's principal (placed in the middle, not first or last).
 */
import type { TaggedAclEntry } from '../../src/acl/types.js';

const KAFKA_OPS = ['READ', 'WRITE', 'DESCRIBE', 'ALL'] as const;
const FLUSS_OPS = ['READ', 'WRITE', 'DESCRIBE', 'ALL'] as const;

function principalFor(i: number, count: number): string {
  const principals = Math.max(1, Math.floor(count / 10));
  return `User:svc-${String(i % principals).padStart(4, '0')}`;
}

/** Inserts `one` at the middle of `rest`. */
function withLoadEntry(rest: TaggedAclEntry[], one: TaggedAclEntry): TaggedAclEntry[] {
  const mid = Math.floor(rest.length / 2);
  return [...rest.slice(0, mid), one, ...rest.slice(mid)];
}

/** Kafka: `count` entries; `loadPrincipal` may WRITE every topic starting with `topic` (PREFIXED). */
export function kafkaAclSet(count: number, loadPrincipal: string, topic: string): TaggedAclEntry[] {
  const rest: TaggedAclEntry[] = [];
  for (let i = 0; rest.length < count - 1; i++) {
    const principal = principalFor(i, count);
    const base = { protocol: 'kafka' as const, principal, host: '*', permission: 'ALLOW' as const };
    if (i % 97 === 0) {
      // other principals on the topic under load: LITERAL and PREFIXED, some DENY
      const deny = i % 3 === 0;
      rest.push({
        ...base,
        resourceType: 'TOPIC',
        resourceName: i % 2 ? topic : topic.slice(0, 3),
        patternType: i % 2 ? 'LITERAL' : 'PREFIXED',
        operation: deny ? 'WRITE' : 'READ',
        permission: deny ? 'DENY' : 'ALLOW',
      });
    } else if (i % 5 === 4) {
      rest.push({ ...base, resourceType: 'GROUP', resourceName: `team-${i % 400}-app${i}-`, patternType: 'PREFIXED', operation: 'READ' });
    } else if (i % 2 === 0) {
      rest.push({ ...base, resourceType: 'TOPIC', resourceName: `orders-${i}`, patternType: 'LITERAL', operation: KAFKA_OPS[i % KAFKA_OPS.length] });
    } else {
      rest.push({ ...base, resourceType: 'TOPIC', resourceName: `team-${i % 400}.app${i}.`, patternType: 'PREFIXED', operation: KAFKA_OPS[(i >> 1) % KAFKA_OPS.length] });
    }
  }
  const load: TaggedAclEntry = { protocol: 'kafka', principal: loadPrincipal, host: '*', resourceType: 'TOPIC', resourceName: topic, patternType: 'PREFIXED', operation: 'WRITE', permission: 'ALLOW' };
  return withLoadEntry(rest, load);
}

/** Fluss: `count` entries; `loadPrincipal` has ALL on `database`. */
export function flussAclSet(count: number, loadPrincipal: string, database: string, table: string): TaggedAclEntry[] {
  const rest: TaggedAclEntry[] = [];
  for (let i = 0; rest.length < count - 1; i++) {
    const base = { protocol: 'fluss' as const, principal: principalFor(i, count), host: '*', patternType: 'LITERAL' as const, permission: 'ALLOW' as const };
    if (i % 97 === 0) {
      rest.push({ ...base, resourceType: i % 2 ? 'TABLE' : 'DATABASE', resourceName: i % 2 ? `${database}.${table}` : database, operation: 'READ' });
    } else if (i % 2 === 0) {
      rest.push({ ...base, resourceType: 'DATABASE', resourceName: `db_${i >> 1}`, operation: FLUSS_OPS[i % FLUSS_OPS.length] });
    } else {
      rest.push({ ...base, resourceType: 'TABLE', resourceName: `db_${i % 500}.t_${i}`, operation: FLUSS_OPS[(i >> 1) % FLUSS_OPS.length] });
    }
  }
  const load: TaggedAclEntry = {
    protocol: 'fluss',
    principal: loadPrincipal,
    host: '*',
    resourceType: 'DATABASE',
    resourceName: database,
    patternType: 'LITERAL',
    operation: 'ALL',
    permission: 'ALLOW',
  };
  return withLoadEntry(rest, load);
}

/**
 * Flink (HTTP listener): `count` entries (default 1); `loadPrincipal` may DESCRIBE the cluster
 * (what GET /jobs/overview needs). The others: JOB entries (LITERAL job ids; flink entries are
 * LITERAL only) of many principals, and every 97th a CLUSTER entry of another principal.
 */
export function flinkAclSet(loadPrincipal: string, count = 1): TaggedAclEntry[] {
  const ops = ['DESCRIBE', 'READ', 'CREATE', 'ALTER', 'WRITE', 'DROP'] as const;
  const rest: TaggedAclEntry[] = [];
  for (let i = 0; rest.length < count - 1; i++) {
    const base = { protocol: 'flink' as const, principal: principalFor(i, count), host: '*', permission: 'ALLOW' as const };
    const hex = i.toString(16).padStart(32, '0');
    if (i % 97 === 0) rest.push({ ...base, resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: ops[i % ops.length] });
    else rest.push({ ...base, resourceType: 'JOB', resourceName: hex, patternType: 'LITERAL', operation: ops[i % ops.length] });
  }
  const load: TaggedAclEntry = {
    protocol: 'flink',
    principal: loadPrincipal,
    host: '*',
    resourceType: 'CLUSTER',
    resourceName: 'flink-cluster',
    patternType: 'LITERAL',
    operation: 'DESCRIBE',
    permission: 'ALLOW',
  };
  return withLoadEntry(rest, load);
}
