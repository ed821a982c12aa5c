/**
 * The request pipeline runner (src/adapters/pipeline.ts), its typed response hook
 * (pending-responses.ts) and the answer path every session shares (pipeline-session.ts), driven
 * with small recording stages.
 */
import t from 'tap';
import { RequestPipeline, type PipelineStage, type StageSlot } from '../../../src/adapters/pipeline.js';
import { PendingResponses } from '../../../src/adapters/pending-responses.js';
import { PipelineSession } from '../../../src/adapters/pipeline-session.js';
import { GatewayError } from '../../../src/errors.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../../src/proxy/protocol.js';
import { fakeCtx } from './kafka/authz/harness.js';

interface ToyRequest {
  seen: string[];
}

/** A stage that notes its name, answers `verdict` for api key `on`, and may ask for the answer (appending its tag). */
class Recording implements PipelineStage<ToyRequest> {
  readonly responses: PendingResponses<string>;

  constructor(
    readonly slot: StageSlot,
    private readonly name: string,
    private readonly on: number | null = null,
    private readonly verdict: Verdict | null = null,
    private readonly wantsAnswer = false,
  ) {
    this.responses = new PendingResponses<string>((tag, _info, frame) => Buffer.concat([frame, Buffer.from(tag)]));
  }

  onRequest(req: ToyRequest, info: RequestInfo): Verdict | null {
    req.seen.push(this.name);
    if (this.wantsAnswer) this.responses.expect(info, `+${this.name}`);
    return info.apiKey === this.on ? this.verdict : null;
  }
}

const infoOf = (apiKey: number): RequestInfo => ({ apiKey, apiVersion: 0, id: 1, expectResponse: true, api: `api${apiKey}` });
const closeVerdict = (info: RequestInfo): Verdict => ({ kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_REQUIRED', 'x') });

t.test('stages run in order; the first verdict ends the trip and later stages never see the request', async (t) => {
  const ctx = fakeCtx(null);
  const info = infoOf(7);
  const stop = closeVerdict(info);
  const p = new RequestPipeline<ToyRequest>([new Recording('guard', 'guard'), new Recording('authenticate', 'gate', 7, stop), new Recording('authorize', 'authz')]);
  const req = { seen: [] as string[] };
  t.equal(p.run(req, info, ctx), stop);
  t.same(req.seen, ['guard', 'gate']);
  const passed = { seen: [] as string[] };
  t.equal(p.run(passed, infoOf(8), ctx), null, 'null: forward as is');
  t.same(passed.seen, ['guard', 'gate', 'authz']);
});

t.test('slots must come in order: guard, authenticate, authorize, quota', async (t) => {
  t.throws(() => new RequestPipeline<ToyRequest>([new Recording('authorize', 'a'), new Recording('guard', 'g')]), /a guard stage after a authorize stage/);
  t.doesNotThrow(() => new RequestPipeline<ToyRequest>([new Recording('guard', 'g'), new Recording('authorize', 'a'), new Recording('authorize', 'b'), new Recording('quota', 'q')]));
});

t.test('answers go back only through the stages that asked, last stage first', async (t) => {
  const ctx = fakeCtx('User:bob');
  const p = new RequestPipeline<ToyRequest>([
    new Recording('guard', 'guard'),
    new Recording('authorize', 'authz', null, null, true),
    new Recording('authorize', 'plain'),
    new Recording('quota', 'quota', null, null, true),
  ]);
  const info = infoOf(3);
  t.notOk(p.awaitsResponse(info), 'nothing asked before the request ran');
  p.run({ seen: [] }, info, ctx);
  t.ok(p.awaitsResponse(info));
  t.equal((p.response(info, Buffer.from('answer')) as Buffer).toString(), 'answer+quota+authz');
  t.notOk(p.awaitsResponse(info), 'the work is handed back once');
  const other = infoOf(4);
  t.equal((p.response(other, Buffer.from('x')) as Buffer).toString(), 'x', 'a request nobody asked about passes untouched');
});

t.test('PendingResponses: typed work per request, replaced by a later expect, the same buffer when none', async (t) => {
  const pending = new PendingResponses<number>((n, _info, frame) => Buffer.from(`${frame.toString()}:${n}`));
  const a = infoOf(1);
  const b = infoOf(1);
  pending.expect(a, 1);
  pending.expect(a, 2);
  t.equal(pending.peek(a), 2);
  t.notOk(pending.awaits(b), 'keyed by the request, not by its fields');
  const frame = Buffer.from('f');
  t.equal(pending.finish(b, frame), frame);
  t.equal((pending.finish(a, frame) as Buffer).toString(), 'f:2');
});

/** A session over the toy pipeline whose own finish appends "!" unless the api is 9. */
class ToySession extends PipelineSession<ToyRequest> {
  constructor(
    ctx: ConnectionContext,
    protected readonly pipeline: RequestPipeline<ToyRequest>,
  ) {
    super(ctx);
  }
  onRequest(frame: Buffer): Verdict {
    const info = infoOf(frame[0]);
    const v = this.pipeline.run({ seen: [] }, info, this.ctx);
    if (v instanceof Promise) throw new Error('toy stages answer synchronously');
    return v ?? { kind: 'forward', info, frame };
  }
  protected finishResponse(info: RequestInfo, frame: Buffer): Buffer {
    return info.apiKey === 9 ? frame : Buffer.concat([frame, Buffer.from('!')]);
  }
  protected finishesUnread(info: RequestInfo): boolean {
    return info.apiKey === 9;
  }
}

t.test('the shared answer path: stages that asked, then the session finish; unread only when neither touches it', async (t) => {
  const session = new ToySession(fakeCtx('User:bob'), new RequestPipeline<ToyRequest>([new Recording('authorize', 'authz', null, null, true)]));
  const v = session.onRequest(Buffer.from([9]));
  t.equal(v.kind, 'forward');
  const info = v.info!;
  t.notOk(session.forwardsResponse(info), 'a stage asked for the answer: it must be read');
  t.equal((session.onResponse(info, Buffer.from('a')) as Buffer).toString(), 'a+authz');
  t.ok(session.forwardsResponse(info), 'nothing left to do with it');
  const plain = new ToySession(fakeCtx('User:bob'), new RequestPipeline<ToyRequest>([]));
  const w = plain.onRequest(Buffer.from([5]));
  t.notOk(plain.forwardsResponse(w.info!), 'the session finish rewrites api 5');
  t.equal((plain.onResponse(w.info!, Buffer.from('b')) as Buffer).toString(), 'b!');
});

t.test('ownedApis and close gather every stage', async (t) => {
  let closed = 0;
  const owner: PipelineStage<ToyRequest> = { slot: 'authorize', onRequest: () => null, ownedApis: new Map([[29, { min: 0, max: 3 }]]), close: () => void closed++ };
  const p = new RequestPipeline<ToyRequest>([new Recording('guard', 'g'), owner]);
  t.same([...p.ownedApis()], [[29, { min: 0, max: 3 }]]);
  p.close();
  t.equal(closed, 1);
});
