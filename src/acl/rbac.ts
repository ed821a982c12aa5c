/**
 * Compiles a Fluvio-style role policy into ACL entries for one protocol.
 *
 * Input, as Fluvio's BasicRbacPolicy (fluvio-auth basic.rs) and X509 scope bindings:
 *   policy.json  { "<Role>": { "<ObjectType>": ["Create" | "Read" | "Update" | "Delete" | "All", ...] } }
 *   scopes.json  { "<principal>": ["<Role>", ...] }          (Fluvio: principal -> roles)
 *                or, with scopesFormat 'role-principals', { "<Role>": ["<principal>", ...] }
 * Actions may name one instance, "Read:orders" (as in Fluvio's instance policies); without one
 * the entry covers every resource of the type (the `*` wildcard). Names are matched without
 * regard to case; a trailing "Spec" on an object type is ignored ("TopicSpec" = "Topic").
 * Principals without a type become `User:<name>`. Extension actions: "Write", "Describe".
 *
 * Object types:   Kafka                          Fluss
 *   Topic, Partition  TOPIC                          TABLE (Create: DATABASE, see below)
 *   Group, ConsumerGroup  GROUP                      (skipped)
 *   TransactionalId   TRANSACTIONAL_ID               (skipped)
 *   Database          (skipped)                      DATABASE
 *   Cluster, Spu, CustomSpu, SpuGroup  CLUSTER kafka-cluster   CLUSTER fluss-cluster
 *   anything else (SmartModule, TableFormat, ...): skipped with a warning.
 * Flink (the HTTP listener's resources): Cluster -> CLUSTER flink-cluster, Job -> JOB (an
 *   instance is a job id, lower-cased; checked like a store entry); every other type skipped.
 * Actions:        Kafka (kept only if the type supports it)      Fluss (and Flink)
 *   Read          READ, DESCRIBE, DESCRIBE_CONFIGS                 READ (DESCRIBE is implied)
 *   Write         WRITE                                            WRITE
 *   Update        WRITE, ALTER, ALTER_CONFIGS, IDEMPOTENT_WRITE    WRITE, ALTER
 *   Create        CREATE                                           CREATE (for tables: on the DATABASE,
 *                                                                  where Fluss checks table creation)
 *   Delete        DELETE                                           DROP
 *   Describe      DESCRIBE                                         DESCRIBE
 *   All           ALL                                              ALL
 * All entries are ALLOW, LITERAL, on host `*` unless options.host says otherwise.
 */
import { GatewayError } from '../errors.js';
import { CLUSTER_NAME, KAFKA_SUPPORTED_OPERATIONS, WILDCARD_RESOURCE } from './codes.js';
import { entryKey, entryProblem, splitPrincipal } from './entry.js';
import { flussDatabaseOf } from './decide-fluss.js';
import type { AclProtocol, TaggedAclEntry } from './types.js';

export interface RbacOptions {
  protocol: AclProtocol;
  /** 'principal-roles' (Fluvio scopes.json, default) or 'role-principals'. */
  scopesFormat?: 'principal-roles' | 'role-principals';
  /** Host of every generated entry (default `*`). */
  host?: string;
}

export interface RbacResult {
  entries: TaggedAclEntry[];
  /** Object types and roles that produced nothing, for the operator to see. */
  warnings: string[];
}

const OBJECT_TYPES: Record<string, Partial<Record<AclProtocol, string>>> = {
  topic: { kafka: 'TOPIC', fluss: 'TABLE' },
  partition: { kafka: 'TOPIC', fluss: 'TABLE' },
  group: { kafka: 'GROUP' },
  consumergroup: { kafka: 'GROUP' },
  transactionalid: { kafka: 'TRANSACTIONAL_ID' },
  database: { fluss: 'DATABASE' },
  cluster: { kafka: 'CLUSTER', fluss: 'CLUSTER', flink: 'CLUSTER' },
  job: { flink: 'JOB' },
  spu: { kafka: 'CLUSTER', fluss: 'CLUSTER' },
  customspu: { kafka: 'CLUSTER', fluss: 'CLUSTER' },
  spugroup: { kafka: 'CLUSTER', fluss: 'CLUSTER' },
};

