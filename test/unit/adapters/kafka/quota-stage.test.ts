// The Kafka quota stage: Produce request sizes and Fetch answer sizes on the principal's rates,
// throttle_time_ms stamped into the answer for every version range that has the field (the max
// with the backend's), v0 answers left as they are, answers never delayed (old versions too),
// the connection muted (the next request held) for the throttle time, and nothing done at all
// for a principal without a quota.
import t from 'tap';
import { KafkaQuotaStage } from '../../../../src/adapters/kafka/quota-stage.js';
import { KafkaSession } from '../../../../src/adapters/kafka/adapter.js';
import { anonymousPolicy } from '../../../../src/adapters/auth-policy.js';
import { KafkaRequest } from '../../../../src/adapters/kafka/request.js';
import { QuotaService } from '../../../../src/adapters/quota-gate.js';
import { QuotaManager } from '../../../../src/quota/manager.js';
import type { QuotaEntry } from '../../../../src/quota/entities.js';
import { Metrics } from '../../../../src/metrics.js';
import { createMemoryLogger } from '../../../../src/log.js';
import { newResponseFrame, readResponse, responseDefaults } from '../../../../src/protocol/kafka/schema/frames.js';
import { num, type Msg } from '../../../../src/protocol/kafka/schema/message.js';
import { isFlexible } from '../../../../src/protocol/kafka/api-table.js';
import type { RequestInfo, Verdict } from '../../../../src/proxy/protocol.js';
import { fakeCtx, requestFrameOf } from './authz/harness.js';

const ZERO_UUID = Buffer.alloc(16);

function setup(entries: QuotaEntry[], opts: { now?: () => number; principal?: string } = {}) {
  const metrics = new Metrics();
  const { log, lines } = createMemoryLogger('debug');
  const manager = new QuotaManager({ entries }, opts.now);
  const service = new QuotaService(manager, metrics, log, opts.now);
  const stage = new KafkaQuotaStage(service, fakeCtx(opts.principal ?? 'User:alice'), opts.now);
  return { stage, metrics, lines, manager };
}

const infoOf = (frame: Buffer): RequestInfo => ({ apiKey: frame.readInt16BE(4), apiVersion: frame.readInt16BE(6), id: frame.readInt32BE(8), expectResponse: true, api: 'test' });

function produce(version: number, recordBytes: number): Buffer {
  const topic: Msg = version >= 13 ? { TopicId: ZERO_UUID } : { Name: 'orders' };
  return requestFrameOf(0, version, { Acks: -1, TimeoutMs: 1000, TopicData: [{ ...topic, PartitionData: [{ Index: 0, Records: Buffer.alloc(recordBytes, 0x61) }] }] });
}

function fetchRequest(version: number): Buffer {
  const topic: Msg = version >= 13 ? { TopicId: ZERO_UUID } : { Topic: 'orders' };
  return requestFrameOf(1, version, { MaxWaitMs: 500, MinBytes: 1, Topics: [{ ...topic, Partitions: [{ Partition: 0, FetchOffset: 0n, PartitionMaxBytes: 1 << 20 }] }] });
}

/** A Produce answer; flexible versions get an extra top-level tagged field after ThrottleTimeMs. */
function produceAnswer(version: number, throttleMs: number): Buffer {
  const topic: Msg = version >= 13 ? { TopicId: ZERO_UUID } : { Name: 'orders' };
  const body: Msg = { ...responseDefaults(0, version), Responses: [{ ...topic, PartitionResponses: [{ Index: 0, ErrorCode: 0, BaseOffset: 5n }] }] };
  if (version >= 1) body.ThrottleTimeMs = throttleMs;
  const frame = newResponseFrame(7, 0, version, body);
  if (!isFlexible(0, version)) return frame;
  // replace the empty top-level tagged section (last byte 0) with one tag of 3 bytes
  const out = Buffer.concat([frame.subarray(0, frame.length - 1), Buffer.from([1, 7, 3, 9, 9, 9])]);
  out.writeInt32BE(out.length - 4, 0);
  return out;
}

function fetchAnswer(version: number, throttleMs: number, recordBytes: number): Buffer {
  const topic: Msg = version >= 13 ? { TopicId: ZERO_UUID } : { Topic: 'orders' };
  const body: Msg = { ...responseDefaults(1, version), Responses: [{ ...topic, Partitions: [{ PartitionIndex: 0, ErrorCode: 0, HighWatermark: 1n, Records: Buffer.alloc(recordBytes, 0x62) }] }] };
  if (version >= 1) body.ThrottleTimeMs = throttleMs;
  return newResponseFrame(7, 1, version, body);
}

const throttleOf = (frame: Buffer, apiKey: number, version: number): number => num(readResponse(frame, apiKey, version).body, 'ThrottleTimeMs');

function clock(): { now: () => number; advance: (ms: number) => void } {
  let ms = 5_000_000;
  return { now: () => ms, advance: (d) => (ms += d) };
}

