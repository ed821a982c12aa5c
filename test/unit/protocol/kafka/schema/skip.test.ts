// The schema skipper (schema/skip.ts), which Produce's acks reader and the address walkers use
// instead of writing layouts out by hand: it ends exactly where the decoder ends for every
// request and response layout at every version, stops at a named field, and refuses what the
// decoder refuses (nulls the layout does not allow, over-long compact strings, impossible
// counts) with KafkaDecodeError.
import t from 'tap';
import fc from 'fast-check';
import { decodeStruct } from '../../../../../src/protocol/kafka/schema/decode.js';
import { messageSpec } from '../../../../../src/protocol/kafka/schema/registry.js';
import { requestSpec, responseSpec } from '../../../../../src/protocol/kafka/schema/frames.js';
import { skipFieldsBefore, skipStruct } from '../../../../../src/protocol/kafka/schema/skip.js';
import { parseSchema } from '../../../../../src/protocol/kafka/schema/notation.js';
import { isFlexible } from '../../../../../src/protocol/kafka/api-table.js';
import { KafkaReader } from '../../../../../src/protocol/kafka/reader.js';
import { KafkaDecodeError } from '../../../../../src/protocol/kafka/codec-errors.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';
import { bodyArb, layoutVersions, type Direction } from '../../../../../fuzz/lib/kafka-arb.js';

function endOf(read: (r: KafkaReader) => unknown, body: Buffer): number | 'refused' {
  const r = new KafkaReader(body);
  try {
    read(r);
    return r.offset;
  } catch (e) {
    if (e instanceof KafkaDecodeError) return 'refused';
    throw e;
  }
}

for (const direction of ['request', 'response'] as Direction[]) {
  t.test(`every ${direction} layout at every version: the skipper ends where the decoder ends`, async (t) => {
    const pairs = layoutVersions(direction);
    t.ok(pairs.length > 250, `${pairs.length} (api, version) pairs`);
    for (const { key, version } of pairs) {
      const struct = messageSpec(key)![direction]!;
      const flexible = isFlexible(key, version);
      fc.assert(
        fc.property(bodyArb(direction, key, version), fc.nat(), (body, cut) => {
          const decoded = endOf((r) => decodeStruct(r, struct, version, flexible), body);
          const skipped = endOf((r) => skipStruct(r, struct, version, flexible), body);
          if (decoded !== body.length || skipped !== body.length) throw new Error(`${direction} ${key} v${version}: decoder ${decoded}, skipper ${skipped} of ${body.length}`);
          if (body.length === 0) return;
          const short = body.subarray(0, cut % body.length);
          const a = endOf((r) => decodeStruct(r, struct, version, flexible), short);
          const b = endOf((r) => skipStruct(r, struct, version, flexible), short);
          if (a !== b) throw new Error(`${direction} ${key} v${version} cut at ${short.length}: decoder ${a}, skipper ${b}`);
        }),
        { numRuns: 8, seed: 1313 },
      );
    }
  });
}

t.test('skipFieldsBefore stops at the named field, or refuses a name the version lacks', async (t) => {
  const v3 = new KafkaWriter().nullableString('tx-1').int16(-1).toBuffer();
  const r = new KafkaReader(v3);
  skipFieldsBefore(r, requestSpec(0), 3, false, 'Acks');
  t.equal(r.offset, 6, 'after the int16-length TransactionalId');
  const v2 = new KafkaReader(new KafkaWriter().int16(1).toBuffer());
  skipFieldsBefore(v2, requestSpec(0), 2, false, 'Acks');
  t.equal(v2.offset, 0, 'Acks leads before v3');
  t.throws(() => skipFieldsBefore(new KafkaReader(v3), requestSpec(0), 3, false, 'NoSuchField'), KafkaDecodeError);
  const all = new KafkaReader(new KafkaWriter().uvarint(1).int32(7).taggedFields([]).toBuffer());
  skipFieldsBefore(all, responseSpec(0), 10, true);
  t.equal(all.offset, 5, 'without a name: every untagged field (empty Responses, ThrottleTimeMs), the tagged section left');
});

t.test('refusals', async (t) => {
  const s = parseSchema('S string\nA []int32');
  t.throws(() => skipStruct(new KafkaReader(new KafkaWriter().uvarint(0).toBuffer()), s, 0, true), KafkaDecodeError, 'null compact string where none is allowed');
  t.throws(() => skipStruct(new KafkaReader(new KafkaWriter().int16(-1).toBuffer()), s, 0, false), KafkaDecodeError, 'null classic string');
  t.throws(() => skipStruct(new KafkaReader(new KafkaWriter().int16(-2).toBuffer()), s, 0, false), KafkaDecodeError, 'negative string length');
  const long = new KafkaWriter().uvarint(0x8001).toBuffer();
  t.throws(() => skipStruct(new KafkaReader(Buffer.concat([long, Buffer.alloc(0x8000)])), s, 0, true), /over 32767/, 'compact string over 0x7fff bytes');
  const count = new KafkaReader(new KafkaWriter().string('a').int32(50_000_000).int32(1).toBuffer());
  t.throws(() => skipStruct(count, s, 0, false), /impossible array count/, 'count above the bytes left, before the loop');
  const nullArray = new KafkaReader(new KafkaWriter().string('a').int32(-1).toBuffer());
  t.throws(() => skipStruct(nullArray, s, 0, false), /null in non-nullable/, 'null array where none is allowed');
});
