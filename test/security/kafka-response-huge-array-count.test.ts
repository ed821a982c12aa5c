/**
 * Attack: a backend (or anything impersonating one) answers Metadata, Fetch or ApiVersions with
 * an array count far above what the bytes can hold, to make the gateway's rewriter loop element
 * by element over the whole frame. The count must be refused at once, at its own offset, with
 * the codec's KafkaDecodeError: the same bound a client request gets.
 */
import t from 'tap';
import { fastestRefusal } from '../helpers/timing.js';
import { rewriteAddresses } from '../../src/protocol/kafka/rewrite.js';
import { trimApiVersionsResponse } from '../../src/protocol/kafka/api-versions.js';
import { KafkaDecodeError } from '../../src/protocol/kafka/codec-errors.js';
import { withSizePrefix } from '../../src/protocol/kafka/writer.js';

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

t.test('Metadata v1 claiming 2^31-1 brokers, and one claiming as many brokers as bytes', async (t) => {
  for (const count of [0x7fffffff, 1 << 20]) {
    const frame = withSizePrefix(int32(7), int32(count), Buffer.alloc(1 << 20));
    const { error, ms } = fastestRefusal(() => rewriteAddresses(3, 1, frame, () => ({ host: 'gw', port: 1 })));
    t.ok(error instanceof KafkaDecodeError, 'refused with KafkaDecodeError');
    t.match(String(error), new RegExp(`impossible array count ${count} .*\\(at offset 8\\)`), 'at the count, before any broker');
    t.ok(ms < 10, `count ${count} refused in ${ms.toFixed(2)} ms`);
  }
});

t.test('ApiVersions v0 claiming one entry per byte is refused at the count', async (t) => {
  const body = Buffer.alloc(600);
  const frame = withSizePrefix(int32(7), Buffer.from([0, 0]), int32(600), body);
  const { error } = fastestRefusal(() => trimApiVersionsResponse(frame, 0, () => ({ min: 0, max: 10 })));
  t.match(String(error), /impossible array count 600 \(each element needs 6 byte/);
});
