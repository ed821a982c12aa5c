/**
 * The quota slot of the request pipeline (src/adapters/pipeline.ts): a request an authorization
 * stage forwards itself (possibly rewritten) still reaches the quota stages; a quota stage that
 * holds it delays that very verdict; one that answers replaces it; a close or a local answer from
 * authorization never reaches the quota slot.
 */
import t from 'tap';
import { RequestPipeline, type PipelineStage, type StageSlot } from '../../../src/adapters/pipeline.js';
import { GatewayError } from '../../../src/errors.js';
import type { RequestInfo, Verdict } from '../../../src/proxy/protocol.js';
import { fakeCtx } from './kafka/authz/harness.js';

interface ToyRequest {
  seen: string[];
}

class Fixed implements PipelineStage<ToyRequest> {
  constructor(
    readonly slot: StageSlot,
    private readonly name: string,
    private readonly verdict: (info: RequestInfo) => Verdict | Promise<Verdict> | null,
  ) {}
  onRequest(req: ToyRequest, info: RequestInfo): Verdict | Promise<Verdict> | null {
    req.seen.push(this.name);
    return this.verdict(info);
  }
}

const info: RequestInfo = { apiKey: 0, apiVersion: 9, id: 1, expectResponse: true, api: 'Produce' };
const rewritten = Buffer.from('rewritten');
const forward = (i: RequestInfo): Verdict => ({ kind: 'forward', info: i, frame: rewritten });
const ctx = fakeCtx('User:alice');

t.test('a request authorization forwards still goes through the quota slot', async (t) => {
  const p = new RequestPipeline<ToyRequest>([new Fixed('authorize', 'authz', forward), new Fixed('quota', 'quota', () => null)]);
  const req = { seen: [] as string[] };
  const v = p.run(req, info, ctx);
  t.same(req.seen, ['authz', 'quota']);
  t.equal((v as Verdict & { kind: 'forward' }).frame, rewritten, "authorization's verdict goes on");
});

t.test('a quota stage holding it delays the same verdict', async (t) => {
  let release: () => void = () => undefined;
  const hold = (i: RequestInfo) => new Promise<Verdict>((r) => (release = () => r({ kind: 'forward', info: i, frame: Buffer.from('original') })));
  const p = new RequestPipeline<ToyRequest>([new Fixed('authorize', 'authz', forward), new Fixed('quota', 'quota', hold)]);
  const v = p.run({ seen: [] }, info, ctx);
  t.ok(v instanceof Promise, 'held');
  release();
  const out = (await v) as Verdict & { kind: 'forward' };
  t.equal(out.frame, rewritten, 'released as the rewritten frame authorization forwarded');
});

t.test('an asynchronous authorization verdict is followed by the quota slot too', async (t) => {
  const p = new RequestPipeline<ToyRequest>([new Fixed('authorize', 'authz', async (i) => forward(i)), new Fixed('quota', 'quota', () => null)]);
  const req = { seen: [] as string[] };
  const out = (await p.run(req, info, ctx)) as Verdict & { kind: 'forward' };
  t.same(req.seen, ['authz', 'quota']);
  t.equal(out.frame, rewritten);
});

t.test('a local answer or a close from authorization never reaches the quota slot', async (t) => {
  const close: Verdict = { kind: 'close', info, error: new GatewayError('SW_ERR_AUTH_REQUIRED', 'x') };
  const p = new RequestPipeline<ToyRequest>([new Fixed('authorize', 'authz', () => close), new Fixed('quota', 'quota', () => null)]);
  const req = { seen: [] as string[] };
  t.equal(p.run(req, info, ctx), close);
  t.same(req.seen, ['authz']);
});
