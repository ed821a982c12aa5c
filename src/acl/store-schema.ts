/**
 * The ACL store file format (YAML), parsed and printed without touching the file system.
 *
 *   # comments are allowed but not kept: the gateway rewrites the file when ACLs change
 *   version: 1
 *   acls:
 *     - protocol: kafka          # kafka | fluss | flink: which listeners the entry governs
 *                                # (flink: the HTTP listeners in front of the Flink REST API)
 *       principal: User:alice    # Type:Name; everyone: User:* (kafka), "*:*" (fluss), either (flink)
 *       host: "*"                # optional, default "*"; otherwise one exact client IP
 *       resourceType: TOPIC      # kafka: TOPIC GROUP CLUSTER TRANSACTIONAL_ID DELEGATION_TOKEN USER
 *                                # fluss: CLUSTER DATABASE TABLE; flink: CLUSTER JOB
 *       resourceName: orders     # optional for CLUSTER (kafka-cluster / fluss-cluster / flink-cluster);
 *                                # fluss: <db> or <db>.<table>; flink JOB: the 32-hex-digit job id
 *                                # (quote it: an all-digit id would be read as a number);
 *                                # "*" = every resource of the type (fluss, flink; kafka LITERAL)
 *       patternType: LITERAL     # optional, default LITERAL; kafka also PREFIXED
 *       operation: READ          # the protocol's operation name (ALL, READ, WRITE, ...;
 *                                # flink: ALL READ WRITE CREATE DROP ALTER DESCRIBE)
 *       permission: ALLOW        # optional, default ALLOW; kafka also DENY
 *
 * An empty file, or one without `acls`, holds no entries. Every problem is reported with the
 * source name, line and entry index; nothing from an invalid file is ever used.
 */
import { Document, LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { GatewayError } from '../errors.js';
import { ACL_PROTOCOLS, CLUSTER_NAME } from './codes.js';
import { entryProblem } from './entry.js';
import type { AclProtocol, TaggedAclEntry } from './types.js';

export const ACL_STORE_VERSION = 1;

const KNOWN_KEYS = new Set(['protocol', 'principal', 'host', 'resourceType', 'resourceName', 'patternType', 'operation', 'permission']);

const HEADER = [
  ' streamward ACL store (version 1). Written by the gateway; edits are picked up on save.',
  ' Each entry: protocol (kafka|fluss|flink), principal (Type:Name), host ("*" or an IP), resourceType,',
  ' resourceName, patternType (LITERAL|PREFIXED, kafka only), operation, permission (ALLOW|DENY, DENY kafka only).',
].join('\n');

function invalid(source: string, line: number | undefined, detail: string): GatewayError {
  return new GatewayError('SW_ERR_CONFIG_INVALID', `${source}${line ? ` line ${line}` : ''}: ${detail}`);
}

/** Entries of a store file's text; throws GatewayError(SW_ERR_CONFIG_INVALID) naming line and entry. */
export function parseAclStore(text: string, source = 'acl store'): TaggedAclEntry[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const lineOf = (node: Node | null | undefined): number | undefined => (node?.range ? lineCounter.linePos(node.range[0]).line : undefined);
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw invalid(source, lineCounter.linePos(err.pos[0]).line, `YAML: ${err.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  if (root === null || root === undefined) return [];
  if (!isMap(root)) throw invalid(source, lineOf(root as Node), 'the top level must be a mapping with `version` and `acls`');
  for (const pair of root.items) {
    const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
    if (key !== 'version' && key !== 'acls') throw invalid(source, lineOf(pair.key as Node), `unknown top-level key '${key}'`);
  }
  const version = doc.get('version');
  if (version !== undefined && version !== ACL_STORE_VERSION) {
    throw invalid(source, lineOf(root.get('version', true) as Node), `unsupported version ${String(version)} (expected ${ACL_STORE_VERSION})`);
  }
  const acls = root.get('acls', true) as Node | undefined;
  if (acls === undefined || acls === null || (acls as { value?: unknown }).value === null) return [];
  if (!isSeq(acls)) throw invalid(source, lineOf(acls), '`acls` must be a list');
  return acls.items.map((item, i) => parseItem(item as Node, i, source, lineOf));
}

function parseItem(item: Node, index: number, source: string, lineOf: (n: Node | undefined) => number | undefined): TaggedAclEntry {
  const where = `entry ${index}`;
  const line = lineOf(item);
  if (!isMap(item)) throw invalid(source, line, `${where}: must be a mapping`);
  const fieldLine = (key: string): number | undefined => lineOf((item.get(key, true) as Node | undefined) ?? item);
  const raw = item.toJSON() as Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.has(key)) throw invalid(source, fieldLine(key), `${where}: unknown key '${key}'`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw invalid(source, fieldLine(key), `${where}: ${key} must be a string (quote it)`);
  }
  const protocol = raw.protocol as AclProtocol;
  if (!ACL_PROTOCOLS.includes(protocol)) {
    throw invalid(source, fieldLine('protocol'), `${where}: protocol must be one of ${ACL_PROTOCOLS.map((p) => `'${p}'`).join(', ')}`);
  }
  const candidate = {
    host: '*',
    patternType: 'LITERAL',
    permission: 'ALLOW',
    ...(raw.resourceType === 'CLUSTER' ? { resourceName: CLUSTER_NAME[protocol] } : {}),
    ...raw,
  };
  const problem = entryProblem(protocol, candidate);
  if (problem) throw invalid(source, fieldLine(problem.field), `${where}: ${problem.message}`);
  const entry = candidate as TaggedAclEntry;
  return entry;
}

/** The file text for `entries` (deterministic: entries in the given order, fields in a fixed order). */
export function formatAclStore(entries: readonly TaggedAclEntry[]): string {
  const acls = entries.map((e) => ({
    protocol: e.protocol,
    principal: e.principal,
    host: e.host,
    resourceType: e.resourceType,
    resourceName: e.resourceName,
    patternType: e.patternType,
    operation: e.operation,
    permission: e.permission,
  }));
  const doc = new Document({ version: ACL_STORE_VERSION, acls });
  doc.commentBefore = HEADER;
  return doc.toString({ lineWidth: 0 });
}
