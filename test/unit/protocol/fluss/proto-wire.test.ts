/** Varints, tags and the field walker against hand-computed protobuf bytes. */
import t from 'tap';
import { encodeVarint, readVarint, varintSize, walkFields, toInt32, toInt64, ProtoWriter, WIRE_LEN, WIRE_VARINT } from '../../../../src/protocol/fluss/proto-wire.js';

t.test('varints', async (t) => {
  t.same(encodeVarint(0), Buffer.from([0]));
  t.same(encodeVarint(300), Buffer.from([0xac, 0x02]));
  t.same(encodeVarint(1000), Buffer.from([0xe8, 0x07]));
  // negative int32 -> 10-byte sign-extended varint, like protobuf
  t.same(encodeVarint(-1), Buffer.from('ffffffffffffffffff01', 'hex'));
  t.equal(varintSize(-1), 10);
  t.equal(varintSize(127), 1);
  t.equal(varintSize(128), 2);
  t.equal(toInt32(readVarint(encodeVarint(-1), 0).value), -1);
  t.equal(toInt32(readVarint(encodeVarint(-2147483648), 0).value), -2147483648);
  const big = 0x7fffffffffffffffn;
  t.equal(toInt64(readVarint(encodeVarint(big), 0).value), big);
  t.equal(toInt64(readVarint(encodeVarint(-5n), 0).value), -5n);
  t.equal(readVarint(Buffer.from([0xac, 0x02]), 0).next, 2);
  t.throws(() => readVarint(Buffer.from([0x80, 0x80]), 0), /truncated/);
  t.throws(() => readVarint(Buffer.alloc(11, 0xff), 0), /longer than 10/);
});

t.test('walker locates every field', async (t) => {
  // field 1 varint 150, field 2 string "hi", field 6 fixed32 1, field 8 fixed64 1
  const buf = Buffer.from(['089601', '12026869', '3501000000', '410100000000000000'].join(''), 'hex');
  const fs = walkFields(buf);
  t.same(
    fs.map((f) => [f.no, f.wireType, f.start, f.valueStart, f.end]),
    [
      [1, 0, 0, 1, 3],
      [2, 2, 3, 5, 7],
      [6, 5, 7, 8, 12],
      [8, 1, 12, 13, 21],
    ],
  );
  t.equal(fs[0].raw, 150n);
  t.equal(buf.toString('utf8', fs[1].valueStart, fs[1].end), 'hi');
  t.equal(fs[2].raw, 1n);
  t.equal(fs[3].raw, 1n);
});

t.test('walker rejects broken messages', async (t) => {
  t.throws(() => walkFields(Buffer.from('1205616263', 'hex')), /overruns/);
  t.throws(() => walkFields(Buffer.from('0b', 'hex')), /wire type 3/);
  t.throws(() => walkFields(Buffer.from('0001', 'hex')), /field number/);
  t.throws(() => walkFields(Buffer.from('08', 'hex')), /truncated/);
  // a window inside a larger buffer is respected
  const b = Buffer.from('0801 0802'.replace(/ /g, ''), 'hex');
  t.equal(walkFields(b, 0, 2).length, 1);
});

t.test('writer', async (t) => {
  const w = new ProtoWriter().varintField(1, 150).stringField(2, 'hi').varintField(3, -1);
  const out = w.finish();
  t.same(out.subarray(0, 7), Buffer.from('08960112026869', 'hex'));
  t.equal(out.length, 7 + 1 + 10);
  t.equal(w.length, out.length);
  const fs = walkFields(out);
  t.same(
    fs.map((f) => f.wireType),
    [WIRE_VARINT, WIRE_LEN, WIRE_VARINT],
  );
  t.equal(toInt32(fs[2].raw), -1);
});
