// The schema notation and the generic codec against hand-built frames, flexible and not:
// decode exact values, re-encode byte-identical, keep unknown tagged fields, write known tagged
// fields only when set, nullable struct markers, strict ends, response header versions.
import t from 'tap';
import { parseSchema } from '../../../../../src/protocol/kafka/schema/notation.js';
import { decodeStruct } from '../../../../../src/protocol/kafka/schema/decode.js';
import { encodeBody } from '../../../../../src/protocol/kafka/schema/encode.js';
import { UNKNOWN_TAGS, type Msg } from '../../../../../src/protocol/kafka/schema/message.js';
import { newResponseFrame, readRequestBody, readResponse, requestFrame, requestSpec } from '../../../../../src/protocol/kafka/schema/frames.js';
import { parseRequestHeader } from '../../../../../src/protocol/kafka/header.js';
import { KafkaReader } from '../../../../../src/protocol/kafka/reader.js';
import { KafkaAmbiguousInputError } from '../../../../../src/protocol/kafka/codec-errors.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';

t.test('schema notation', async (t) => {
  const s = parseSchema(`
# comment
A int16
B string?1+ v1+ =null
C [] v2-4
  D int32 =-1
  E []int64
F {} tag3
  G bool
`);
  t.same(
    s.map((f) => f.name),
    ['A', 'B', 'C', 'F'],
  );
  t.same(s[1].versions, { min: 1, max: Infinity });
  t.same(s[1].nullable, { min: 1, max: Infinity });
  t.equal(s[1].default, null);
  t.same(s[2].versions, { min: 2, max: 4 });
  t.same(
    s[2].fields.map((f) => [f.name, f.type, f.array, f.default]),
    [
      ['D', 'int32', false, -1],
      ['E', 'int64', true, undefined],
    ],
  );
  t.equal(s[3].tag, 3);
  t.equal(s[3].fields[0].name, 'G');
  t.throws(() => parseSchema('X nope'), /unknown type/);
  t.throws(() => parseSchema('X int8 vx'), /bad version range/);
  t.throws(() => parseSchema('X int8 junk'), /unexpected/);
});

/** Produce v3 by hand: TransactionalId null, acks -1, timeout, one topic, one partition. */
function produceV3(): Buffer {
  return new KafkaWriter()
    .int16(0)
    .int16(3)
    .int32(42)
    .nullableString('cli')
    .nullableString(null)
    .int16(-1)
    .int32(1500)
    .int32(1)
    .string('orders')
    .int32(1)
    .int32(2)
    .nullableBytes(Buffer.from('batch'))
    .frame();
}

t.test('non-flexible request: decode and byte-identical re-encode', async (t) => {
  const frame = produceV3();
  const h = parseRequestHeader(frame);
  const body = readRequestBody(frame, h);
  t.equal(body.TransactionalId, null);
  t.equal(body.Acks, -1);
  t.equal(body.TimeoutMs, 1500);
  const topics = body.TopicData as Msg[];
  t.equal(topics[0].Name, 'orders');
  const p = (topics[0].PartitionData as Msg[])[0];
  t.equal(p.Index, 2);
  t.equal((p.Records as Buffer).toString(), 'batch');
  t.ok(requestFrame(frame, h, body).equals(frame), 're-encoded frame equals the original');
});

t.test('flexible request: unknown tagged fields are refused in a client request, kept by the bare decoder', async (t) => {
  const frame = new KafkaWriter()
    .int16(0)
    .int16(9)
    .int32(1)
    .nullableString(null)
    .taggedFields([])
    .compactNullableString('tx')
    .int16(1)
    .int32(100)
    .uvarint(2)
    .compactString('a')
    .uvarint(2)
    .int32(0)
    .compactNullableBytes(null)
    .taggedFields([{ tag: 5, bytes: Buffer.from([9, 9]) }])
    .taggedFields([])
    .taggedFields([{ tag: 7, bytes: Buffer.from('x') }])
    .frame();
  const h = parseRequestHeader(frame);
  t.throws(() => readRequestBody(frame, h), KafkaAmbiguousInputError, 'a tag the gateway does not know: the broker may read it otherwise');
  const body = decodeStruct(new KafkaReader(frame, h.bodyOffset), requestSpec(0), 9, true);
  t.equal(body.TransactionalId, 'tx');
  t.same(body[UNKNOWN_TAGS], [{ tag: 7, bytes: Buffer.from('x') }]);
  const part = ((body.TopicData as Msg[])[0].PartitionData as Msg[])[0];
  t.same(part[UNKNOWN_TAGS], [{ tag: 5, bytes: Buffer.from([9, 9]) }]);
  t.ok(requestFrame(frame, h, body).equals(frame), 'unknown tags survive a re-encode');
  const shorter = requestFrame(frame, h, { ...body, TopicData: [] });
  const again = decodeStruct(new KafkaReader(shorter, h.bodyOffset), requestSpec(0), 9, true);
  t.same(again.TopicData, [], 'stripping items re-encodes a valid frame');
  t.same(again[UNKNOWN_TAGS], [{ tag: 7, bytes: Buffer.from('x') }]);
});

