// The Fluss proto walker's bounds: fields the descriptor does not name are walked without being
// materialised (heap stays flat for millions of them), a body is refused after MAX_WALKED_FIELDS
// fields or MAX_DECODED_VALUES declared values, and FieldCursor agrees with walkFields.
import t from 'tap';
import { decodeMessage, MAX_DECODED_VALUES, MAX_WALKED_FIELDS, message } from '../../../../src/protocol/fluss/proto-message.js';
import { FieldCursor, walkFields, encodeTag, encodeVarint, WIRE_LEN } from '../../../../src/protocol/fluss/proto-wire.js';
import { FlussCodecError } from '../../../../src/protocol/fluss/codec-error.js';

const Path = message('Path', { db: { no: 1, type: 'string', required: true } });
const Keys = message('Keys', { keys: { no: 3, type: 'bytes', repeated: true } });

/** `n` repetitions of the two bytes 78 00 (field 15, varint 0): the measured body. */
function pairs(n: number): Buffer {
  const b = Buffer.alloc(n * 2);
  for (let i = 0; i < b.length; i += 2) b[i] = 0x78;
  return b;
}

t.test('a 16 MiB body of undeclared two-byte fields: refused after MAX_WALKED_FIELDS, no heap growth', async (t) => {
  const body = Buffer.concat([Buffer.from([0x0a, 0x01, 0x61]), pairs(8 * 1024 * 1024 - 2)]);
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  t.throws(() => decodeMessage(Path, body), new RegExp(`more than ${MAX_WALKED_FIELDS} fields`));
  t.ok(process.memoryUsage().heapUsed - before < 16 * 1024 * 1024, 'heap grew by less than 16 MiB');
});

t.test('under the walk cap, undeclared fields are skipped and declared ones decoded', async (t) => {
  const body = Buffer.concat([pairs(MAX_WALKED_FIELDS - 10), Buffer.from([0x0a, 0x02, 0x6f, 0x6b])]);
  t.same(decodeMessage(Path, body), { db: 'ok' });
});

t.test('declared repeated values over MAX_DECODED_VALUES: refused', async (t) => {
  const one = Buffer.concat([encodeTag(3, WIRE_LEN), encodeVarint(0)]);
  const body = Buffer.concat(Array.from({ length: MAX_DECODED_VALUES + 1 }, () => one));
  t.throws(() => decodeMessage(Keys, body), FlussCodecError);
  t.equal(decodeMessage(Keys, body.subarray(0, one.length * 1000)).keys.length, 1000);
});

t.test('FieldCursor and walkFields agree; bad tags and lengths are refused', async (t) => {
  const body = Buffer.from([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x1d, 1, 2, 3, 4, 0x21, 1, 2, 3, 4, 5, 6, 7, 8]);
  const c = new FieldCursor(body);
  const seen: string[] = [];
  while (c.next()) seen.push(`${c.no}/${c.wireType}/${c.start}-${c.valueStart}-${c.end}/${c.value()}`);
  t.same(
    seen,
    walkFields(body).map((f) => `${f.no}/${f.wireType}/${f.start}-${f.valueStart}-${f.end}/${f.raw}`),
  );
  t.throws(() => walkFields(Buffer.from([0x00, 0x00])), /invalid field number/, 'field 0');
  t.throws(() => walkFields(Buffer.from([0x0b])), /wire type 3/, 'group');
  t.throws(() => walkFields(Buffer.from([0x0a, 0x05, 0x61])), /overruns/, 'length past the end');
  t.throws(() => walkFields(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x7f])), /out of range|overruns/, 'length of 2^35');
  t.throws(() => walkFields(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])), /out of range|invalid field/, 'tag above 32 bits');
});
