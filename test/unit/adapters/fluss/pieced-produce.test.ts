// A Fluss PRODUCE_LOG read in pieces (FlussSession.onRequestPieces) gets the joined frame's
// verdict: the pieces themselves when WRITE is granted, the same ERROR_RESPONSE when it is not
// (or the table id is unknown), the same CORRUPT_MESSAGE refusal for a body the strict decoder
// refuses (a required field missing); a frame the walk cannot read is handed back to be joined.
import t from 'tap';
import { FlussSession } from '../../../../src/adapters/fluss/adapter.js';
import { FlussAuthzStage } from '../../../../src/adapters/fluss/authz/stage.js';
import { anonymousPolicy } from '../../../../src/adapters/auth-policy.js';
import { Metrics } from '../../../../src/metrics.js';
import { ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { encodeRequestFrame } from '../../../../src/protocol/fluss/frame.js';
import { encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { ProduceLogRequest, PbProduceLogReqForBucket } from '../../../../src/protocol/fluss/messages/log.js';
import { encodeTag, encodeVarint, WIRE_LEN } from '../../../../src/protocol/fluss/proto-wire.js';
import type { AclEntry } from '../../../../src/acl/types.js';
import type { PiecedVerdict, Verdict } from '../../../../src/proxy/protocol.js';
import { fakeCtx, grant, makeAuthorizer, makeTables } from './authz/fixtures.js';

function session(entries: AclEntry[]): FlussSession {
  const ctx = fakeCtx(null, 'tablet:2');
  return new FlussSession(ctx, { auth: anonymousPolicy('test', new Metrics()), stages: [(c) => new FlussAuthzStage(makeAuthorizer(entries), makeTables(), c)] });
}

const frameOf = (tableId: bigint): Buffer =>
  encodeRequestFrame(
    ApiKey.PRODUCE_LOG,
    0,
    41,
    encodeMessage(ProduceLogRequest, {
      acks: -1,
      table_id: tableId,
      timeout_ms: 1000,
      buckets_req: [0, 1].map((b) => ({ bucket_id: b, records: Buffer.alloc(4000, 0x30 + b) })),
    }),
  );
const cut = (f: Buffer, n: number): Buffer[] => Array.from({ length: Math.ceil(f.length / n) }, (_, i) => f.subarray(i * n, i * n + n));

async function both(entries: AclEntry[], frame: Buffer): Promise<{ pieced: PiecedVerdict; joined: Verdict }> {
  const a = session(entries);
  const pieces = cut(frame, 333);
  t.ok(a.readsInPieces(pieces[0]), 'PRODUCE_LOG is read in pieces');
  const pieced = await a.onRequestPieces(pieces, frame.length);
  if (!pieced) throw new Error('no pieced verdict');
  return { pieced, joined: await session(entries).onRequest(frame) };
}

const WRITE = [grant('User:ANONYMOUS', 'WRITE', 'TABLE', 'db.t')];

t.test('WRITE granted: the pieces are forwarded as received', async (t) => {
  const frame = frameOf(7n);
  const r = await both(WRITE, frame);
  t.equal(r.joined.kind, 'forward');
  t.equal(r.pieced.kind, 'forward-pieces');
  if (r.pieced.kind === 'forward-pieces') t.same(Buffer.concat(r.pieced.pieces as Buffer[]), frame);
});

t.test('denied, or an unknown table id: the same ERROR_RESPONSE as joined', async (t) => {
  for (const id of [8n, 99n]) {
    const r = await both(WRITE, frameOf(id));
    t.equal(r.pieced.kind, 'respond', `table ${id}`);
    t.same(r.pieced, r.joined, `table ${id}: same answer`);
  }
});

t.test('a bucket without its required bucket_id: the same CORRUPT_MESSAGE refusal as joined', async (t) => {
  const bucket = encodeMessage(PbProduceLogReqForBucket, { bucket_id: 0, records: Buffer.alloc(3000, 1) }).subarray(2); // drop field 2 (2 bytes)
  const body = Buffer.concat([encodeMessage(ProduceLogRequest, { acks: 1, table_id: 7n, timeout_ms: 1 }), encodeTag(4, WIRE_LEN), encodeVarint(bucket.length), bucket]);
  const frame = encodeRequestFrame(ApiKey.PRODUCE_LOG, 0, 42, body);
  const r = await both(WRITE, frame);
  t.equal(r.pieced.kind, 'respond');
  t.same(r.pieced, r.joined);
});

t.test('a frame the walk cannot read is handed back; other apis are not read in pieces', async (t) => {
  const s = session(WRITE);
  const frame = frameOf(7n);
  const group = Buffer.concat([frame, Buffer.from([(20 << 3) | 3])]);
  group.writeInt32BE(group.length - 4, 0);
  t.equal(s.onRequestPieces(cut(group, 100), group.length), null);
  t.notOk(s.readsInPieces(encodeRequestFrame(ApiKey.FETCH_LOG, 0, 1, Buffer.alloc(0))));
});
