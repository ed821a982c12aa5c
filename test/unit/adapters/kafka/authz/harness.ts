/**
 * Fixtures for the Kafka authorization unit tests: a connection context recording its log lines,
 * an Authorizer over given Kafka ACL entries (super user User:admin) with an audit sink that
 * records every enforced decision, and a runner that sends a request frame through the stage and
 * a backend answer back through it.
 *
 * Frames are built either by hand (KafkaWriter, see frames.ts) or from default-filled bodies via
 * the codec, so the stage can be driven at any api version.
 */
import { createLogger } from '../../../../../src/log.js';
import { Metrics } from '../../../../../src/metrics.js';
import { Authorizer, MemoryAclState, type AuditEvent } from '../../../../../src/adapters/authz.js';
import { AclIndex } from '../../../../../src/acl/acl-index.js';
import { kafkaAuthzStage, type KafkaAuthzOptions } from '../../../../../src/adapters/kafka/authz/index.js';
import { TopicIdMap } from '../../../../../src/adapters/kafka/authz/topic-ids.js';
import { newResponseFrame, readRequestBody, readResponse, requestDefaults, requestSpec, responseDefaults } from '../../../../../src/protocol/kafka/schema/frames.js';
import { encodeBody } from '../../../../../src/protocol/kafka/schema/encode.js';
import type { Msg, Value } from '../../../../../src/protocol/kafka/schema/message.js';
import { API_SPECS, isFlexible, requestHeaderVersion } from '../../../../../src/protocol/kafka/api-table.js';
import { parseRequestHeader } from '../../../../../src/protocol/kafka/header.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';
import type { PipelineStage } from '../../../../../src/adapters/pipeline.js';
import { KafkaRequest } from '../../../../../src/adapters/kafka/request.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../../../src/proxy/protocol.js';
import type { AclEntry } from '../../../../../src/acl/types.js';

export type LogLine = Record<string, unknown> & { msg?: string; err?: string };

export function fakeCtx(principal: string | null): ConnectionContext & { lines: LogLine[] } {
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
    remoteAddress: '10.0.0.7',
    remotePort: 40000,
    tls: null,
    principal,
    log,
    nodes: { endpointFor: async () => ({ host: '127.0.0.1', port: 1 }), lookup: () => undefined },
    target: { key: 'broker:1', host: '127.0.0.1', port: 1 },
    services: {},
    close: () => undefined,
    lines,
  };
}

/** A Kafka entry: `allow('User:bob', 'READ', 'TOPIC', 'orders')`. */
export function allow(principal: string, operation: string, resourceType: string, resourceName: string, patternType: 'LITERAL' | 'PREFIXED' = 'LITERAL'): AclEntry {
  return { principal, host: '*', resourceType, resourceName, patternType, operation, permission: 'ALLOW' };
}

export function deny(principal: string, operation: string, resourceType: string, resourceName: string): AclEntry {
  return { ...allow(principal, operation, resourceType, resourceName), permission: 'DENY' };
}

export interface Sent {
  verdict: Verdict | null;
  info: RequestInfo;
  /** The frame the client sent. */
  frame: Buffer;
}

export class Harness {
  readonly ctx: ConnectionContext & { lines: LogLine[] };
  readonly authorizer: Authorizer;
  readonly acls: MemoryAclState;
  readonly ids = new TopicIdMap();
  readonly audit: AuditEvent[] = [];
  readonly stage: PipelineStage<KafkaRequest>;
  private nextId = 100;

  constructor(entries: AclEntry[] = [], principal: string | null = 'User:bob', enforcement: 'enforce' | 'shadow' = 'enforce', options: KafkaAuthzOptions = {}) {
    this.ctx = fakeCtx(principal);
    this.acls = new MemoryAclState(AclIndex.from(entries.map((e) => ({ protocol: 'kafka' as const, ...e }))));
    this.authorizer = new Authorizer({ protocol: 'kafka', acls: this.acls, decide: { superUsers: ['User:admin'] }, enforcement, metrics: new Metrics(), audit: { record: (e) => this.audit.push(e) } });
    this.stage = kafkaAuthzStage(this.authorizer, { topicIds: this.ids, ...options })(this.ctx);
  }

  /** Sends a ready frame through the stage. */
  async sendFrame(frame: Buffer): Promise<Sent> {
    const req = new KafkaRequest(frame);
    const header = req.header;
    const spec = API_SPECS.get(header.apiKey);
    const info: RequestInfo = { apiKey: header.apiKey, apiVersion: header.apiVersion, id: header.correlationId, expectResponse: true, api: spec?.name ?? 'Unknown' };
    const verdict = await this.stage.onRequest(req, info, this.ctx);
    return { verdict, info, frame };
  }

  /** Sends a request whose body is the defaults of `apiKey` at `version` with `fields` set. */
  send(apiKey: number, version: number, fields: Record<string, Value> = {}): Promise<Sent> {
    return this.sendFrame(requestFrameOf(apiKey, version, fields, this.nextId++));
  }

  /** The backend answer (defaults with `fields`) passed back through the stage, decoded. */
  async answer(sent: Sent, fields: Record<string, Value> = {}): Promise<Msg> {
    const { apiKey, apiVersion, id } = sent.info;
    const backend = newResponseFrame(id, apiKey, apiVersion, { ...responseDefaults(apiKey, apiVersion), ...fields });
    const out = await this.stage.responses!.finish(sent.info, backend);
    return readResponse(out, apiKey, apiVersion).body;
  }

  /** Which (operation, resource type, name, decision) the enforced checks asked. */
  asked(): string[] {
    return this.audit.map((e) => `${e.operation} ${e.resource?.type}:${e.resource?.name} ${e.decision}`);
  }
}

/** A request frame: header (v1/v2 by the api table, client id "t") + the body. */
export function requestFrameOf(apiKey: number, version: number, fields: Record<string, Value>, correlationId = 7): Buffer {
  const flexible = isFlexible(apiKey, version);
  const body = encodeBody(requestSpec(apiKey), { ...requestDefaults(apiKey, version), ...fields }, version, flexible);
  const w = new KafkaWriter(body.length + 32).int16(apiKey).int16(version).int32(correlationId);
  if (requestHeaderVersion(apiKey, version) >= 1) w.nullableString('t');
  if (requestHeaderVersion(apiKey, version) === 2) w.taggedFields([]);
  return w.raw(body).frame();
}

/** The decoded body of a locally answered request (throws for other verdicts). */
export function localAnswer(sent: Sent): Msg {
  const v = sent.verdict;
  if (!v || v.kind !== 'respond' || !v.frame) throw new Error(`expected a local answer, got ${v ? v.kind : 'null'}`);
  return readResponse(v.frame, sent.info.apiKey, sent.info.apiVersion).body;
}

/** The decoded body a 'forward' verdict sends on. */
export function forwarded(sent: Sent): Msg {
  const v = sent.verdict;
  if (!v || v.kind !== 'forward') throw new Error(`expected a forward, got ${v ? v.kind : 'null'}`);
  return readRequestBody(v.frame, parseRequestHeader(v.frame));
}

export function uuid(n: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32BE(n, 12);
  b[0] = 0x5a;
  return b;
}
