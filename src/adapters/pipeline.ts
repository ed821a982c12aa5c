/**
 * The one request pipeline every protocol session runs (Kafka, Fluss): an ordered list of
 * stages, each sitting in one slot, that see every request frame the session could read a header
 * from. A stage returns null to let the request go on, or a verdict that ends its trip (answer
 * locally, close, or forward a rewritten frame). A request that passes every stage is forwarded
 * as its original bytes. A stage that wants the backend's answer to a request it let through
 * registers typed work for it in its own PendingResponses (pending-responses.ts); answers come
 * back through exactly those stages, in reverse order, then through the session's own finish
 * (address rewriting, ApiVersions trimming: the session's business, not a stage's).
 *
 *   request frame
 *     │ session: read the header's fixed fields (api key, version, request id) -> RequestInfo
 *     ▼
 *   [guard]         api key known and client-facing, version supported, header readable,
 *     │             allowed before login and within its pre-auth size cap (asks the gate),
 *     │             Fluss: the body decodes (once; the decoded body rides on the request)
 *     ▼
 *   [authenticate]  SASL exchange (answered here), session expiry, ApiVersions before login
 *     │             answered locally
 *     ▼
 *   [authorize]     request facts the core needs (Kafka Produce acks), private apis, then the
 *     │             protocol's authorizer on the decoded body (per request, per item)
 *     ▼
 *   [quota]         sees every authenticated, authorized request, also one an earlier stage
 *     │             forwarded (its verdict is then only delayed or replaced): records sizes,
 *     │             holds the request while the connection is muted, registers
 *     │             PendingResponses work to stamp throttle time on the backend's answer
 *     ▼
 *   forward original bytes ──► backend ──► answer ──► [stages with pending work, reverse]
 *                                                    ──► session finish ──► client
 *
 *   any stage ──verdict──► respond (answer locally, maybe then close) | close | forward (rewritten)
 *
 * A slot may hold several stages (they run in the order given); slots must come in the order
 * above. Stages and the runner allocate no closure per frame.
 */
import type { ConnectionContext, RequestInfo, Verdict } from '../proxy/protocol.js';

export type StageSlot = 'guard' | 'authenticate' | 'authorize' | 'quota';

/** The slots in the order the runner requires. */
export const SLOT_ORDER: readonly StageSlot[] = ['guard', 'authenticate', 'authorize', 'quota'];

export type StageOutcome = Verdict | Promise<Verdict> | null;

/** A version range the gateway advertises for an api it answers itself. */
export interface OwnedRange {
  min: number;
  max: number;
}

/** The backend's answers one stage asked to see (a PendingResponses, usually). */
export interface ResponseHook {
  /** Whether this request's answer must come back through the stage. */
  awaits(info: RequestInfo): boolean;
  /** The answer for the client (merged, filtered, or the very same buffer). */
  finish(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer>;
  /**
   * Optional: true when the answer whose first bytes are `head` passes this stage unchanged; the
   * hook has then done all finish would have done, and finish is not called (the core passes a
   * large answer on as received). False when it cannot tell (e.g. a head too short).
   */
  passes?(info: RequestInfo, head: Buffer): boolean;
}

/** One step of the pipeline. `Req` is the protocol's request envelope (header, frame, decoded body). */
export interface PipelineStage<Req> {
  readonly slot: StageSlot;
  onRequest(req: Req, info: RequestInfo, ctx: ConnectionContext): StageOutcome;
  /** Present when the stage may want answers back. */
  readonly responses?: ResponseHook;
  /**
   * Apis this stage answers itself (api key -> version range): the session advertises them in
   * every ApiVersions answer, the one answered before authentication included.
   */
  readonly ownedApis?: ReadonlyMap<number, OwnedRange>;
  /**
   * True when the stage reads a Kafka Produce / Fluss PRODUCE_LOG frame received in pieces
   * correctly from its skeleton (the frame with its record bytes left out): a session reads such
   * frames in pieces only when every stage it was given says so.
   */
  readonly readsProduceSkeletons?: boolean;
  close?(): void;
}

/**
 * The place for quotas (kafka/quota-stage.ts, fluss/quota-stage.ts): a stage in the last slot, so
 * it only sees requests that are authenticated and authorized, including those an authorization
 * stage forwarded itself. It lets the request go on (null), holds it (a promise of a forward:
 * the earlier stage's verdict then goes on once it resolves) or answers/closes, and may stamp
 * throttle time on answers through its own PendingResponses. Hand it to the adapter after
 * authorization in `stages` (Kafka/FlussAdapterOptions).
 */
export type QuotaStage<Req> = PipelineStage<Req> & { readonly slot: 'quota' };

export class RequestPipeline<Req> {
  private readonly hooks: ResponseHook[];
  /** Index of the first stage in the quota slot (stages.length when there is none). */
  private readonly firstQuota: number;

