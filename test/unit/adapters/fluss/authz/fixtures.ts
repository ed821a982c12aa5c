/**
 * Fixtures for the Fluss authorization unit tests: a connection context that records its log
 * lines, an Authorizer over given ACL entries (super user User:admin), hand-built request and
 * response frames, and a runner that passes a frame through a stage and reads its verdict.
 */
import { createLogger } from '../../../../../src/log.js';
import { Metrics } from '../../../../../src/metrics.js';
import { Authorizer, MemoryAclState } from '../../../../../src/adapters/authz.js';
import { AclIndex } from '../../../../../src/acl/acl-index.js';
import { FlussAuthzStage } from '../../../../../src/adapters/fluss/authz/stage.js';
import { FlussRequest } from '../../../../../src/adapters/fluss/request.js';
import { FlussTableDirectory, type FlussTableDirectoryOptions } from '../../../../../src/adapters/fluss/authz/directory.js';
import { tableRef } from '../../../../../src/adapters/fluss/authz/texts.js';
import { apiName } from '../../../../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame, encodeResponseFrame, readRequestHeader, readResponseHeader, frameBody } from '../../../../../src/protocol/fluss/frame.js';
import { decodeErrorResponse } from '../../../../../src/protocol/fluss/error-response.js';
import { encodeMessage, decodeMessage, type MessageDescriptor, type FieldSpecs, type InputFields, type DecodedFields } from '../../../../../src/protocol/fluss/proto-message.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../../../src/proxy/protocol.js';
import type { AclEntry } from '../../../../../src/acl/types.js';

export type LogLine = Record<string, unknown> & { msg?: string; err?: string };

export function fakeCtx(principal: string | null, targetKey = 'tablet:1'): ConnectionContext & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = createLogger({
    level: 'debug',
    destination: {
      write: (s: string) => {
        lines.push(JSON.parse(s) as LogLine);
      },
    },
  });
  return {
    connId: 1,
    listener: 'test',
    remoteAddress: '127.0.0.1',
    remotePort: 40000,
    tls: null,
    principal,
    log,
    nodes: { endpointFor: async () => ({ host: '127.0.0.1', port: 1 }), lookup: () => undefined },
    target: { key: targetKey, host: '127.0.0.1', port: 1 },
    services: {},
    close: () => undefined,
    lines,
  };
}

/** A Fluss entry: `grant('User:bob', 'READ', 'TABLE', 'db.t')`. */
export function grant(principal: string, operation: string, resourceType: string, resourceName: string, host = '*'): AclEntry {
  return { principal, host, resourceType, resourceName, patternType: 'LITERAL', operation, permission: 'ALLOW' };
}

export function makeAuthorizer(entries: AclEntry[] = [], enforcement: 'enforce' | 'shadow' = 'enforce'): Authorizer {
  const index = AclIndex.from(entries.map((e) => ({ protocol: 'fluss' as const, ...e })));
  return new Authorizer({ protocol: 'fluss', acls: new MemoryAclState(index), decide: { superUsers: ['User:admin'] }, enforcement, metrics: new Metrics(), audit: null });
}

/** A directory that knows table id 7 = db.t and 8 = db.u (and whatever `extra` adds). */
export function makeTables(extra: Array<[bigint, string, string]> = [], opts: FlussTableDirectoryOptions = {}): FlussTableDirectory {
  const d = new FlussTableDirectory(opts);
  for (const [id, db, t] of [[7n, 'db', 't'], [8n, 'db', 'u'], ...extra] as Array<[bigint, string, string]>) d.learn(id, tableRef(db, t));
  return d;
}

export interface Harness {
  stage: FlussAuthzStage;
  ctx: ConnectionContext & { lines: LogLine[] };
  authorizer: Authorizer;
  tables: FlussTableDirectory;
  /** Sends a request; resolves with the verdict (null = go on unchanged) and the info used. */
  send<Q extends FieldSpecs>(apiKey: number, desc: MessageDescriptor<Q>, value: InputFields<Q>, version?: number): Promise<{ verdict: Verdict | null; info: RequestInfo; frame: Buffer }>;
  sendRaw(apiKey: number, body: Buffer, version?: number): Promise<{ verdict: Verdict | null; info: RequestInfo; frame: Buffer }>;
}

