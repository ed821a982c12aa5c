import t from 'tap';
import fc from 'fast-check';
import { KafkaEncodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { KafkaReader } from '../../../../src/protocol/kafka/reader.js';
import { encodeUvarint, KafkaWriter, uvarintSize, withSizePrefix } from '../../../../src/protocol/kafka/writer.js';

t.test('encodes primitives to the expected bytes', async (t) => {
  const out = new KafkaWriter(4)
    .int8(-1)
    .int16(258)
    .int32(-2)
    .int64(1n)
    .uint16(65535)
    .uvarint(300)
    .varint(-1)
    .string('ab')
    .nullableString(null)
    .compactString('c')
    .compactNullableString(null)
    .bytes(Buffer.from([9]))
    .compactNullableBytes(null)
    .toBuffer();
  t.equal(out.toString('hex'), 'ff' + '0102' + 'fffffffe' + '0000000000000001' + 'ffff' + 'ac02' + '01' + '00026162' + 'ffff' + '0263' + '00' + '0000000109' + '00');
});

t.test('arrays and tagged fields', async (t) => {
  const out = new KafkaWriter()
    .array([1, 2], (w, v) => w.int8(v))
    .nullableArray(null, (w, v: number) => w.int8(v))
    .compactArray([7], (w, v) => w.int8(v))
    .compactNullableArray(null, (w, v: number) => w.int8(v))
    .taggedFields([{ tag: 1, bytes: Buffer.from([0xaa]) }])
    .taggedFields()
    .toBuffer();
  t.equal(out.toString('hex'), '000000020102' + 'ffffffff' + '0207' + '00' + '010101aa' + '00');
});

t.test('frame() and withSizePrefix add the int32 length', async (t) => {
  t.equal(new KafkaWriter().int16(5).frame().toString('hex'), '000000020005');
  t.equal(withSizePrefix(Buffer.from([1]), Buffer.from([2, 3])).toString('hex'), '00000003010203');
});

t.test('out-of-range values throw KafkaEncodeError', async (t) => {
  t.throws(() => new KafkaWriter().int16(40000), KafkaEncodeError);
  t.throws(() => new KafkaWriter().uint16(-1), KafkaEncodeError);
  t.throws(() => new KafkaWriter().int32(1.5), KafkaEncodeError);
  t.throws(() => new KafkaWriter().string('x'.repeat(40000)), KafkaEncodeError);
  t.throws(() => new KafkaWriter().uuid(Buffer.alloc(3)), KafkaEncodeError);
  t.throws(() => encodeUvarint(-1), KafkaEncodeError);
});

t.test('uvarint and varint round-trip through the reader', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: -2147483648, max: 2147483647 }), (u, s) => {
      const b = new KafkaWriter().uvarint(u).varint(s).toBuffer();
      const r = new KafkaReader(b);
      return r.uvarint() === u && r.varint() === s && uvarintSize(u) === encodeUvarint(u).length;
    }),
    { numRuns: 300 },
  );
  t.pass('round-trips');
});

t.test('strings and bytes round-trip, including multi-byte UTF-8', async (t) => {
  fc.assert(
    fc.property(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.uint8Array({ maxLength: 40 }), (s, bytes) => {
      const b = new KafkaWriter().string(s).compactString(s).compactBytes(Buffer.from(bytes)).toBuffer();
      const r = new KafkaReader(b);
      return r.string() === s && r.compactString() === s && r.compactBytes().equals(Buffer.from(bytes)) && r.remaining === 0;
    }),
    { numRuns: 200 },
  );
  t.pass('round-trips');
});