  constructor(private readonly stages: ReadonlyArray<PipelineStage<Req>>) {
    let at = 0;
    for (const s of stages) {
      const i = SLOT_ORDER.indexOf(s.slot);
      if (i < at) throw new Error(`pipeline: a ${s.slot} stage after a ${SLOT_ORDER[at]} stage`);
      at = i;
    }
    this.hooks = stages.flatMap((s) => (s.responses ? [s.responses] : [])).reverse();
    const q = stages.findIndex((s) => s.slot === 'quota');
    this.firstQuota = q < 0 ? stages.length : q;
  }

  /**
   * Null (forward as is), or the first verdict a stage gives. A request an earlier stage forwards
   * (authorization forwards what it allows, maybe rewritten) still goes through the quota slot:
   * a quota stage that holds it (a promise of a forward) delays that same verdict; one that
   * answers or closes replaces it.
   */
  run(req: Req, info: RequestInfo, ctx: ConnectionContext): StageOutcome {
    for (let i = 0; i < this.stages.length; i++) {
      const v = this.stages[i].onRequest(req, info, ctx);
      if (v) return i < this.firstQuota ? this.throughQuota(v, req, info, ctx) : v;
    }
    return null;
  }

  private throughQuota(v: Verdict | Promise<Verdict>, req: Req, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> {
    if (this.firstQuota === this.stages.length) return v;
    if (v instanceof Promise) return v.then((x) => this.quotaOn(x, req, info, ctx));
    return this.quotaOn(v, req, info, ctx);
  }

  private quotaOn(v: Verdict, req: Req, info: RequestInfo, ctx: ConnectionContext): Verdict | Promise<Verdict> {
    if (v.kind !== 'forward') return v;
    for (let i = this.firstQuota; i < this.stages.length; i++) {
      const q = this.stages[i].onRequest(req, info, ctx);
      if (!q) continue;
      return q instanceof Promise ? q.then((held) => (held.kind === 'forward' ? v : held)) : q.kind === 'forward' ? v : q;
    }
    return v;
  }

  /** Whether any stage asked for this request's answer. */
  awaitsResponse(info: RequestInfo): boolean {
    for (let i = 0; i < this.hooks.length; i++) if (this.hooks[i].awaits(info)) return true;
    return false;
  }

  /**
   * Whether every stage that asked for this request's answer lets it pass unchanged, judged from
   * its first bytes (then those stages have done their work on it already).
   */
  passesUnchanged(info: RequestInfo, head: Buffer): boolean {
    for (let i = 0; i < this.hooks.length; i++) {
      const hook = this.hooks[i];
      if (hook.awaits(info) && hook.passes?.(info, head) !== true) return false;
    }
    return true;
  }

  /** The answer through every stage that asked for it, last stage first. */
  response(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    let out: Buffer | Promise<Buffer> = frame;
    for (let i = 0; i < this.hooks.length; i++) {
      const hook = this.hooks[i];
      if (!hook.awaits(info)) continue;
      out = out instanceof Promise ? out.then((f) => hook.finish(info, f)) : hook.finish(info, out);
    }
    return out;
  }

  /** Every api some stage answers itself, with its range. */
  ownedApis(): Map<number, OwnedRange> {
    return new Map(this.stages.flatMap((s) => [...(s.ownedApis ?? [])]));
  }

  close(): void {
    for (const s of this.stages) s.close?.();
  }
}
