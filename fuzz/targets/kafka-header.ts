/**
 * Fuzz target: the Kafka request header (parseRequestHeader), on valid request frames of every
 * api and version, their mutations (with and without a corrected size prefix) and raw bytes.
 * Crash: anything but KafkaDecodeError; a header that re-encodes and re-parses differently; a
 * body offset outside the frame.
 */
import fc from 'fast-check';
import { KafkaDecodeError } from '../../src/protocol/kafka/codec-errors.js';
import { parseRequestHeader } from '../../src/protocol/kafka/header.js';
import { anyRequestArb, requestFrame } from '../lib/kafka-arb.js';
import { applyMutations, fixSizePrefix, rawBytesArb, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

function checkHeader(frame: Buffer): void {
  const h = parseRequestHeader(frame);
  oracle(h.bodyOffset >= 12 && h.bodyOffset <= frame.length, `body offset ${h.bodyOffset} outside a frame of ${frame.length}`);
  if (h.headerVersion === null) return;
  const again = parseRequestHeader(requestFrame(h.apiKey, h.apiVersion, h.correlationId, h.clientId, frame.subarray(h.bodyOffset)));
  oracle(
    again.apiKey === h.apiKey && again.apiVersion === h.apiVersion && again.correlationId === h.correlationId && again.clientId === h.clientId && again.headerVersion === h.headerVersion,
    'request header re-parses differently after re-encoding',
  );
}

export const kafkaHeaderTarget = target({
  name: 'kafka-request-header',
  crash: 'any exception but KafkaDecodeError; a re-encoded header that re-parses differently; body offset outside the frame',
  arbitrary: fc.tuple(anyRequestArb(), variantsArb(16), rawBytesArb),
  expected: (e) => e instanceof KafkaDecodeError,
  check([seed, variants, raw], probe) {
    probe(seed.frame, () => checkHeader(seed.frame));
    variants.forEach((muts, i) => {
      const m = applyMutations(seed.frame, muts);
      const frame = i % 2 === 0 ? fixSizePrefix(m) : m;
      probe(frame, () => checkHeader(frame));
    });
    const rawFrame = fixSizePrefix(Buffer.from(raw));
    probe(rawFrame, () => checkHeader(rawFrame));
  },
});
