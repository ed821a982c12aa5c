// Produce (0): ITEM 29 strip-and-merge (flexible and not), the transactional-batch check (53
// for every partition), acks=0 closes, topic ids (v13) resolved or answered 100.
import t from 'tap';
import { hasTransactionalBatch } from '../../../../../../src/adapters/kafka/authz/rules/produce.js';
import { KafkaWriter } from '../../../../../../src/protocol/kafka/writer.js';
import type { Msg } from '../../../../../../src/protocol/kafka/schema/message.js';
import { allow, forwarded, Harness, localAnswer, uuid } from '../harness.js';

/** A minimal magic-2 record batch header (61 bytes) with the given attributes. */
function batch(attributes: number): Buffer {
  const b = Buffer.alloc(61);
  b.writeInt32BE(61 - 12, 8);
  b.writeInt8(2, 16);
  b.writeInt16BE(attributes, 21);
  return b;
}

const topic = (name: string, ...parts: number[]) => ({ Name: name, PartitionData: parts.map((i) => ({ Index: i, Records: batch(0) })) });

t.test('transactional bit detection walks every batch', async (t) => {
  t.equal(hasTransactionalBatch(batch(0)), false);
  t.equal(hasTransactionalBatch(batch(0x10)), true);
  t.equal(hasTransactionalBatch(Buffer.concat([batch(0), batch(0x10)])), true, 'second batch');
  const legacy = batch(0x10);
  legacy.writeInt8(1, 16);
  t.equal(hasTransactionalBatch(legacy), false, 'magic 1 message sets carry no transactional bit');
  t.equal(hasTransactionalBatch(null), false);
});

t.test('ITEM: hand-built v3 frame, denied topic stripped and merged back with 29', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'ok')]);
  const frame = new KafkaWriter()
    .int16(0)
    .int16(3)
    .int32(11)
    .nullableString('c')
    .nullableString(null)
    .int16(1)
    .int32(100)
    .int32(2)
    .string('ok')
    .int32(1)
    .int32(0)
    .nullableBytes(batch(0))
    .string('secret')
    .int32(2)
    .int32(0)
    .nullableBytes(batch(0))
    .int32(1)
    .nullableBytes(batch(0))
    .frame();
  const sent = await h.sendFrame(frame);
  const fwd = forwarded(sent);
  t.same(
    (fwd.TopicData as Msg[]).map((x) => x.Name),
    ['ok'],
    'only the allowed topic goes on',
  );
  const merged = await h.answer(sent, {
    Responses: [{ Name: 'ok', PartitionResponses: [{ Index: 0, ErrorCode: 0, BaseOffset: 5n, LogAppendTimeMs: -1n, LogStartOffset: 0n, RecordErrors: [], ErrorMessage: null }] }],
  });
  const byName = new Map((merged.Responses as Msg[]).map((r) => [r.Name, r.PartitionResponses as Msg[]]));
  t.equal(byName.get('ok')?.[0].BaseOffset, 5n, 'backend result kept');
  t.same(
    byName.get('secret')?.map((p) => [p.Index, p.ErrorCode, p.BaseOffset, p.LogAppendTimeMs]),
    [
      [0, 29, -1n, -1n],
      [1, 29, -1n, -1n],
    ],
  );
  t.notOk('LogStartOffset' in (byName.get('secret')?.[0] ?? {}), 'v3 has no LogStartOffset (v5+)');
  t.same(h.asked(), ['WRITE TOPIC:ok allow', 'WRITE TOPIC:secret deny']);
});

t.test('ITEM at flexible v9: everything denied is answered locally', async (t) => {
  const h = new Harness([]);
  const sent = await h.send(0, 9, { Acks: -1, TopicData: [topic('a', 0, 1)] });
  const body = localAnswer(sent);
  const p = ((body.Responses as Msg[])[0].PartitionResponses as Msg[]).map((x) => [x.Index, x.ErrorCode, x.ErrorMessage]);
  t.same(p, [
    [0, 29, null],
    [1, 29, null],
  ]);
  t.equal(body.ThrottleTimeMs, 0);
  if (sent.verdict?.kind === 'respond' && sent.verdict.frame) t.equal(sent.verdict.frame[8], 0, 'response header v1: empty tagged section');
});