const ACTIONS: Record<string, Record<AclProtocol, string[]>> = {
  read: { kafka: ['READ', 'DESCRIBE', 'DESCRIBE_CONFIGS'], fluss: ['READ'], flink: ['READ'] },
  write: { kafka: ['WRITE'], fluss: ['WRITE'], flink: ['WRITE'] },
  update: { kafka: ['WRITE', 'ALTER', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'], fluss: ['WRITE', 'ALTER'], flink: ['WRITE', 'ALTER'] },
  create: { kafka: ['CREATE'], fluss: ['CREATE'], flink: ['CREATE'] },
  delete: { kafka: ['DELETE'], fluss: ['DROP'], flink: ['DROP'] },
  describe: { kafka: ['DESCRIBE'], fluss: ['DESCRIBE'], flink: ['DESCRIBE'] },
  all: { kafka: ['ALL'], fluss: ['ALL'], flink: ['ALL'] },
};

function bad(detail: string): GatewayError {
  return new GatewayError('SW_ERR_CONFIG_INVALID', `RBAC ${detail}`);
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  let v = value;
  if (typeof value === 'string') {
    try {
      v = JSON.parse(value) as unknown;
    } catch (e) {
      throw bad(`${what} is not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(`${what} must be a JSON object`);
  return v as Record<string, unknown>;
}

function asStrings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string')) throw bad(`${what} must be a list of strings`);
  return value as string[];
}

/** principal -> roles, whichever way the scopes document is written. */
function rolesByPrincipal(scopes: Record<string, unknown>, format: RbacOptions['scopesFormat']): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, list] of Object.entries(scopes)) {
    for (const item of asStrings(list, `scopes '${key}'`)) {
      const [principal, role] = format === 'role-principals' ? [item, key] : [key, item];
      const p = splitPrincipal(principal) ? principal : `User:${principal}`;
      out.set(p, [...(out.get(p) ?? []), role]);
    }
  }
  return out;
}

/** Compiles `policy` and `scopes` (parsed JSON or JSON text) into entries for options.protocol. */
export function compileRbac(policy: unknown, scopes: unknown, options: RbacOptions): RbacResult {
  const { protocol } = options;
  const roles = asObject(policy, 'policy');
  const warnings: string[] = [];
  const grants = new Map<string, Array<[string, string, string]>>(); // role -> [type, name, operation]
  for (const [role, objects] of Object.entries(roles)) {
    const list: Array<[string, string, string]> = [];
    for (const [objectType, actions] of Object.entries(asObject(objects, `policy role '${role}'`))) {
      const type = OBJECT_TYPES[objectType.toLowerCase().replace(/spec$/, '')]?.[protocol];
      const items = asStrings(actions, `policy role '${role}' object '${objectType}'`);
      if (!type) {
        warnings.push(`role '${role}': object type '${objectType}' has no ${protocol} resource; skipped`);
        continue;
      }
      for (const item of items) {
        const where = `role '${role}' object '${objectType}'`;
        const grants = expandAction(protocol, type, item, where);
        if (grants.length === 0) warnings.push(`${where}: '${item}' has no ${protocol} operation on ${type}; skipped`);
        list.push(...grants);
      }
    }
    grants.set(role, list);
  }
  const seen = new Set<string>();
  const entries: TaggedAclEntry[] = [];
  for (const [principal, roleNames] of rolesByPrincipal(asObject(scopes, 'scopes'), options.scopesFormat)) {
    for (const role of roleNames) {
      const list = grants.get(role);
      if (!list) {
        warnings.push(`principal '${principal}': role '${role}' is not in the policy`);
        continue;
      }
      for (const [resourceType, resourceName, operation] of list) {
        const e: TaggedAclEntry = {
          protocol,
          principal,
          host: options.host ?? '*',
          resourceType,
          resourceName,
          patternType: 'LITERAL',
          operation,
          permission: 'ALLOW',
        };
        const problem = protocol === 'flink' ? entryProblem(protocol, e) : null;
        if (problem) throw bad(`principal '${principal}' role '${role}': ${problem.message}`);
        const key = entryKey(e);
        if (!seen.has(key)) {
          seen.add(key);
          entries.push(e);
        }
      }
    }
  }
  return { entries, warnings };
}

function expandAction(protocol: AclProtocol, type: string, item: string, where: string): Array<[string, string, string]> {
  const colon = item.indexOf(':');
  const action = colon < 0 ? item : item.slice(0, colon);
  const instance = colon < 0 ? WILDCARD_RESOURCE : item.slice(colon + 1);
  const ops = ACTIONS[action.toLowerCase()]?.[protocol];
  if (!ops) throw bad(`${where}: unknown action '${action}' (expected Create, Read, Update, Delete, All, Write, Describe)`);
  if (instance.length === 0) throw bad(`${where}: empty instance in '${item}'`);
  const name = type === 'CLUSTER' ? CLUSTER_NAME[protocol] : type === 'JOB' ? instance.toLowerCase() : instance;
  const out: Array<[string, string, string]> = [];
  for (const op of ops) {
    if (protocol === 'kafka' && op !== 'ALL' && !KAFKA_SUPPORTED_OPERATIONS[type].includes(op as never)) continue;
    if (protocol === 'fluss' && type === 'TABLE' && op === 'CREATE') {
      out.push(['DATABASE', name === WILDCARD_RESOURCE ? name : flussDatabaseOf(name), op]);
    } else {
      out.push([type, name, op]);
    }
  }
  return out;
}
