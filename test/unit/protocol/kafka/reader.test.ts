import t from 'tap';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { KafkaReader } from '../../../../src/protocol/kafka/reader.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

t.test('fixed-width integers are big-endian', async (t) => {
  const r = new KafkaReader(hex('ff 0102 fffe 00000102 ffffffff 0000000000000101 ffff'));
  t.equal(r.int8(), -1);
  t.equal(r.int16(), 0x0102);
  t.equal(r.int16(), -2);
  t.equal(r.int32(), 0x0102);
  t.equal(r.int32(), -1);
  t.equal(r.int64(), 257n);
  t.equal(r.uint16(), 65535);
  t.equal(r.remaining, 0);
});

t.test('unsigned and zig-zag varints', async (t) => {
  t.equal(new KafkaReader(hex('00')).uvarint(), 0);
  t.equal(new KafkaReader(hex('7f')).uvarint(), 127);
  t.equal(new KafkaReader(hex('8001')).uvarint(), 128);
  t.equal(new KafkaReader(hex('ffffffff0f')).uvarint(), 0xffffffff);
  t.equal(new KafkaReader(hex('01')).varint(), -1);
  t.equal(new KafkaReader(hex('02')).varint(), 1);
  t.equal(new KafkaReader(hex('03')).varint(), -2);
  t.throws(() => new KafkaReader(hex('ffffffffff01')).uvarint(), KafkaDecodeError, 'more than 5 bytes');
  t.throws(() => new KafkaReader(hex('80')).uvarint(), KafkaDecodeError, 'continuation without next byte');
});

t.test('classic and compact strings', async (t) => {
  const r = new KafkaReader(hex('0003 616263 ffff 04 78797a 00 01'));
  t.equal(r.string(), 'abc');
  t.equal(r.nullableString(), null);
  t.equal(r.compactString(), 'xyz');
  t.equal(r.compactNullableString(), null);
  t.equal(r.compactString(), '');
  t.throws(() => new KafkaReader(hex('ffff')).string(), KafkaDecodeError, 'null where non-nullable');
  t.throws(() => new KafkaReader(hex('fffe')).nullableString(), KafkaDecodeError, 'negative length');
  t.throws(() => new KafkaReader(hex('0005 6162')).string(), KafkaDecodeError, 'truncated string');
  t.throws(() => new KafkaReader(hex('00')).compactString(), KafkaDecodeError);
});

t.test('bytes, compact bytes and uuid return the right slices', async (t) => {
  const r = new KafkaReader(hex('00000002 aabb ffffffff 03 ccdd 00 00112233445566778899aabbccddeeff'));
  t.same([...r.bytes()], [0xaa, 0xbb]);
  t.equal(r.nullableBytes(), null);
  t.same([...r.compactBytes()], [0xcc, 0xdd]);
  t.equal(r.compactNullableBytes(), null);
  t.equal(r.uuid().toString('hex'), '00112233445566778899aabbccddeeff');
  t.throws(() => new KafkaReader(hex('0000000a 00')).bytes(), KafkaDecodeError);
  t.throws(() => new KafkaReader(hex('00112233')).uuid(), KafkaDecodeError);
});

t.test('arrays: classic, compact, null, and impossible counts', async (t) => {
  const r = new KafkaReader(hex('00000002 0001 0002 ffffffff 03 0003 0004 00'));
  t.same(
    r.array((x) => x.int16()),
    [1, 2],
  );
  t.equal(
    r.nullableArray((x) => x.int16()),
    null,
  );
  t.same(
    r.compactArray((x) => x.int16()),
    [3, 4],
  );
  t.equal(
    r.compactNullableArray((x) => x.int16()),
    null,
  );
  // a count larger than the bytes left cannot be real and must not drive a long loop
  t.throws(() => new KafkaReader(hex('7fffffff 00')).array((x) => x.int8()), KafkaDecodeError);
  t.throws(() => new KafkaReader(hex('ffffffff0f')).compactArray((x) => x.int8()), KafkaDecodeError);
  t.throws(() => new KafkaReader(hex('ffffffff')).array((x) => x.int8()), KafkaDecodeError, 'null non-nullable');
});

t.test('tagged-field sections', async (t) => {
  const r = new KafkaReader(hex('02 00 02 abcd 05 00 ff'));
  const fields = r.taggedFields();
  t.equal(fields.length, 2);
  t.equal(fields[0].tag, 0);
  t.equal(fields[0].bytes.toString('hex'), 'abcd');
  t.equal(fields[1].tag, 5);
  t.equal(fields[1].bytes.length, 0);
  t.equal(r.int8(), -1, 'reader is positioned after the section');
  t.throws(() => new KafkaReader(hex('01 00 05 aa')).taggedFields(), KafkaDecodeError, 'field longer than input');
});

t.test('window bounds: reads stop at end, error names the offset', async (t) => {
  const buf = hex('0001 0002 0003');
  const r = new KafkaReader(buf, 2, 4);
  t.equal(r.int16(), 2);
  const err = t.throws(() => r.int16()) as KafkaDecodeError;
  t.ok(err instanceof KafkaDecodeError);
  t.equal(err.offset, 4);
  t.match(err.message, /truncated int16/);
  t.throws(() => new KafkaReader(buf, 0, 10), KafkaDecodeError);
});
