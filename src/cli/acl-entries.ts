/**
 * From the flags of `acl add|remove|list` to ACL entries and filters. Repeated --principal,
 * --operation, --resource and --host give every combination (as kafka-acls does). For add,
 * omitted --host is `*`, --permission ALLOW, --pattern LITERAL. For filters, an omitted flag
 * matches anything, except --pattern on kafka `remove` (LITERAL, like kafka-acls --remove).
 */
import { entryProblem } from '../acl/entry.js';
import type { AclFilter } from '../acl/filters.js';
import type { AclEntry, AclProtocol, PatternType, Permission } from '../acl/types.js';
import type { ParsedArgs } from './command.js';
import { combinations, parseHostArg, parseOperationArg, parsePatternArg, parsePermissionArg, parsePrincipalArg, resourceNameFor, type ResourceArg } from './acl-args.js';
import { optionalString, stringList } from './users-acl-group.js';
import type { OptionSpec } from './command.js';

/** The entry-describing flags of add/remove/list; `what` says how each is used. */
export function entryOptions(what: 'add' | 'filter'): Record<string, OptionSpec> {
  const any = what === 'filter' ? ' (default: any)' : '';
  return {
    principal: { type: 'string', multiple: true, value: '<Type:Name>', help: `principal, e.g. User:alice${any}` },
    operation: { type: 'string', multiple: true, value: '<op>', help: `operation: READ, WRITE, ALL, ...${any}` },
    resource: { type: 'string', multiple: true, value: '<resource>', help: 'table:<db>.<t>, database:<db>, cluster, cluster.<db>[.<t>], topic:<n>, group:<n>, transactional-id:<id>, job:<id>' },
    pattern: { type: 'string', value: '<type>', help: what === 'filter' ? 'kafka pattern type: LITERAL, PREFIXED, ANY, MATCH' : 'kafka pattern type: LITERAL (default) or PREFIXED' },
    host: { type: 'string', multiple: true, value: '<ip>', help: `client IP address or * ${what === 'filter' ? '(default: any)' : '(default: *)'}` },
    permission: { type: 'string', value: 'ALLOW|DENY', help: `ALLOW${what === 'add' ? ' (default)' : ''} or DENY (kafka only)${any}` },
  };
}

/** The entries `acl add` would store; throws on the first invalid value. */
export function entriesFromArgs(args: ParsedArgs, protocol: AclProtocol, resources: readonly ResourceArg[]): AclEntry[] {
  const principals = stringList(args.values.principal).map((p) => parsePrincipalArg(p, protocol));
  const operations = stringList(args.values.operation).map((o) => parseOperationArg(o, protocol));
  const hosts = stringList(args.values.host).map(parseHostArg);
  const permission = parsePermissionArg(optionalString(args.values.permission) ?? 'ALLOW', protocol) as Permission;
  const patternType = parsePatternArg(optionalString(args.values.pattern) ?? 'LITERAL', protocol) as PatternType;
  const all = combinations({ principal: principals, operation: operations, resource: resources, host: hosts.length > 0 ? hosts : ['*'] });
  return all.map(({ principal, operation, resource, host }) => {
    const entry: AclEntry = {
      principal,
      host,
      operation,
      permission,
      patternType,
      resourceType: resource.resourceType,
      resourceName: resourceNameFor(resource, protocol) ?? '',
    };
    const problem = entryProblem(protocol, entry);
    if (problem) throw new Error(`invalid ${protocol} ACL: ${problem.message}`);
    return entry;
  });
}

/** The filters of `acl remove` / `acl list`; `defaultPattern` applies to kafka. */
export function filtersFromArgs(args: ParsedArgs, protocol: AclProtocol, resources: readonly ResourceArg[], defaultPattern: string): AclFilter[] {
  const principals = stringList(args.values.principal).map((p) => parsePrincipalArg(p, protocol));
  const operations = stringList(args.values.operation).map((o) => parseOperationArg(o, protocol, true));
  const hosts = stringList(args.values.host).map(parseHostArg);
  const permission = parsePermissionArg(optionalString(args.values.permission) ?? 'ANY', protocol, true);
  const pattern = optionalString(args.values.pattern);
  const patternType = protocol === 'kafka' ? parsePatternArg(pattern ?? defaultPattern, protocol, true) : 'LITERAL';
  if (protocol !== 'kafka' && pattern !== undefined) parsePatternArg(pattern, protocol, true);
  const all = combinations({
    principal: principals.length > 0 ? principals : [null],
    operation: operations.length > 0 ? operations : ['ANY'],
    host: hosts.length > 0 ? hosts : [null],
    resource: resources.length > 0 ? resources : [null],
  });
  return all.map(({ principal, operation, host, resource }) => {
    const resourceType = resource?.resourceType ?? 'ANY';
    const resourceName = resource ? resourceNameFor(resource, protocol) : null;
    const common = { resourceType, resourceName, principal, host, operation, permission };
    if (protocol === 'kafka') return { protocol, ...common, patternType };
    return { protocol, ...common };
  });
}
