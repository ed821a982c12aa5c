// The schema decoder's bounds: a declared count is checked against the bytes left times the
// fewest bytes one element takes before anything is built; a client request spends at most
// MAX_REQUEST_ELEMENTS elements; tagged sections are strict (sizes, order, unknown tags in
// requests); compact strings over 0x7fff and malformed UTF-8 in requests are refused.
import t from 'tap';
import { lowestTimeRatio } from '../../../../helpers/timing.js';
import { MAX_REQUEST_ELEMENTS, minElementBytes, minStructBytes } from '../../../../../src/protocol/kafka/schema/bounds.js';
import { decodeStruct } from '../../../../../src/protocol/kafka/schema/decode.js';
import { KafkaReader } from '../../../../../src/protocol/kafka/reader.js';
import { readRequestBody, requestSpec } from '../../../../../src/protocol/kafka/schema/frames.js';
import { parseRequestHeader } from '../../../../../src/protocol/kafka/header.js';
import { KafkaAmbiguousInputError, KafkaDecodeBudgetError, KafkaDecodeError } from '../../../../../src/protocol/kafka/codec-errors.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';

const metadata = (version: number, body: Buffer) => {
  const w = new KafkaWriter(body.length + 32).int16(3).int16(version).int32(1).nullableString('c');
  if (version >= 9) w.uvarint(0);
  return w.raw(body).frame();
};
const decode = (frame: Buffer) => readRequestBody(frame, parseRequestHeader(frame));

t.test('minimum element sizes follow the encodings', async (t) => {
  const topics = requestSpec(3).find((f) => f.name === 'Topics')!;
  t.equal(minElementBytes(topics, 4, false), 2, 'Metadata v4 topic: an int16 name length');
  t.equal(minElementBytes(topics, 10, true), 16 + 1 + 1, 'Metadata v10 topic: uuid, compact name, tag count');
  const fetchTopics = requestSpec(1).find((f) => f.name === 'Topics')!;
  t.equal(minStructBytes(fetchTopics.fields, 4, false), 2 + 4, 'Fetch v4 topic: name + partition array length');
});

