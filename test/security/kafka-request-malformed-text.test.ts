// Attack (issue 12.4): names two parsers could read differently. Kafka's generated readers
// refuse a compact string longer than 0x7fff bytes, and Java and Node replace malformed UTF-8
// differently (so an ACL decision on one spelling could apply to another name at the broker).
// A request carrying either is closed with SW_ERR_AMBIGUOUS_REQUEST (malformed UTF-8) or
// SW_ERR_MALFORMED_REQUEST (over-long string), never forwarded.
import t from 'tap';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { GatewayError } from '../../src/errors.js';
import { allow, Harness } from '../unit/adapters/kafka/authz/harness.js';

/** DeleteTopics v4 (flexible) naming one topic by its raw bytes. */
function deleteTopics(name: Buffer): Buffer {
  return new KafkaWriter(name.length + 64)
    .int16(20)
    .int16(4)
    .int32(3)
    .nullableString('c')
    .uvarint(0)
    .uvarint(2)
    .uvarint(name.length + 1)
    .raw(name)
    .int32(1000)
    .uvarint(0)
    .frame();
}

const code = (v: { kind: string } | null) => {
  const e = v && 'error' in v ? (v as { error?: unknown }).error : undefined;
  return e instanceof GatewayError ? e.code : undefined;
};

t.test('malformed UTF-8 in a topic name: refused', async (t) => {
  const h = new Harness([allow('User:bob', 'DELETE', 'TOPIC', 'a', 'PREFIXED')]);
  for (const bytes of [
    [0x61, 0xff],
    [0x61, 0xc0, 0xaf],
    [0x61, 0xed, 0xa0, 0x80],
    [0x61, 0xe2, 0x82],
  ]) {
    const { verdict } = await h.sendFrame(deleteTopics(Buffer.from(bytes)));
    t.equal(verdict?.kind, 'close', Buffer.from(bytes).toString('hex'));
    t.equal(code(verdict), 'SW_ERR_AMBIGUOUS_REQUEST');
  }
  const { verdict } = await h.sendFrame(deleteTopics(Buffer.from('a-ok')));
  t.equal(verdict?.kind, 'forward', 'a well-formed name is forwarded');
});

t.test('a compact string of 0x8000 bytes: refused as Kafka refuses it', async (t) => {
  const h = new Harness([allow('User:bob', 'DELETE', 'TOPIC', 'a', 'PREFIXED')]);
  const { verdict } = await h.sendFrame(deleteTopics(Buffer.alloc(0x8000, 0x61)));
  t.equal(verdict?.kind, 'close');
  t.equal(code(verdict), 'SW_ERR_MALFORMED_REQUEST');
});