let nextId = 100;

export function harness(principal: string | null, entries: AclEntry[] = [], o: { enforcement?: 'enforce' | 'shadow'; tables?: FlussTableDirectory; target?: string } = {}): Harness {
  const ctx = fakeCtx(principal, o.target);
  const authorizer = makeAuthorizer(entries, o.enforcement);
  const tables = o.tables ?? makeTables();
  const stage = new FlussAuthzStage(authorizer, tables, ctx);
  const sendRaw = async (apiKey: number, body: Buffer, version = 0) => {
    const frame = encodeRequestFrame(apiKey, version, nextId++, body);
    const header = readRequestHeader(frame);
    const info: RequestInfo = { apiKey, apiVersion: version, id: header.requestId, expectResponse: true, api: apiName(apiKey) };
    const req = new FlussRequest(frame, header);
    try {
      req.decode(); // as the pipeline's guard does
    } catch {
      // the guard would answer CORRUPT_MESSAGE; here the stage is tested alone, on its own reading
    }
    const verdict = await stage.onRequest(req, info);
    return { verdict, info, frame };
  };
  return {
    stage,
    ctx,
    authorizer,
    tables,
    sendRaw,
    send: (apiKey, desc, value, version) => sendRaw(apiKey, encodeMessage(desc, value), version),
  };
}

/** The ERROR_RESPONSE a verdict answers with. */
export function errorOf(v: Verdict | null): { code: number; message?: string } {
  if (!v || v.kind !== 'respond' || !v.frame) throw new Error(`expected a local answer, got ${v ? v.kind : 'null'}`);
  const h = readResponseHeader(v.frame);
  if (h.type !== 1) throw new Error(`expected an ERROR_RESPONSE, got type ${h.type}`);
  return decodeErrorResponse(frameBody(v.frame, h));
}

/** The decoded SUCCESS body a verdict answers with. */
export function okOf<R extends FieldSpecs>(v: Verdict | null, desc: MessageDescriptor<R>): DecodedFields<R> {
  if (!v || v.kind !== 'respond' || !v.frame) throw new Error(`expected a local answer, got ${v ? v.kind : 'null'}`);
  const h = readResponseHeader(v.frame);
  if (h.type !== 0) throw new Error(`expected SUCCESS, got type ${h.type}: ${JSON.stringify(decodeErrorResponse(frameBody(v.frame, h)))}`);
  return decodeMessage(desc, frameBody(v.frame, h));
}

/** The body of the request a forward verdict sends. */
export function forwardedBody(v: Verdict | null, original: Buffer): Buffer {
  const frame = v === null ? original : v.kind === 'forward' ? v.frame : null;
  if (!frame) throw new Error(`expected a forward, got ${v?.kind}`);
  const h = readRequestHeader(frame);
  return frame.subarray(h.bodyOffset, h.frameEnd);
}

/** A backend SUCCESS answer to `info` with `body`. */
export function backendOk<R extends FieldSpecs>(info: RequestInfo, desc: MessageDescriptor<R>, value: InputFields<R>): Buffer {
  return encodeResponseFrame(0, info.id, encodeMessage(desc, value));
}

export function decodeOk<R extends FieldSpecs>(frame: Buffer, desc: MessageDescriptor<R>): DecodedFields<R> {
  const h = readResponseHeader(frame);
  if (h.type !== 0) throw new Error(`expected SUCCESS, got type ${h.type}`);
  return decodeMessage(desc, frameBody(frame, h));
}

export const DENY_TEXT = (principal: string, op: string, type: string, name: string) =>
  `Principal FlussPrincipal{name='${principal}', type='User'} have no authorization to operate ${op} on resource Resource{type=${type}, name='${name}'} `;