t.test('transactional batches need WRITE on the transactional id', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'a')]);
  const txTopic = { Name: 'a', PartitionData: [{ Index: 3, Records: batch(0x10) }] };
  const denied = localAnswer(await h.send(0, 8, { TransactionalId: 'tx-1', Acks: -1, TopicData: [txTopic] }));
  t.same(
    ((denied.Responses as Msg[])[0].PartitionResponses as Msg[]).map((p) => [p.Index, p.ErrorCode]),
    [[3, 53]],
  );
  t.same(h.asked(), ['WRITE TRANSACTIONAL_ID:tx-1 deny']);
  const nullId = localAnswer(await h.send(0, 8, { TransactionalId: null, Acks: -1, TopicData: [txTopic] }));
  t.equal(((nullId.Responses as Msg[])[0].PartitionResponses as Msg[])[0].ErrorCode, 53, 'a null id counts as unauthorized');
  const plain = await h.send(0, 8, { TransactionalId: 'tx-1', Acks: -1, TopicData: [topic('a', 0)] });
  t.equal(plain.verdict?.kind, 'forward', 'an id with plain batches is not checked');
  t.same(plain.verdict?.kind === 'forward' && plain.verdict.frame, plain.frame, 'original frame forwarded untouched');
  const ok = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'a'), allow('User:bob', 'WRITE', 'TRANSACTIONAL_ID', 'tx-1')]);
  t.equal((await ok.send(0, 8, { TransactionalId: 'tx-1', Acks: -1, TopicData: [txTopic] })).verdict?.kind, 'forward');
});

t.test('acks=0 with any denial closes the connection', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'a')]);
  const v = (await h.send(0, 7, { Acks: 0, TopicData: [topic('a', 0), topic('b', 0)] })).verdict;
  t.equal(v?.kind, 'close');
  if (v?.kind === 'close') t.equal(v.error.code, 'SW_ERR_AUTHZ_DENIED');
  t.equal((await h.send(0, 7, { Acks: 0, TopicData: [topic('a', 0)] })).verdict?.kind, 'forward');
  const tx = await h.send(0, 7, { Acks: 0, TransactionalId: 'x', TopicData: [{ Name: 'a', PartitionData: [{ Index: 0, Records: batch(0x10) }] }] });
  t.equal(tx.verdict?.kind, 'close', 'transactional denial with acks=0 closes too');
});

t.test('v13 names topics by id: known ids are checked by name, unknown ids get 100', async (t) => {
  const h = new Harness([allow('User:bob', 'WRITE', 'TOPIC', 'a')]);
  h.ids.learn(uuid(1), 'a');
  h.ids.learn(uuid(2), 'b');
  const sent = await h.send(0, 13, { Acks: -1, TopicData: [1, 2, 3].map((n) => ({ TopicId: uuid(n), PartitionData: [{ Index: 0, Records: batch(0) }] })) });
  t.same(
    (forwarded(sent).TopicData as Msg[]).map((x) => (x.TopicId as Buffer).equals(uuid(1))),
    [true],
  );
  const merged = await h.answer(sent, { Responses: [] });
  const codes = (merged.Responses as Msg[]).map((r) => [(r.TopicId as Buffer).readUInt32BE(12), (r.PartitionResponses as Msg[])[0].ErrorCode]);
  t.same(codes, [
    [2, 29],
    [3, 100],
  ]);
  t.same(h.asked(), ['WRITE TOPIC:a allow', 'WRITE TOPIC:b deny'], 'the unknown id is never asked about');
});

t.test('shadow mode: denials are recorded, nothing is stripped', async (t) => {
  const h = new Harness([], 'User:bob', 'shadow');
  const sent = await h.send(0, 9, { Acks: -1, TopicData: [topic('a', 0)] });
  t.equal(sent.verdict?.kind, 'forward');
  t.same(h.asked(), ['WRITE TOPIC:a shadow-deny']);
});
