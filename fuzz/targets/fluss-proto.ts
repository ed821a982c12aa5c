/**
 * Fuzz target: the Fluss protobuf walker (walkFields, readVarint) and decodeMessage for every
 * message descriptor the gateway has (messages/*, api-messages.ts), on valid encodings,
 * their mutations and raw bytes.
 *
 * Crash: an exception other than FlussCodecError; walked fields that do not tile the message
 * exactly; a valid value that does not re-encode to the same bytes after decoding; a decoded
 * mutation that re-parses differently after encoding (decode(encode(d)) != d, compared by bytes).
 */
import fc from 'fast-check';
import { FlussCodecError } from '../../src/protocol/fluss/codec-error.js';
import { decodeMessage, encodeMessage, type FieldSpecs, type MessageDescriptor } from '../../src/protocol/fluss/proto-message.js';
import { walkFields } from '../../src/protocol/fluss/proto-wire.js';
import { ALL_DESCRIPTORS, encodedArb } from '../lib/fluss-arb.js';
import { applyMutations, rawBytesArb, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

function checkWalk(buf: Buffer): void {
  const fields = walkFields(buf);
  let at = 0;
  for (const f of fields) {
    oracle(f.start === at && f.valueStart >= f.start && f.end >= f.valueStart, `field ${f.no} does not start where the previous ended`);
    at = f.end;
  }
  oracle(at === buf.length, 'walked fields do not cover the message');
}

function reencode(desc: MessageDescriptor, buf: Buffer): Buffer {
  const d = decodeMessage(desc, buf);
  return encodeMessage(desc as MessageDescriptor<FieldSpecs>, d as never);
}

function checkDecode(desc: MessageDescriptor, buf: Buffer, valid: boolean): void {
  const once = reencode(desc, buf);
  if (valid) oracle(once.equals(buf), `${desc.name}: valid encoding does not survive decode + encode`);
  else oracle(reencode(desc, once).equals(once), `${desc.name}: decoded value re-parses differently`);
}

export const flussProtoTarget = target({
  name: 'fluss-proto-messages',
  crash: `walkFields + decodeMessage over ${ALL_DESCRIPTORS.length} descriptors: exceptions other than FlussCodecError; fields not tiling the body; decode/encode not stable`,
  arbitrary: fc.constantFrom(...ALL_DESCRIPTORS).chain((desc) => fc.tuple(fc.constant(desc), encodedArb(desc), variantsArb(16), rawBytesArb)),
  expected: (e) => e instanceof FlussCodecError,
  check([desc, valid, variants, raw], probe) {
    probe(valid, () => {
      checkWalk(valid);
      checkDecode(desc, valid, true);
    });
    for (const muts of variants) {
      const bad = applyMutations(valid, muts);
      probe(bad, () => checkWalk(bad));
      probe(bad, () => checkDecode(desc, bad, false));
    }
    const r = Buffer.from(raw);
    probe(r, () => checkWalk(r));
    probe(r, () => checkDecode(desc, r, false));
  },
});