t.test('Produce: throttle_time_ms stamped in every version with the field, the rest of the answer unchanged', async (t) => {
  for (let v = 0; v <= 13; v++) {
    const c = clock();
    const { stage } = setup([{ user: 'alice', producerByteRate: 1000 }], { now: c.now });
    const req = produce(v, 30_000); // 30 kB against 1 kB/s over a 10 s (padded) window: throttled ~20 s
    const info = infoOf(req);
    t.equal(stage.onRequest(new KafkaRequest(req), info), null, `v${v}: the request goes on at once`);
    const backend = produceAnswer(v, 0);
    const before = Buffer.from(backend);
    t.equal(stage.responses.awaits(info), v >= 1, `v${v}: the answer comes back to the stage only when it has the field`);
    if (v === 0) continue;
    const out = stage.responses.finish(info, backend);
    t.ok(Buffer.isBuffer(out), `v${v}: the answer is not delayed`);
    const got = throttleOf(out as Buffer, 0, v);
    const expected = Math.round((((req.length - 4) / 10 - 1000) / 1000) * 10_000);
    t.ok(Math.abs(got - expected) <= 1, `v${v}: ThrottleTimeMs ${got} (expected ${expected})`);
    const diff = [...before.keys()].filter((i) => before[i] !== (out as Buffer)[i]);
    t.ok(diff.length > 0 && diff.length <= 4 && diff.every((i) => i >= diff[0] && i < diff[0] + 4), `v${v}: only the 4 bytes of the field changed`);
    if (isFlexible(0, v)) t.same((out as Buffer).subarray(-6), Buffer.from([1, 7, 3, 9, 9, 9]), `v${v}: the trailing tagged field is intact`);
  }
});

t.test('the backend throttle time is kept when it is larger', async (t) => {
  const c = clock();
  const { stage } = setup([{ user: 'alice', producerByteRate: 1000 }], { now: c.now });
  const req = produce(8, 12_000);
  const info = infoOf(req);
  stage.onRequest(new KafkaRequest(req), info);
  const out = stage.responses.finish(info, produceAnswer(8, 999_999)) as Buffer;
  t.equal(throttleOf(out, 0, 8), 999_999);
});

t.test('Fetch: answer bytes recorded on the consumer rate, throttle_time_ms stamped in v1+ (v0 has none)', async (t) => {
  for (let v = 0; v <= 16; v++) {
    const c = clock();
    const { stage } = setup([{ user: 'alice', consumerByteRate: 1000 }], { now: c.now });
    const req = fetchRequest(v);
    const info = infoOf(req);
    t.equal(stage.onRequest(new KafkaRequest(req), info), null);
    t.ok(stage.responses.awaits(info), `v${v}: the answer is measured`);
    const answer = fetchAnswer(v, 0, 40_000);
    const out = stage.responses.finish(info, answer) as Buffer;
    t.ok(Buffer.isBuffer(out), `v${v}: not delayed`);
    if (v === 0) {
      t.same(out, fetchAnswer(0, 0, 40_000), 'v0: unchanged');
      continue;
    }
    const expected = Math.round((((answer.length - 4) / 10 - 1000) / 1000) * 10_000);
    t.ok(Math.abs(throttleOf(out, 1, v) - expected) <= 1, `v${v}: ThrottleTimeMs ${throttleOf(out, 1, v)} (expected ${expected})`);
  }
});

t.test('Fetch: an answer within the quota passes as received; one over it is measured once and stamped', async (t) => {
  const c = clock();
  const { stage, manager } = setup([{ user: 'alice', consumerByteRate: 100_000 }], { now: c.now });
  const small = fetchAnswer(11, 0, 1000);
  let info = infoOf(fetchRequest(11));
  stage.onRequest(new KafkaRequest(fetchRequest(11)), info);
  t.equal(stage.responses.passes(info, small.subarray(0, 64)), true, 'under the quota: passes unread');
  const big = fetchAnswer(11, 0, 2_000_000);
  info = infoOf(fetchRequest(11));
  stage.onRequest(new KafkaRequest(fetchRequest(11)), info);
  t.equal(stage.responses.passes(info, big.subarray(0, 64)), false, 'over the quota: joined to be stamped');
  const out = stage.responses.finish(info, big) as Buffer;
  const twin = new QuotaManager({ entries: [{ user: 'alice', consumerByteRate: 100_000 }] }, c.now);
  twin.record('consumerByteRate', 'alice', 't', small.length - 4);
  const once = twin.record('consumerByteRate', 'alice', 't', big.length - 4).throttleMs;
  t.equal(throttleOf(out, 1, 11), once, 'recorded once (head, not again with the whole frame)');
  t.ok(manager.trackedRates >= 1);
});

