// ApiVersions after login is rewritten in one place, the Kafka session: the answer is trimmed
// to the versions the gateway handles and gains the apis the gateway answers itself (the
// authorization stage's DescribeAcls/CreateAcls/DeleteAcls) with the gateway's ranges. The
// authorization rule for ApiVersions forwards the request and leaves the answer alone.
import t from 'tap';
import { KafkaAdapter } from '../../../../src/adapters/kafka/adapter.js';
import { GATEWAY_ACL_APIS } from '../../../../src/adapters/kafka/authz/index.js';
import { Metrics } from '../../../../src/metrics.js';
import { KafkaReader } from '../../../../src/protocol/kafka/reader.js';
import { KafkaWriter } from '../../../../src/protocol/kafka/writer.js';
import type { AuthPolicy } from '../../../../src/adapters/auth-policy.js';
import { fakeCtx, Harness, requestFrameOf } from './authz/harness.js';

function entries(frame: Buffer, flexible: boolean): Array<[number, number, number]> {
  const r = new KafkaReader(frame, 10);
  const n = flexible ? (r.compactArrayLength() ?? 0) : (r.arrayLength() ?? 0);
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    out.push([r.int16(), r.int16(), r.int16()]);
    if (flexible) r.skipTaggedFields();
  }
  return out;
}

const anonymous: AuthPolicy = {
  listener: 'test',
  methods: ['none'],
  mechanisms: [],
  principalFrom: null,
  credentials: null,
  certificates: null,
  throttle: null,
  authTimeoutMs: 10_000,
  reauthenticateMs: null,
  metrics: new Metrics(),
};

/** A session of a logged-in client with the real authorization stage. */
function session() {
  const authz = new Harness([], 'User:bob');
  const ctx = fakeCtx('User:bob');
  return new KafkaAdapter({ auth: anonymous, stages: [() => authz.stage] }).newSession(ctx);
}

const ACL_RANGES = [...GATEWAY_ACL_APIS].map(([k, r]) => [k, r.min, r.max]);

t.test('the gateway answers DescribeAcls, CreateAcls and DeleteAcls itself', async (t) => {
  t.same([...GATEWAY_ACL_APIS.keys()], [29, 30, 31]);
});

for (const version of [2, 3]) {
  t.test(`the session extends every ApiVersions v${version} answer with the gateway's own apis`, async (t) => {
    const s = session();
    const verdict = await s.onRequest(requestFrameOf(18, version, {}, 41));
    if (verdict.kind !== 'forward') throw new Error(`expected forward, got ${verdict.kind}`);
    t.equal(s.forwardsResponse?.(verdict.info), false, 'the answer comes back through the session');
    const w = new KafkaWriter().int32(41).int16(0);
    const list: Array<[number, number, number]> = [
      [0, 0, 99],
      [18, 0, 4],
      [30, 1, 1],
    ];
    if (version >= 3)
      w.compactArray(list, (x, [k, a, b]) => {
        x.int16(k).int16(a).int16(b).taggedFields([]);
      })
        .int32(0)
        .taggedFields([]);
    else
      w.array(list, (x, [k, a, b]) => {
        x.int16(k).int16(a).int16(b);
      }).int32(0);
    const out = await s.onResponse(verdict.info, w.frame());
    const got = entries(out, version >= 3);
    t.same(
      got.filter(([k]) => GATEWAY_ACL_APIS.has(k)),
      ACL_RANGES,
      'DescribeAcls/CreateAcls/DeleteAcls with the gateway ranges (added or replaced)',
    );
    t.ok(got.find(([k]) => k === 0)![2] < 99, 'backend ranges trimmed to what the gateway handles');
  });
}

t.test('the authorization rule for ApiVersions forwards and leaves the answer to the session', async (t) => {
  const h = new Harness([], 'User:bob');
  const sent = await h.send(18, 2, {});
  t.equal(sent.verdict?.kind, 'forward');
  t.equal(h.stage.responses?.awaits(sent.info) ?? false, false, 'no edit of the answer is pending in the stage');
});
