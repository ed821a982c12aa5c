import t from 'tap';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { parseRequestHeader, responseBodyOffset, responseCorrelationId } from '../../../../src/protocol/kafka/header.js';
import { KafkaWriter } from '../../../../src/protocol/kafka/writer.js';
import { requestFrame } from '../../../helpers/kafka-encode.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

t.test('header v1 (non-flexible Metadata v1), written by hand', async (t) => {
  // size 17 | key 3 | ver 1 | corr 42 | clientId "cli" | body: topics null
  const frame = hex('00000011 0003 0001 0000002a 0003 636c69 ffffffff');
  const h = parseRequestHeader(frame);
  t.same(h, { apiKey: 3, apiVersion: 1, correlationId: 42, clientId: 'cli', headerVersion: 1, bodyOffset: 17 });
  t.equal(frame.readInt32BE(h.bodyOffset), -1, 'body starts where it says');
});

t.test('header v2 skips the tagged fields; client id stays int16-length', async (t) => {
  const body = Buffer.from([0xab]);
  const frame = requestFrame(18, 3, 7, 2, 'c1', body, [{ tag: 0, bytes: Buffer.from('xyz') }]);
  const h = parseRequestHeader(frame);
  t.equal(h.headerVersion, 2);
  t.equal(h.clientId, 'c1');
  t.equal(h.correlationId, 7);
  t.equal(frame[h.bodyOffset], 0xab);
  t.equal(h.bodyOffset, frame.length - 1);
});

t.test('null client id, and ControlledShutdown v0 header v0', async (t) => {
  const h1 = parseRequestHeader(requestFrame(0, 3, 1, 1, null, Buffer.alloc(2)));
  t.equal(h1.clientId, null);
  t.equal(h1.bodyOffset, 14);
  const h0 = parseRequestHeader(requestFrame(7, 0, 9, 0, null, Buffer.from([1, 2, 3, 4])));
  t.equal(h0.headerVersion, 0);
  t.equal(h0.bodyOffset, 12);
  t.equal(h0.clientId, null);
});

t.test('unknown api key still yields key, version and correlation id', async (t) => {
  const frame = hex('0000000a 03e7 0005 00000063 ffff');
  const h = parseRequestHeader(frame);
  t.same(h, { apiKey: 999, apiVersion: 5, correlationId: 99, clientId: null, headerVersion: null, bodyOffset: 12 });
});

t.test('short and inconsistent frames throw KafkaDecodeError', async (t) => {
  const good = requestFrame(3, 12, 5, 2, 'client', Buffer.alloc(3));
  for (let len = 0; len < 4 + 2 + 2 + 4 + 2 + 6 + 1; len++) {
    // keep the frame self-consistent: rewrite the size prefix for the cut length
    const cut = Buffer.from(good.subarray(0, len));
    if (len >= 4) cut.writeInt32BE(len - 4, 0);
    t.throws(() => parseRequestHeader(cut), KafkaDecodeError, `cut at ${len}`);
  }
  t.throws(() => parseRequestHeader(good.subarray(0, good.length - 1)), KafkaDecodeError, 'size prefix disagrees');
  t.throws(() => parseRequestHeader(hex('ffffffff')), KafkaDecodeError, 'negative size');
});

t.test('response correlation id and body offset', async (t) => {
  const v0 = new KafkaWriter().int32(1234).int16(0).frame();
  t.equal(responseCorrelationId(v0), 1234);
  t.equal(responseBodyOffset(v0, 3, 8), 8);
  const v1 = new KafkaWriter()
    .int32(77)
    .taggedFields([{ tag: 3, bytes: Buffer.from([1, 2]) }])
    .int16(0)
    .frame();
  t.equal(responseCorrelationId(v1), 77);
  t.equal(responseBodyOffset(v1, 3, 9), 13, 'corr + tagged section (count, tag, size, 2 bytes)');
  const av = new KafkaWriter().int32(5).int16(0).frame();
  t.equal(responseBodyOffset(av, 18, 3), 8, 'ApiVersions v3 response header has no tagged fields');
  t.throws(() => responseCorrelationId(hex('00000002 0001')), KafkaDecodeError);
  t.throws(() => responseBodyOffset(hex('00000004 00000001'), 3, 9), KafkaDecodeError, 'missing tagged section');
});
