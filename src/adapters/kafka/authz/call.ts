/**
 * One request on its way through the authorization stage: the decoded body (lazily), the
 * decisions (each resource asked once per request), and the verdict builders every rule uses:
 * answer locally with a response at the request's version, forward (the original frame or a
 * re-encoded one) with an optional edit of the backend's answer, or close.
 */
import { isFlexible } from '../../../protocol/kafka/api-table.js';
import { GatewayError } from '../../../errors.js';
import { kafkaAuthorizedOperations } from '../../../acl/decide.js';
import { javaHostAddress } from '../../../acl/host.js';
import type { Authorizer } from '../../authz.js';
import { responseBodyOffset, type RequestHeader } from '../../../protocol/kafka/header.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../proxy/protocol.js';
import { newResponseFrame, readRequestBody, readResponse, requestFrame, responseDefaults, responseFrame, responseSpec, requestSpec } from '../../../protocol/kafka/schema/frames.js';
import { entry, type Msg, type Value } from '../../../protocol/kafka/schema/message.js';
import { childSpec } from '../../../protocol/kafka/schema/notation.js';
import type { FetchSessions } from './fetch-sessions.js';
import type { ConfigValuesMode } from './config-values.js';
import type { TopicIdMap } from './topic-ids.js';
import type { PendingResponses } from '../../pending-responses.js';
import type { QuotaStore } from '../../../quota/store.js';
import { CLUSTER, type ResourceType } from './resource.js';
import { joinPieced, piecedOf, type PiecedProduce } from '../pieced-produce.js';

/** What a rule may do with the backend's answer before the client gets it. */
export type ResponseEdit = (body: Msg) => Msg | void;

/**
 * What the stage does with the backend's answer to a request whose answer it edits: the answer
 * frame in, the client's out. `passes`, when set, tells from the answer's first bytes that it
 * passes unchanged (it then does all the edit would have done; the edit, if still called on the
 * joined answer, must not repeat it); it throws when the head is too short to tell.
 */
export type AnswerEdit = ((frame: Buffer) => Buffer) & { passes?: (head: Buffer) => boolean };

/** State shared by every request of one connection. */
export interface StageState {
  readonly authorizer: Authorizer;
  readonly topicIds: TopicIdMap;
  readonly sessions: FetchSessions;
  /** What DescribeConfigs answers may show of host-bearing values (config-values.ts). */
  readonly configValues: ConfigValuesMode;
  /** The answers this connection's requests asked to edit. */
  readonly answers: PendingResponses<AnswerEdit>;
  /** The gateway's client quota store (Describe/AlterClientQuotas); null: those apis are forwarded. */
  readonly quotas: QuotaStore | null;
}

export class Call {
  readonly key: number;
  readonly version: number;
  readonly flexible: boolean;
  private readonly decisions = new Map<string, boolean>();
  /** Set while `frame` is the skeleton of a Produce frame received in pieces (pieced-produce.ts). */
  private pieced: PiecedProduce | undefined;

  constructor(
    readonly state: StageState,
    readonly header: RequestHeader,
    /** The request frame (a pieced Produce's skeleton until whole() joins it). */
    public frame: Buffer,
    readonly info: RequestInfo,
    readonly ctx: ConnectionContext,
    /** The request body as decoded (once) by the pipeline, or null to decode it on first use. */
    private decoded: Msg | null = null,
  ) {
    this.key = header.apiKey;
    this.version = header.apiVersion;
    this.flexible = isFlexible(this.key, this.version);
    this.pieced = piecedOf(frame);
  }

  /** For a pieced Produce not joined yet: whether its batches are transactional (its records are left out of body()). */
  piecedTransactional(): boolean | undefined {
    return this.pieced?.skeleton.transactional;
  }

  /**
   * Before anything re-encodes the request: a pieced Produce becomes the joined frame, and the
   * decoded body gets its record bytes back (views into that frame, as decoding it would give).
   */
  private whole(): void {
    const p = this.pieced;
    if (!p) return;
    const body = this.body();
    const joined = joinPieced(p);
    let i = 0;
    for (const t of body.TopicData as Msg[]) {
      for (const part of t.PartitionData as Msg[]) {
        const span = p.skeleton.records[i++];
        if (span) part.Records = joined.subarray(span.offset, span.offset + span.length);
      }
    }
    this.frame = joined;
    this.pieced = undefined;
  }

  get authorizer(): Authorizer {
    return this.state.authorizer;
  }

  get ids(): TopicIdMap {
    return this.state.topicIds;
  }

  get enforcing(): boolean {
    return this.authorizer.options.enforcement === 'enforce';
  }