t.test('Metadata v4 declaring 50,000,000 topics with empty names: refused before any allocation', async (t) => {
  const body = new KafkaWriter(64).int32(50_000_000).int16(0).int16(0).boolean(true).toBuffer();
  t.throws(() => decode(metadata(4, body)), KafkaDecodeError);
  t.throws(() => decode(metadata(4, body)), /impossible array count 50000000 \(each element needs 2 byte/);
});

t.test('a count the bytes could hold but above the element budget: refused as too complex', async (t) => {
  const n = MAX_REQUEST_ELEMENTS + 1;
  const w = new KafkaWriter(n * 2 + 16).int32(n);
  for (let i = 0; i < n; i++) w.int16(0);
  const frame = metadata(4, w.boolean(true).toBuffer());
  t.throws(() => decode(frame), KafkaDecodeBudgetError);
  const ok = new KafkaWriter(16).int32(2).int16(1).raw(Buffer.from('a')).int16(1).raw(Buffer.from('b')).boolean(true).toBuffer();
  t.same(
    (decode(metadata(4, ok)).Topics as Array<{ Name: string }>).map((x) => x.Name),
    ['a', 'b'],
  );
});

t.test('the budget is per frame, across nested arrays', async (t) => {
  // Fetch v4: topics each with partitions; 400 topics x 300 partitions = 120,400 elements
  const w = new KafkaWriter(1 << 20).int32(-1).int32(0).int32(0).int32(0).int8(0).int32(400);
  for (let i = 0; i < 400; i++) {
    w.string('t').int32(300);
    for (let p = 0; p < 300; p++) w.int32(p).int64(0n).int32(1);
  }
  const frame = new KafkaWriter(w.toBuffer().length + 32).int16(1).int16(4).int32(1).nullableString('c').raw(w.toBuffer()).frame();
  t.throws(() => decode(frame), KafkaDecodeBudgetError);
});

t.test('tagged sections: order, duplicates, sizes, unknown tags', async (t) => {
  // Metadata v9 body: Topics null, AllowAuto, IncludeTopicOps v8+, IncludeCluster v8-10, then tags
  const head = new KafkaWriter(8).uvarint(0).boolean(true).boolean(false).boolean(false).toBuffer();
  const tags = (...entries: Array<[number, Buffer]>) => {
    const w = new KafkaWriter(32).uvarint(entries.length);
    for (const [tag, bytes] of entries) w.uvarint(tag).uvarint(bytes.length).raw(bytes);
    return w.toBuffer();
  };
  const frame = (section: Buffer) => metadata(9, Buffer.concat([head, section]));
  t.ok(decode(frame(tags())), 'an empty section is fine');
  t.throws(() => decode(frame(tags([3, Buffer.alloc(0)]))), KafkaAmbiguousInputError, 'unknown tag in a request');
  // the bare decoder keeps unknown tags (responses) but still wants them unique and ascending
  const bare = (section: Buffer) => decodeStruct(new KafkaReader(Buffer.concat([head, section])), requestSpec(3), 9, true);
  t.ok(bare(tags([2, Buffer.alloc(0)], [5, Buffer.alloc(1)])), 'ascending unknown tags are kept');
  t.throws(() => bare(tags([3, Buffer.alloc(0)], [3, Buffer.alloc(0)])), /unique and ascending/, 'duplicate tag');
  t.throws(() => bare(tags([5, Buffer.alloc(0)], [2, Buffer.alloc(0)])), /unique and ascending/, 'descending tags');
  const count = new KafkaWriter(8).uvarint(1_000_000).toBuffer();
  t.throws(() => decode(frame(count)), /impossible tagged-field count/, 'a count the bytes cannot hold');
});

t.test('compact strings: over 0x7fff refused (as Kafka), malformed UTF-8 refused in requests', async (t) => {
  const topic = (name: Buffer) =>
    new KafkaWriter(name.length + 32)
      .uvarint(2)
      .uvarint(name.length + 1)
      .raw(name)
      .uvarint(0)
      .boolean(true)
      .boolean(false)
      .boolean(false)
      .uvarint(0)
      .toBuffer();
  t.same((decode(metadata(9, topic(Buffer.from('ok')))).Topics as Array<{ Name: string }>)[0].Name, 'ok');
  t.throws(() => decode(metadata(9, topic(Buffer.alloc(0x8000, 0x61)))), /compact string length 32768/);
  t.ok(decode(metadata(9, topic(Buffer.alloc(0x7fff, 0x61)))), '0x7fff bytes are fine');
  t.throws(() => decode(metadata(9, topic(Buffer.from([0x61, 0xed, 0xa0, 0x80])))), KafkaAmbiguousInputError, 'a UTF-16 surrogate encoded in UTF-8');
  t.throws(() => decode(metadata(9, topic(Buffer.from([0x61, 0xff])))), KafkaAmbiguousInputError, 'an invalid byte');
  t.throws(
    () =>
      decode(
        metadata(
          4,
          new KafkaWriter(8)
            .int32(1)
            .int16(2)
            .raw(Buffer.from([0xc0, 0xaf]))
            .boolean(true)
            .toBuffer(),
        ),
      ),
    KafkaAmbiguousInputError,
    'an overlong encoding, classic string',
  );
});

t.test('decoding time is linear in the bytes read', async (t) => {
  const build = (n: number) => {
    const w = new KafkaWriter(n * 3 + 16).int32(n);
    for (let i = 0; i < n; i++) w.int16(1).raw(Buffer.from('x'));
    return metadata(4, w.boolean(true).toBuffer());
  };
  // one body of 9x the elements against 9 bodies of 1x: about 1 when linear, about 9 when quadratic
  const small = build(10_000);
  const large = build(90_000);
  const ratio = lowestTimeRatio(
    () => decode(large),
    () => {
      for (let i = 0; i < 9; i++) decode(small);
    },
    { enough: 4, reps: 5 },
  );
  t.ok(ratio < 4, `9x the elements took ${ratio.toFixed(1)}x the time of 9 bodies of 1x`);
});
