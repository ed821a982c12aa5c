/**
 * The values of the `streamward acl` flags, checked and turned into the engine's names:
 *
 *   --resource  cluster | table:<db>.<table> | database:<db>            (fluss)
 *               cluster.<db>[.<table>]  (the Flink procedures' syntax)  (fluss)
 *               cluster | topic:<name> | group:<name> | transactional-id:<id>
 *               | delegation-token:<id> | user:<name>                   (kafka)
 *               cluster | job:<job id> | job:*                        (flink, the HTTP listener)
 *               `<type>:*` is every resource of the type (`cluster:*` the CLUSTER wildcard
 *               of fluss and flink); in filters a bare type word
 *               (`topic`) is any name of that type. Type words are case-insensitive.
 *   --principal Type:Name (`User:*` everyone on kafka; `*:*` or ALL everyone on fluss)
 *   --operation the protocol's operation name, any case, `-` for `_` (describe-configs)
 *   --host      `*` or an IP address (IPv6 is stored in the Java form brokers compare with)
 *
 * Every problem is an Error with a message naming the flag; nothing is written on error.
 */
import { isIP } from 'node:net';
import { CLUSTER_NAME, FLUSS_WILDCARD_PRINCIPAL, STORABLE_OPERATIONS, WILDCARD_RESOURCE } from '../acl/codes.js';
import { javaEqualsIgnoreCase, splitPrincipal } from '../acl/entry.js';
import { parseFlussResource } from '../acl/flink-syntax.js';
import { parseFlinkResource } from '../acl/flink-resource.js';
import { javaHostAddress } from '../acl/host.js';
import type { AclProtocol } from '../acl/types.js';

/** A parsed --resource; protocol null for `cluster` (every protocol has one), name null for a bare type. */
export interface ResourceArg {
  protocol: AclProtocol | null;
  resourceType: string;
  resourceName: string | null;
}

const TYPE_WORDS: Record<string, { protocol: AclProtocol; type: string }> = {
  TABLE: { protocol: 'fluss', type: 'TABLE' },
  DATABASE: { protocol: 'fluss', type: 'DATABASE' },
  TOPIC: { protocol: 'kafka', type: 'TOPIC' },
  GROUP: { protocol: 'kafka', type: 'GROUP' },
  TRANSACTIONAL_ID: { protocol: 'kafka', type: 'TRANSACTIONAL_ID' },
  DELEGATION_TOKEN: { protocol: 'kafka', type: 'DELEGATION_TOKEN' },
  USER: { protocol: 'kafka', type: 'USER' },
  JOB: { protocol: 'flink', type: 'JOB' },
};

const RESOURCE_FORMS = 'cluster, table:<db>.<table>, database:<db>, cluster.<db>[.<table>], topic:<name>, group:<name>, ' + 'transactional-id:<id>, delegation-token:<id>, user:<name> or job:<job id>';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function enumWord(text: string): string {
  return text.trim().toUpperCase().replace(/-/g, '_');
}

/** Parses one --resource value; `typeOnly` allows a bare type word (filters). */
export function parseResourceArg(text: string, typeOnly = false): ResourceArg {
  if (CONTROL.test(text)) throw new Error(`--resource contains a control character`);
  if (javaEqualsIgnoreCase(text, 'cluster')) return { protocol: null, resourceType: 'CLUSTER', resourceName: null };
  if (/^cluster\./i.test(text)) {
    let parsed: { resourceType: string; resourceName: string };
    try {
      parsed = parseFlussResource(text);
    } catch (e) {
      throw new Error(`--resource "${text}": ${(e as Error).message}`);
    }
    checkFlussName(parsed.resourceType, parsed.resourceName);
    return { protocol: 'fluss', ...parsed };
  }
  const colon = text.indexOf(':');
  const word = enumWord(colon < 0 ? text : text.slice(0, colon));
  if (word === 'CLUSTER' && colon >= 0) {
    const name = text.slice(colon + 1);
    if (name === WILDCARD_RESOURCE) return { protocol: null, resourceType: 'CLUSTER', resourceName: name };
    const protocol = (Object.keys(CLUSTER_NAME) as AclProtocol[]).find((p) => CLUSTER_NAME[p] === name);
    if (!protocol) {
      const names = (Object.keys(CLUSTER_NAME) as AclProtocol[]).map((p) => `${CLUSTER_NAME[p]} (${p})`).join(', ');
      throw new Error(`--resource "${text}": the cluster is called ${names}; plain \`cluster\` works for all`);
    }
    return { protocol, resourceType: 'CLUSTER', resourceName: name };
  }
  const known = TYPE_WORDS[word];
  if (!known) throw new Error(`--resource "${text}": expected ${RESOURCE_FORMS}`);
  if (colon < 0) {
    if (typeOnly) return { protocol: known.protocol, resourceType: known.type, resourceName: null };
    throw new Error(`--resource "${text}": name missing, e.g. ${word.toLowerCase().replace(/_/g, '-')}:<name> (or :* for all)`);
  }
  const name = text.slice(colon + 1);
  if (name.length === 0) throw new Error(`--resource "${text}": empty name`);
  if (known.protocol === 'fluss') checkFlussName(known.type, name);
  if (known.protocol === 'flink') {
    try {
      return { protocol: 'flink', ...parseFlinkResource(text) };
    } catch (e) {
      throw new Error(`--resource: ${(e as Error).message}`);
    }
  }
  return { protocol: known.protocol, resourceType: known.type, resourceName: name };
}