t.test('known tagged fields are written only when set', async (t) => {
  const spec = requestSpec(1);
  const base: Msg = { ReplicaState: null, MaxWaitMs: 1, MinBytes: 1, MaxBytes: 5, IsolationLevel: 0, SessionId: 0, SessionEpoch: -1, Topics: [], ForgottenTopicsData: [], RackId: '' };
  const plain = encodeBody(spec, base, 15, true);
  t.equal(plain[plain.length - 1], 0, 'empty tagged section');
  const tagged = encodeBody(spec, { ...base, ReplicaState: { ReplicaId: 3, ReplicaEpoch: 9n } }, 15, true);
  const r = new KafkaReader(tagged, plain.length - 1);
  t.equal(r.uvarint(), 1, 'one tagged field');
  t.equal(r.uvarint(), 1, 'tag 1 (ReplicaState)');
  t.equal(r.uvarint(), 4 + 8 + 1, 'its size');
  t.equal(r.int32(), 3);
  const back = decodeStruct(new KafkaReader(tagged), spec, 15, true);
  t.same(back.ReplicaState, { ReplicaId: 3, ReplicaEpoch: 9n });
});

t.test('nullable struct: -1 marker for null, 1 before a value', async (t) => {
  const spec = requestSpec(75);
  const none = encodeBody(spec, { Topics: [], ResponsePartitionLimit: 10, Cursor: null }, 0, true);
  t.same([...none], [1, 0, 0, 0, 10, 0xff, 0]);
  const some = encodeBody(spec, { Topics: [], ResponsePartitionLimit: 10, Cursor: { TopicName: 'a', PartitionIndex: 2 } }, 0, true);
  t.same([...some.subarray(5)], [1, 2, 0x61, 0, 0, 0, 2, 0, 0]);
  t.same(decodeStruct(new KafkaReader(some), spec, 0, true).Cursor, { TopicName: 'a', PartitionIndex: 2 });
});

t.test('strict decoding', async (t) => {
  const frame = produceV3();
  const longer = Buffer.concat([frame, Buffer.from([0])]);
  longer.writeInt32BE(longer.length - 4, 0);
  t.throws(() => readRequestBody(longer, parseRequestHeader(longer)), /left after the body/);
  const nulls = new KafkaWriter().int16(0).int16(3).int32(1).nullableString(null).nullableString(null).int16(1).int32(1).int32(1).nullableString(null).int32(0).frame();
  t.throws(() => readRequestBody(nulls, parseRequestHeader(nulls)), /null/, 'a null topic name is malformed');
  t.throws(() => encodeBody(requestSpec(0), { Acks: 'x' as unknown as number }, 3, false), /cannot encode Acks/);
});

t.test('fresh responses: header v0 / v1 by version, v0 always for ApiVersions', async (t) => {
  const v0 = newResponseFrame(5, 12, 3, { ThrottleTimeMs: 0, ErrorCode: 30 });
  t.same([...v0], [0, 0, 0, 10, 0, 0, 0, 5, 0, 0, 0, 0, 0, 30]);
  const v1 = newResponseFrame(5, 12, 4, { ThrottleTimeMs: 0, ErrorCode: 30 });
  t.same([...v1], [0, 0, 0, 12, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 30, 0]);
  t.same(readResponse(v1, 12, 4).body, { ThrottleTimeMs: 0, ErrorCode: 30 });
  const av = newResponseFrame(9, 18, 3, { ErrorCode: 0, ApiKeys: [], ThrottleTimeMs: 0 });
  t.same([...av.subarray(4, 8)], [0, 0, 0, 9]);
  t.equal(av[8], 0, 'ApiVersions v3 body starts right after the correlation id (no tagged header)');
});