  /** A Call for the same request carrying `body` instead (re-encoded: what is forwarded as "the original frame"). */
  withBody(body: Msg): Call {
    this.whole();
    return new Call(this.state, this.header, requestFrame(this.frame, this.header, body), this.info, this.ctx, body);
  }

  /** The decoded request body (decoded once). */
  body(): Msg {
    this.decoded ??= readRequestBody(this.frame, this.header);
    return this.decoded;
  }

  /** The enforced decision for one resource: counted, logged when denied, audited; once per request. */
  allow(operation: string, resource: ResourceType, name: string): boolean {
    const k = `${operation}\u0000${resource}\u0000${name}`;
    let d = this.decisions.get(k);
    if (d === undefined) {
      d = this.authorizer.authorize(this.ctx, this.info.api, resource, name, operation);
      this.decisions.set(k, d);
    }
    return d;
  }

  allowCluster(operation: string): boolean {
    return this.allow(operation, 'CLUSTER', CLUSTER);
  }

  /** A decision shadow mode never relaxes: for apis that change gateway state (ACL admin). */
  allowClusterEnforced(operation: string): boolean {
    return this.authorizer.authorizeEnforced(this.ctx, this.info.api, 'CLUSTER', CLUSTER, operation);
  }

  /** A quiet decision for filtering listings (true in shadow mode, where nothing is hidden). */
  visible(operation: string, resource: ResourceType, name: string): boolean {
    return !this.enforcing || this.authorizer.check(this.ctx, resource, name, operation).allowed;
  }

  /** The authorized-operations bitfield of one resource for this principal. */
  operationBits(resource: ResourceType, name: string): number {
    const o = this.authorizer.options;
    return kafkaAuthorizedOperations(
      o.acls.current(),
      { principal: this.ctx.principal ?? 'User:ANONYMOUS', host: javaHostAddress(this.ctx.remoteAddress), resourceType: resource, resourceName: name },
      o.decide,
    );
  }

  /** A default-filled response body at this version. */
  response(values: Record<string, Value> = {}): Msg {
    const m = responseDefaults(this.key, this.version);
    for (const [k, v] of Object.entries(values)) if (k in m) m[k] = v;
    return m;
  }

  /** A default-filled entry of a nested response struct, e.g. ['Responses', 'PartitionResponses']. */
  responseEntry(path: readonly string[], values: Record<string, Value>): Msg {
    return entry(childSpec(responseSpec(this.key), path), this.version, this.flexible, values);
  }

  requestEntry(path: readonly string[], values: Record<string, Value>): Msg {
    return entry(childSpec(requestSpec(this.key), path), this.version, this.flexible, values);
  }

  /** Answer locally. */
  respond(body: Msg): Verdict {
    return { kind: 'respond', info: this.info, frame: newResponseFrame(this.header.correlationId, this.key, this.version, body) };
  }

  /** Forward `body` re-encoded (or the original frame when null), editing the answer with `edit`. */
  forward(body: Msg | null, edit?: ResponseEdit): Verdict {
    if (body) this.whole();
    const frame = body ? requestFrame(this.frame, this.header, body) : this.frame;
    if (edit) {
      const { key, version } = this;
      this.state.answers.expect(this.info, (resp) => {
        const { head, body: b } = readResponse(resp, key, version);
        return responseFrame(head, key, version, edit(b) ?? b);
      });
    }
    return { kind: 'forward', info: this.info, frame };
  }

  /** Forward `body` re-encoded (or the original frame when null) and transform the raw answer frame. */
  forwardRaw(transform: (frame: Buffer) => Buffer, body: Msg | null = null, passes?: (head: Buffer) => boolean): Verdict {
    if (body) this.whole();
    this.state.answers.expect(this.info, passes ? Object.assign(transform, { passes }) : transform);
    return { kind: 'forward', info: this.info, frame: body ? requestFrame(this.frame, this.header, body) : this.frame };
  }

  /** Forward, and look at the raw answer (body at `at`) without changing it. */
  forwardWatching(body: Msg | null, watch: (frame: Buffer, at: number) => void): Verdict {
    if (body) this.whole();
    const { key, version } = this;
    this.forwardRaw((resp) => {
      watch(resp, responseBodyOffset(resp, key, version));
      return resp;
    });
    return { kind: 'forward', info: this.info, frame: body ? requestFrame(this.frame, this.header, body) : this.frame };
  }

  /** Close the connection without an answer (the broker's CLOSE). */
  close(detail: string): Verdict {
    return { kind: 'close', info: this.info, error: new GatewayError('SW_ERR_AUTHZ_DENIED', `${this.info.api} v${this.version}: ${detail}`) };
  }
}
