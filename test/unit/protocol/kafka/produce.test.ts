import t from 'tap';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { parseRequestHeader } from '../../../../src/protocol/kafka/header.js';
import { produceAcks } from '../../../../src/protocol/kafka/produce.js';
import { KafkaWriter } from '../../../../src/protocol/kafka/writer.js';
import { requestFrame } from '../../../helpers/kafka-encode.js';

function acksOf(frame: Buffer): number {
  const h = parseRequestHeader(frame);
  return produceAcks(frame, h.bodyOffset, h.apiVersion);
}

t.test('v0-2: Acks is the first body field', async (t) => {
  const body = new KafkaWriter().int16(0).int32(1500).int32(0).toBuffer();
  t.equal(acksOf(requestFrame(0, 2, 1, 1, 'p', body)), 0);
  const body1 = new KafkaWriter().int16(1).int32(1500).int32(0).toBuffer();
  t.equal(acksOf(requestFrame(0, 0, 1, 1, 'p', body1)), 1);
});

t.test('v3-8: Acks follows a nullable int16-length TransactionalId', async (t) => {
  const withTxn = new KafkaWriter().nullableString('txn-1').int16(-1).int32(30000).int32(0).toBuffer();
  t.equal(acksOf(requestFrame(0, 8, 1, 1, 'p', withTxn)), -1);
  const noTxn = new KafkaWriter().nullableString(null).int16(0).int32(30000).int32(0).toBuffer();
  t.equal(acksOf(requestFrame(0, 3, 1, 1, 'p', noTxn)), 0);
});

t.test('v9+: TransactionalId is a compact nullable string, header v2', async (t) => {
  const body = new KafkaWriter().compactNullableString('tx').int16(0).int32(30000).uvarint(1).taggedFields().toBuffer();
  const frame = requestFrame(0, 11, 1, 2, 'p', body, [{ tag: 1, bytes: Buffer.from([0]) }]);
  t.equal(acksOf(frame), 0);
  const nullTxn = new KafkaWriter().compactNullableString(null).int16(1).int32(30000).uvarint(1).taggedFields().toBuffer();
  t.equal(acksOf(requestFrame(0, 13, 1, 2, 'p', nullTxn)), 1);
});

t.test('a body cut before Acks throws', async (t) => {
  const body = new KafkaWriter().nullableString('txn-long-name').toBuffer();
  t.throws(() => acksOf(requestFrame(0, 5, 1, 1, 'p', body)), KafkaDecodeError);
});