t.test('the connection is muted for the throttle time: the next request is held, then forwarded unchanged', async (t) => {
  const { stage, metrics, lines } = setup([{ user: 'alice', producerByteRate: 10_000 }]);
  const first = produce(9, 104_000); // ~104 kB against 10 kB/s over 10 s: throttled ~400 ms
  const info = infoOf(first);
  t.equal(stage.onRequest(new KafkaRequest(first), info), null);
  const throttle = throttleOf(stage.responses.finish(info, produceAnswer(9, 0)) as Buffer, 0, 9);
  t.ok(throttle >= 300 && throttle <= 600, `throttled ${throttle} ms`);
  const second = produce(9, 10);
  const start = Date.now();
  const held = stage.onRequest(new KafkaRequest(second), infoOf(second));
  t.ok(held instanceof Promise, 'held while muted');
  const v = (await held) as Verdict;
  const waited = Date.now() - start;
  t.ok(waited >= throttle - 20, `held ${waited} ms for a ${throttle} ms throttle`);
  t.equal(v.kind, 'forward');
  t.equal(v.kind === 'forward' && v.frame, second, 'the original frame goes on');
  const third = produce(9, 10);
  t.equal(stage.onRequest(new KafkaRequest(third), infoOf(third)), null, 'not muted any more');
  const text = await metrics.registry.metrics();
  t.match(text, /streamward_quota_throttle_ms_total\{principal="User:alice",quota="producer_byte_rate"\} [1-9]/);
  t.match(text, /streamward_quota_rate\{principal="User:alice",quota="producer_byte_rate"\} [1-9]/);
  t.equal(lines.filter((l) => l.msg === 'principal throttled by its quota').length, 1, 'one log line for the principal, not one per frame');
});

t.test('a mute ends with the connection: close() drops a held request without a timer left behind', async (t) => {
  const { stage } = setup([{ user: 'alice', producerByteRate: 1000 }]);
  const first = produce(9, 100_000);
  stage.onRequest(new KafkaRequest(first), infoOf(first));
  const held = stage.onRequest(new KafkaRequest(produce(9, 10)), infoOf(produce(9, 10)));
  t.ok(held instanceof Promise);
  stage.close(); // the test would hang for ~90 s on the timer otherwise
  const v = (await held) as Verdict;
  t.equal(v.kind, 'close', 'the held verdict settles (the connection must not stay paused)');
});

t.test('no quota for the principal: nothing recorded, no answer asked for; no entries at all: nothing done', async (t) => {
  const { stage, manager } = setup([{ user: 'bob', producerByteRate: 1000, consumerByteRate: 1000 }]);
  for (const req of [produce(9, 100_000), fetchRequest(12)]) {
    const info = infoOf(req);
    t.equal(stage.onRequest(new KafkaRequest(req), info), null);
    t.equal(stage.responses.awaits(info), false);
  }
  t.equal(manager.trackedRates, 0);
  const empty = setup([]);
  const req = produce(9, 100_000);
  t.equal(empty.stage.onRequest(new KafkaRequest(req), infoOf(req)), null);
  t.equal(empty.manager.trackedRates, 0);
});

t.test('acks=0: recorded and muted, no answer waited for', async (t) => {
  const c = clock();
  const { stage } = setup([{ user: 'alice', producerByteRate: 1000 }], { now: c.now });
  const req = requestFrameOf(0, 9, { Acks: 0, TimeoutMs: 1000, TopicData: [{ Name: 'o', PartitionData: [{ Index: 0, Records: Buffer.alloc(30_000) }] }] });
  const info = { ...infoOf(req), expectResponse: false };
  t.equal(stage.onRequest(new KafkaRequest(req), info), null);
  t.equal(stage.responses.awaits(info), false);
  const next = produce(9, 1);
  const held = stage.onRequest(new KafkaRequest(next), infoOf(next));
  t.ok(held instanceof Promise, 'the producer is held by the mute');
  stage.close();
});

t.test('a Produce read in pieces is measured from its whole length and still forwarded in pieces', async (t) => {
  let ms = 9_000_000;
  const now = () => ms;
  const metrics = new Metrics();
  const manager = new QuotaManager({ entries: [{ user: 'ANONYMOUS', producerByteRate: 1000 }] }, now);
  const service = new QuotaService(manager, metrics, createMemoryLogger('info').log, now);
  const session = new KafkaSession(fakeCtx(null), { auth: anonymousPolicy('test', metrics), stages: [(c) => new KafkaQuotaStage(service, c, now)] });
  const frame = produce(9, 20_000);
  const pieces = Array.from({ length: Math.ceil(frame.length / 997) }, (_, i) => frame.subarray(i * 997, i * 997 + 997));
  t.ok(session.readsInPieces(pieces[0]), 'the quota stage keeps Produce frames un-joined');
  const v = await session.onRequestPieces(pieces, frame.length);
  t.equal(v?.kind, 'forward-pieces');
  const twin = new QuotaManager({ entries: [{ user: 'ANONYMOUS', producerByteRate: 1000 }] }, now);
  const expected = twin.record('producerByteRate', 'ANONYMOUS', 't', frame.length - 4).throttleMs;
  const next = produce(9, 10);
  ms += expected - 5;
  t.ok(session.onRequest(next) instanceof Promise, `muted for the whole frame's throttle (${expected} ms), not the skeleton's`);
  session.close();
});
