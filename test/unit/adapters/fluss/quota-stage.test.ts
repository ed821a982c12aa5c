// The Fluss quota stage: PRODUCE_LOG measured from the whole frame even when it is read in pieces
// (the pieces still go on un-joined), the connection muted (next request held) once over the
// quota, FETCH_LOG answers measured from their head and passed on as received.
import t from 'tap';
import { FlussSession } from '../../../../src/adapters/fluss/adapter.js';
import { FlussQuotaStage } from '../../../../src/adapters/fluss/quota-stage.js';
import { QuotaService } from '../../../../src/adapters/quota-gate.js';
import { QuotaManager } from '../../../../src/quota/manager.js';
import type { QuotaEntry } from '../../../../src/quota/entities.js';
import { anonymousPolicy } from '../../../../src/adapters/auth-policy.js';
import { Metrics } from '../../../../src/metrics.js';
import { createMemoryLogger } from '../../../../src/log.js';
import { ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { FetchLogRequest, ProduceLogRequest } from '../../../../src/protocol/fluss/messages/log.js';
import type { RequestInfo } from '../../../../src/proxy/protocol.js';
import { fakeCtx } from './authz/fixtures.js';

function setup(entries: QuotaEntry[]) {
  let ms = 7_000_000;
  const now = () => ms;
  const metrics = new Metrics();
  const service = new QuotaService(new QuotaManager({ entries }, now), metrics, createMemoryLogger('info').log, now);
  let stage: FlussQuotaStage | null = null;
  const session = new FlussSession(fakeCtx(null, 'tablet:2'), {
    auth: anonymousPolicy('test', metrics),
    stages: [(c) => (stage = new FlussQuotaStage(service, c, now))],
  });
  return { session, metrics, stage: () => stage!, advance: (d: number) => (ms += d) };
}

const produceLog = (id: number, bytes: number): Buffer =>
  encodeRequestFrame(ApiKey.PRODUCE_LOG, 0, id, encodeMessage(ProduceLogRequest, { acks: -1, table_id: 7n, timeout_ms: 1000, buckets_req: [{ bucket_id: 0, records: Buffer.alloc(bytes, 0x30) }] }));
const fetchLog = (id: number): Buffer => encodeRequestFrame(ApiKey.FETCH_LOG, 0, id, encodeMessage(FetchLogRequest, { follower_server_id: -1, max_bytes: 1 << 20 }));
const cut = (f: Buffer, n: number): Buffer[] => Array.from({ length: Math.ceil(f.length / n) }, (_, i) => f.subarray(i * n, i * n + n));
const rateOf = async (m: Metrics, quota: string) => {
  const line = (await m.registry.metrics()).split('\n').find((l) => l.startsWith(`streamward_quota_rate{principal="User:ANONYMOUS",quota="${quota}"}`));
  return line ? Number(line.split(' ').pop()) : NaN;
};

t.test('a PRODUCE_LOG read in pieces is measured whole and forwarded in pieces; over the quota the connection is muted', async (t) => {
  const { session, metrics } = setup([{ user: 'ANONYMOUS', producerByteRate: 1000 }]);
  const frame = produceLog(1, 20_000);
  const pieces = cut(frame, 997);
  t.ok(session.readsInPieces(pieces[0]), 'still read in pieces with the quota stage');
  const v = await session.onRequestPieces(pieces, frame.length);
  t.equal(v?.kind, 'forward-pieces');
  t.equal(await rateOf(metrics, 'producer_byte_rate'), (frame.length - 4) / 10, 'the whole frame counted (over the padded 10 s window)');
  const next = session.onRequest(produceLog(2, 10));
  t.ok(next instanceof Promise, 'the next request is held: the connection is muted');
  session.close();
});

t.test('FETCH_LOG answers: measured from the head, passed as received, a mute follows', async (t) => {
  const { session, metrics, stage, advance } = setup([{ user: 'ANONYMOUS', consumerByteRate: 1000 }]);
  const fetch = fetchLog(3);
  const v = session.onRequest(fetch);
  t.equal((v as { kind: string }).kind, 'forward');
  const info = (v as { info: RequestInfo }).info;
  const answer = Buffer.alloc(50_000);
  answer.writeInt32BE(answer.length - 4, 0);
  t.equal(session.forwardsResponse(info, answer.subarray(0, 64)), true, 'passes unread');
  t.equal(await rateOf(metrics, 'consumer_byte_rate'), (answer.length - 4) / 10);
  t.ok(stage().responses.awaits(info) === false || stage().responses.finish(info, answer) === answer, 'not measured twice');
  t.ok(session.onRequest(fetchLog(4)) instanceof Promise, 'muted');
  advance(60_000);
  t.notOk(session.onRequest(fetchLog(5)) instanceof Promise, 'not muted once the throttle time is over');
  session.close();
});

t.test('a principal without a quota: no answer awaited, nothing held', async (t) => {
  const { session } = setup([{ user: 'someone-else', consumerByteRate: 1, producerByteRate: 1 }]);
  for (let i = 0; i < 3; i++) {
    const v = session.onRequest(produceLog(10 + i, 100_000));
    t.notOk(v instanceof Promise);
  }
  const v = session.onRequest(fetchLog(20)) as { info: RequestInfo };
  t.equal(session.forwardsResponse(v.info), true, 'no hook on the answer');
  session.close();
});
