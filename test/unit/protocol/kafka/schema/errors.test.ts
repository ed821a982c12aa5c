// The schema codec refuses input with the protocol layer's own errors: every "this frame does not
// decode" is a KafkaDecodeError (what reader.ts and header.ts throw for malformed frames, which
// the adapters map to their SW_ERR_* codes), and a value that cannot be written is a
// KafkaEncodeError. No refusal is a bare Error that a caller could not tell from a bug.
import t, { type Test } from 'tap';
import { decodeStruct } from '../../../../../src/protocol/kafka/schema/decode.js';
import { encodeBody } from '../../../../../src/protocol/kafka/schema/encode.js';
import { readRequestBody, readResponse, requestSpec } from '../../../../../src/protocol/kafka/schema/frames.js';
import { num, str, items } from '../../../../../src/protocol/kafka/schema/message.js';
import { parseSchema } from '../../../../../src/protocol/kafka/schema/notation.js';
import { parseRequestHeader } from '../../../../../src/protocol/kafka/header.js';
import { KafkaReader } from '../../../../../src/protocol/kafka/reader.js';
import { KafkaDecodeError, KafkaEncodeError } from '../../../../../src/protocol/kafka/codec-errors.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';

/** Throws, and what it throws is the protocol's decode error. */
const decodeError = (t: Test, fn: () => unknown, what: string): unknown => t.throws(fn, KafkaDecodeError, what);

t.test('a null where the layout allows none is a KafkaDecodeError', async (t) => {
  const nullName = new KafkaWriter().int16(0).int16(3).int32(1).nullableString(null).nullableString(null).int16(1).int32(1).int32(1).nullableString(null).int32(0).frame();
  decodeError(t, () => readRequestBody(nullName, parseRequestHeader(nullName)), 'null topic name (string)');
  const nullArray = new KafkaWriter().int16(0).int16(3).int32(1).nullableString(null).nullableString(null).int16(1).int32(1).int32(-1).frame();
  decodeError(t, () => readRequestBody(nullArray, parseRequestHeader(nullArray)), 'null TopicData (array)');
  const bytes = parseSchema('B bytes');
  decodeError(t, () => decodeStruct(new KafkaReader(new KafkaWriter().int32(-1).toBuffer()), bytes, 0, false), 'null in non-nullable bytes');
});

t.test('an api key without a layout is a KafkaDecodeError', async (t) => {
  const frame = new KafkaWriter().int16(4).int16(0).int32(1).nullableString(null).int32(0).frame();
  decodeError(t, () => readRequestBody(frame, parseRequestHeader(frame)), 'LeaderAndIsr (4) request');
  decodeError(t, () => readResponse(new KafkaWriter().int32(1).int16(0).frame(), 4, 0), 'LeaderAndIsr (4) response');
});

t.test('reading a field the decoded message does not carry as asked is a KafkaDecodeError', async (t) => {
  decodeError(t, () => num({ Acks: 'x' }, 'Acks'), 'a number that is a string');
  decodeError(t, () => num({}, 'Acks'), 'a number that is absent');
  decodeError(t, () => str({ Name: 3 }, 'Name'), 'a string that is a number');
  decodeError(t, () => items({ Topics: 'x' }, 'Topics'), 'an array that is a string');
});

t.test('a value of the wrong shape is a KafkaEncodeError', async (t) => {
  t.throws(() => encodeBody(requestSpec(0), { Acks: 'x' as unknown as number }, 3, false), KafkaEncodeError);
  t.throws(() => encodeBody(requestSpec(0), { Acks: 1, TimeoutMs: 1, TopicData: null }, 3, false), KafkaEncodeError);
});
