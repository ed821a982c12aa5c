/**
 * ACL admin calls of the Fluss test client, sent to the coordinator as the Java FlussAdmin does,
 * and the Flink procedures `sys.add_acl`, `sys.list_acl`, `sys.drop_acl` reproduced request for
 * request (AbstractAclProcedure argument parsing, CommonRpcMessageUtils toPbAclInfo /
 * toPbAclFilter encoding, ListAclProcedure line format). Written independently of the gateway's
 * own src/acl code so the two can check each other.
 */
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
import { CreateAclsRequest, CreateAclsResponse, ListAclsRequest, ListAclsResponse, DropAclsRequest, DropAclsResponse, PbAclInfo, PbAclFilter } from '../../../src/protocol/fluss/messages/acl.js';
import type { Decoded, Input } from '../../../src/protocol/fluss/proto-message.js';
import { FlussResponseError } from './errors.js';
import type { FlussTestClient } from './client.js';

export type AclInfo = Input<typeof PbAclInfo>;
export type AclFilter = Input<typeof PbAclFilter>;

const RESOURCE = { ANY: 1, CLUSTER: 2, DATABASE: 3, TABLE: 4 } as const;
const OPERATION = { ANY: 1, ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DROP: 6, ALTER: 7, DESCRIBE: 8 } as const;
const PERMISSION = { ANY: 1, ALLOW: 2 } as const;
const nameOf = (table: Record<string, number>, code: number) => Object.keys(table).find((k) => table[k] === code) ?? String(code);

/** Arguments of the Flink procedures (null / absent = not given). */
export interface ProcedureArgs {
  resource?: string | null;
  permission?: string | null;
  principal?: string | null;
  operation?: string | null;
  host?: string | null;
}

function enumOf<T extends Record<string, number>>(table: T, text: string | null | undefined, what: string): number {
  if (text == null) return table.ANY;
  const code = table[text.toUpperCase()];
  if (code === undefined) throw new Error(`No enum constant ${what}.${text.toUpperCase()}`);
  return code;
}

/** The procedures' (resource, permission, principal, operation, host) as wire values. */
function parseArgs(a: ProcedureArgs) {
  const host = a.host == null ? '*' : a.host.toUpperCase() === 'ANY' ? null : a.host;
  let principal: { name: string; type: string } | null = null;
  if (a.principal != null && a.principal.toUpperCase() !== 'ANY') {
    if (a.principal.toUpperCase() === 'ALL') principal = { name: '*', type: '*' };
    else {
      const parts = a.principal.split(':');
      if (parts.length !== 2) throw new Error('principal must be in format PrincipalType:PrincipalName');
      principal = { type: parts[0], name: parts[1] };
    }
  }
  let resource: { type: number; name: string } = { type: RESOURCE.ANY, name: 'any' };
  if (a.resource != null && a.resource.toUpperCase() !== 'ANY') {
    const path = a.resource.split('.');
    while (path.length > 0 && path[path.length - 1] === '') path.pop(); // Java's split drops trailing empties
    if (path.length === 0 || path.length > 3 || path[0].toLowerCase() !== 'cluster') throw new Error('resource must be in format cluster.${database}.${table}');
    resource =
      path.length === 1 ? { type: RESOURCE.CLUSTER, name: 'fluss-cluster' } : path.length === 2 ? { type: RESOURCE.DATABASE, name: path[1] } : { type: RESOURCE.TABLE, name: `${path[1]}.${path[2]}` };
  }
  return { resource, permission: enumOf(PERMISSION, a.permission, 'PermissionType'), principal, operation: enumOf(OPERATION, a.operation, 'OperationType'), host };
}

function filterOf(a: ProcedureArgs): AclFilter {
  const p = parseArgs(a);
  return {
    resource_type: p.resource.type,
    resource_name: p.resource.name,
    operation_type: p.operation,
    permission_type: p.permission,
    ...(p.principal ? { principal_name: p.principal.name, principal_type: p.principal.type } : {}),
    ...(p.host !== null ? { host: p.host } : {}),
  };
}

/** ListAclProcedure's line for one binding. */
export function procedureLine(acl: Decoded<typeof PbAclInfo>): string {
  const entry = (k: string, v: string) => (v ? `${k}="${v}"` : '');
  const resource = acl.resource_name === 'fluss-cluster' ? 'cluster' : `cluster.${acl.resource_name}`;
  return [
    entry('resource', resource),
    entry('permission', nameOf(PERMISSION, acl.permission_type)),
    entry('principal', `${acl.principal_type}:${acl.principal_name}`),
    entry('operation', nameOf(OPERATION, acl.operation_type)),
    entry('host', acl.host),
  ].join(';');
}

export class FlussAclClient {
  constructor(private readonly client: FlussTestClient) {}

  async createAcls(acl: AclInfo[]) {
    return (await (await this.client.coordinatorConnection()).call(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl }, CreateAclsResponse)).aclRes;
  }

  async listAcls(filter: AclFilter) {
    return (await (await this.client.coordinatorConnection()).call(ApiKey.LIST_ACLS, ListAclsRequest, { acl_filter: filter }, ListAclsResponse)).acl;
  }

  async dropAcls(filters: AclFilter[]) {
    return (await (await this.client.coordinatorConnection()).call(ApiKey.DROP_ACLS, DropAclsRequest, { acl_filter: filters }, DropAclsResponse)).filter_results;
  }

  /** CALL sys.add_acl(...): one binding; any error fails the call. */
  async addAcl(a: ProcedureArgs): Promise<string[]> {
    const p = parseArgs(a);
    if (p.resource.type === RESOURCE.ANY || p.permission === PERMISSION.ANY || !p.principal || p.operation === OPERATION.ANY || p.host === null) {
      throw new Error("Wildcard 'ANY' can only be used for filtering, not for adding ACL entries.");
    }
    const [r] = await this.createAcls([
      {
        resource_type: p.resource.type,
        resource_name: p.resource.name,
        principal_name: p.principal.name,
        principal_type: p.principal.type,
        host: p.host,
        operation_type: p.operation,
        permission_type: p.permission,
      },
    ]);
    if (r.error_code !== undefined && r.error_code !== 0) throw new FlussResponseError(r.error_code, r.error_message);
    return ['success'];
  }

  /** CALL sys.list_acl(...): the printed lines. */
  async listAcl(a: ProcedureArgs = {}): Promise<string[]> {
    return (await this.listAcls(filterOf(a))).map(procedureLine);
  }

  /** CALL sys.drop_acl(...). */
  async dropAcl(a: ProcedureArgs = {}): Promise<string[]> {
    const [r] = await this.dropAcls([filterOf(a)]);
    if (r.error_code !== undefined && r.error_code !== 0) throw new FlussResponseError(r.error_code, r.error_message);
    return ['success'];
  }
}