/** Fluss names: a database has no dot, a table is `<db>.<table>`; `*` is the type wildcard. */
function checkFlussName(type: string, name: string): void {
  if (name === WILDCARD_RESOURCE) return;
  const parts = name.split('.');
  if (type === 'DATABASE' && (parts.length !== 1 || name === '')) {
    throw new Error(`database name "${name}" must not contain '.' (a table is table:<db>.<table>)`);
  }
  if (type === 'TABLE' && (parts.length !== 2 || parts.some((p) => p === ''))) {
    throw new Error(`table name "${name}" must be <database>.<table>`);
  }
}

/** The concrete name of a parsed resource for `protocol` (cluster → its fixed name). */
export function resourceNameFor(r: ResourceArg, protocol: AclProtocol): string | null {
  return r.resourceType === 'CLUSTER' && r.resourceName === null ? CLUSTER_NAME[protocol] : r.resourceName;
}

/** `Type:Name`; on fluss also ALL (= `*:*`). */
export function parsePrincipalArg(text: string, protocol: AclProtocol): string {
  if (CONTROL.test(text)) throw new Error('--principal contains a control character');
  if (text.trim() !== text) throw new Error(`--principal "${text}" has leading or trailing spaces`);
  if (protocol === 'fluss' && javaEqualsIgnoreCase(text, 'ALL')) return FLUSS_WILDCARD_PRINCIPAL;
  const parts = splitPrincipal(text);
  if (!parts || parts.name.length === 0) throw new Error(`--principal "${text}" is not in the form Type:Name (e.g. User:alice)`);
  if (protocol === 'fluss' && parts.name.includes(':')) {
    throw new Error(`--principal "${text}": a fluss principal is exactly one Type:Name pair`);
  }
  return text;
}

/** An operation name of `protocol` (`ANY` too when `filter`). */
export function parseOperationArg(text: string, protocol: AclProtocol, filter = false): string {
  const name = enumWord(text);
  const allowed = filter ? ['ANY', ...STORABLE_OPERATIONS[protocol]] : STORABLE_OPERATIONS[protocol];
  if (!allowed.includes(name)) throw new Error(`--operation "${text}" is not a ${protocol} operation (one of ${allowed.join(', ')})`);
  return name;
}

/** ALLOW (every protocol) or DENY (kafka only); `ANY` too when `filter`. */
export function parsePermissionArg(text: string, protocol: AclProtocol, filter = false): string {
  const name = enumWord(text);
  const allowed = [...(filter ? ['ANY'] : []), 'ALLOW', ...(protocol === 'kafka' ? ['DENY'] : [])];
  if (!allowed.includes(name)) {
    const why = name === 'DENY' ? ` (${protocol} has no DENY entries)` : '';
    throw new Error(`--permission "${text}" is not valid for ${protocol}: one of ${allowed.join(', ')}${why}`);
  }
  return name;
}

/** LITERAL/PREFIXED on kafka (ANY/MATCH too in filters); fluss and flink entries are always LITERAL. */
export function parsePatternArg(text: string, protocol: AclProtocol, filter = false): string {
  const name = enumWord(text);
  if (protocol !== 'kafka') {
    if (name === 'LITERAL') return name;
    throw new Error(`--pattern "${text}": ${protocol} ACLs have no pattern types (always LITERAL)`);
  }
  const allowed = filter ? ['LITERAL', 'PREFIXED', 'ANY', 'MATCH'] : ['LITERAL', 'PREFIXED'];
  if (!allowed.includes(name)) throw new Error(`--pattern "${text}": one of ${allowed.join(', ')}`);
  return name;
}

/** `*`, or an IP address in the form the brokers compare hosts in (Java's getHostAddress). */
export function parseHostArg(text: string): string {
  if (text === '*') return text;
  if (isIP(text) === 0) throw new Error(`--host "${text}" must be * or an IP address (host names never match)`);
  return javaHostAddress(text);
}

/** Every combination of the given lists, as objects. */
export function combinations<T extends Record<string, readonly unknown[]>>(lists: T): Array<{ [K in keyof T]: T[K][number] }> {
  let out: Array<Record<string, unknown>> = [{}];
  for (const [key, values] of Object.entries(lists)) {
    out = out.flatMap((partial) => values.map((v) => ({ ...partial, [key]: v })));
  }
  return out as Array<{ [K in keyof T]: T[K][number] }>;
}
