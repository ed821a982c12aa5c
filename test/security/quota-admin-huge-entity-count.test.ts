// Attack: make the gateway allocate or work without bound with the quota admin apis: an
// AlterClientQuotas / DescribeClientQuotas frame declaring 2^31-1 entries (or components) in a
// few bytes; a real frame with tens of thousands of distinct entities to fill the shared quota
// store (and the file or etcd document every replica reads); tens of thousands of copies of one
// entity to inflate the answer. Declared counts are checked against the bytes present before
// anything is allocated (the connection is closed, as a broker closes on a request it cannot
// parse), the store keeps at most maxEntries altered entities (POLICY_VIOLATION beyond), and the
// answer has one entry per distinct entity.
import t from 'tap';
import { QuotaStore } from '../../src/quota/store.js';
import { MemoryDocumentStore } from '../../src/store/file-document.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import type { Msg } from '../../src/protocol/kafka/schema/message.js';
import { Harness, localAnswer } from '../unit/adapters/kafka/authz/harness.js';
import { ent, op } from '../helpers/kafka/quota-admin.js';

async function harness(maxEntries: number): Promise<{ h: Harness; quotas: QuotaStore }> {
  const quotas = await QuotaStore.open(new MemoryDocumentStore(), { maxEntries });
  return { h: new Harness([], 'User:admin', 'enforce', { quotas }), quotas };
}

t.test('a declared count far beyond the bytes present closes the connection, nothing allocated', async (t) => {
  const { h, quotas } = await harness(100);
  const classic = (key: number) => new KafkaWriter(64).int16(key).int16(0).int32(9).nullableString('x').int32(0x7fffffff).frame();
  const flexible = (key: number) => new KafkaWriter(64).int16(key).int16(1).int32(9).nullableString('x').taggedFields([]).uvarint(0x7ffffffe).frame();
  for (const [name, frame] of [
    ['AlterClientQuotas v0', classic(49)],
    ['AlterClientQuotas v1', flexible(49)],
    ['DescribeClientQuotas v0', classic(48)],
    ['DescribeClientQuotas v1', flexible(48)],
  ] as const) {
    const before = process.memoryUsage().heapUsed;
    const sent = await h.sendFrame(frame);
    t.equal(sent.verdict?.kind, 'close', `${name}: closed`);
    t.ok(process.memoryUsage().heapUsed - before < 64 * 1024 * 1024, `${name}: no allocation sized by the declared count`);
  }
  t.same(quotas.overrides(), []);
});

t.test('tens of thousands of distinct entities: the store keeps maxEntries, the rest get POLICY_VIOLATION', async (t) => {
  const { h, quotas } = await harness(1000);
  const n = 20_000;
  const entries = Array.from({ length: n }, (_, i) => ({ Entity: ent(['client-id', `c${i}`]), Ops: [op('producer_byte_rate', 1024)] }));
  const out = localAnswer(await h.send(49, 1, { Entries: entries as unknown as Msg[], ValidateOnly: false }));
  const codes = (out.Entries as Msg[]).map((e) => e.ErrorCode as number);
  t.equal(codes.length, n, 'one answer entry per distinct entity');
  t.equal(codes.filter((c) => c === 0).length, 1000, 'maxEntries applied');
  t.equal(codes.filter((c) => c === 44).length, n - 1000, 'the rest refused with POLICY_VIOLATION');
  t.equal(quotas.overrides().length, 1000, 'the store holds at most maxEntries altered entities');
  t.equal(h.ctx.lines.filter((l) => l.err === 'SW_ERR_QUOTA_STORE_FULL').length, 1, 'one log line for the request, not one per entity');
});

t.test('tens of thousands of copies of one entity: one answer entry, one change', async (t) => {
  const { h, quotas } = await harness(1000);
  const entries = Array.from({ length: 20_000 }, () => ({ Entity: ent(['user', 'mallory']), Ops: [op('producer_byte_rate', 1)] }));
  const out = localAnswer(await h.send(49, 1, { Entries: entries as unknown as Msg[], ValidateOnly: false }));
  t.equal((out.Entries as Msg[]).length, 1, 'the answer is not inflated');
  t.equal(quotas.overrides().length, 1);
});
