// The skeleton of a Produce frame read in pieces: for every version it reads, cut at every
// chunk size, the strict decoder reads the skeleton as the whole frame with empty records, the
// record spans point at the original record bytes, and the transactional scan agrees with
// hasTransactionalBatch. Anything the walk does not read exactly (tags, trailing bytes, bad
// lengths, old versions, other apis) gives null, so the frame is read joined.
import t from 'tap';
import { produceSkeleton } from '../../../../src/protocol/kafka/produce-pieces.js';
import { parseRequestHeader } from '../../../../src/protocol/kafka/header.js';
import { readRequestBody } from '../../../../src/protocol/kafka/schema/frames.js';
import { hasTransactionalBatch } from '../../../../src/adapters/kafka/authz/rules/produce.js';
import type { Msg } from '../../../../src/protocol/kafka/schema/message.js';
import { requestFrameOf, uuid } from '../../adapters/kafka/authz/harness.js';

/** A record blob of `batches` magic-2 batches of `size` bytes each (transactional bit on the last when asked). */
function records(batches: number, size: number, txn: boolean): Buffer {
  const out = Buffer.alloc(batches * size, 0x61);
  for (let i = 0; i < batches; i++) {
    const at = i * size;
    out.writeBigInt64BE(0n, at);
    out.writeInt32BE(size - 12, at + 8);
    out.writeInt8(2, at + 16);
    out.writeInt16BE(txn && i === batches - 1 ? 0x10 : 0, at + 21);
  }
  return out;
}

function cut(frame: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < frame.length; at += size) out.push(frame.subarray(at, at + size));
  return out;
}

function produceFrame(version: number, txn: boolean): Buffer {
  const topic = (n: number): Msg => ({
    Name: `topic-${n}`,
    TopicId: uuid(n),
    PartitionData: [
      { Index: 0, Records: records(3, 200, false) },
      { Index: 1, Records: null },
      { Index: 2, Records: records(2, 90, txn && n === 1) },
    ],
  });
  return requestFrameOf(0, version, { TransactionalId: txn ? 'tx-1' : null, Acks: -1, TimeoutMs: 3000, TopicData: [topic(0), topic(1)] });
}

const withoutRecords = (body: Msg): unknown => JSON.stringify(body, (k, v: unknown) => (k === 'Records' ? (v === null ? null : 'R') : v));

t.test('every version 3-13, every chunk size: the skeleton decodes as the frame, spans point at the records', async (t) => {
  for (let version = 3; version <= 13; version++) {
    for (const txn of [false, true]) {
      const frame = produceFrame(version, txn);
      const whole = readRequestBody(frame, parseRequestHeader(frame));
      const wholeRecords = (whole.TopicData as Msg[]).flatMap((tp) => (tp.PartitionData as Msg[]).map((p) => p.Records as Buffer | null));
      const expectTxn = wholeRecords.some((r) => hasTransactionalBatch(r));
      t.equal(expectTxn, txn, `v${version}: fixture transactional=${txn}`);
      for (const size of [1, 2, 3, 5, 16, 61, 333, frame.length]) {
        const sk = produceSkeleton(cut(frame, size), frame.length);
        if (!sk) {
          t.fail(`v${version} cut ${size}: no skeleton`);
          continue;
        }
        const body = readRequestBody(sk.frame, parseRequestHeader(sk.frame));
        t.equal(withoutRecords(body), withoutRecords(whole), `v${version} cut ${size}: same fields`);
        t.ok(sk.frame.length < frame.length - 900, `v${version}: skeleton leaves the records out`);
        t.equal(sk.transactional, txn, `v${version} cut ${size}: transactional`);
        t.same(
          sk.records.map((s) => (s ? frame.subarray(s.offset, s.offset + s.length) : null)),
          wholeRecords,
          `v${version} cut ${size}: record spans`,
        );
      }
    }
  }
});

t.test('what the walk does not read exactly gives null (the frame is then read joined)', async (t) => {
  const good = produceFrame(9, false);
  const pieces = (f: Buffer) => cut(f, 7);
  t.ok(produceSkeleton(pieces(good), good.length), 'the fixture itself is read');
  const trailing = Buffer.concat([good, Buffer.from([0])]);
  trailing.writeInt32BE(trailing.length - 4, 0);
  t.equal(produceSkeleton(pieces(trailing), trailing.length), null, 'a byte after the body');
  const tagged = Buffer.from(good);
  tagged[tagged.length - 1] = 1; // top-level tagged-field count 1 (and nothing after it)
  t.equal(produceSkeleton(pieces(tagged), tagged.length), null, 'a tagged field');
  t.equal(produceSkeleton(pieces(good), good.length + 1), null, 'size prefix disagrees with the pieces');
  t.equal(produceSkeleton(pieces(good.subarray(0, good.length - 3)), good.length - 3), null, 'a cut frame');
  const old = requestFrameOf(0, 2, { Acks: 1, TimeoutMs: 1, TopicData: [] });
  t.equal(produceSkeleton(pieces(old), old.length), null, 'v2 (no TransactionalId) is read joined');
  const fetch = requestFrameOf(1, 11, {});
  t.equal(produceSkeleton(pieces(fetch), fetch.length), null, 'another api');
  const v8 = produceFrame(8, false);
  const huge = Buffer.from(v8);
  const recLenAt = v8.indexOf(records(3, 200, false)) - 4;
  huge.writeInt32BE(0x7fffffff, recLenAt);
  t.equal(produceSkeleton(pieces(huge), huge.length), null, 'a records length past the frame');
  huge.writeInt32BE(-2, recLenAt);
  t.equal(produceSkeleton(pieces(huge), huge.length), null, 'a negative records length');
});
