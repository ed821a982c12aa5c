/**
 * Address rewriting of NodeEndpoints: tagged (tag 0) at the end of Produce v10+ and Fetch v16+
 * responses, a plain array at the end of ShareFetch / ShareAcknowledge responses. The rewriter
 * must walk topics, partitions and record bytes to get there, keep other tags untouched and
 * re-encode the tagged field's size.
 */
import t from 'tap';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { KafkaReader } from '../../../../src/protocol/kafka/reader.js';
import { carriesAddresses, collectAddresses, rewriteAddresses } from '../../../../src/protocol/kafka/rewrite.js';
import { fetchResponse, produceResponse, shareResponse } from '../../../helpers/kafka-encode.js';
import { type Addr, backend, broker, checkRewrite, toGateway } from './rewrite-check.js';

const unknownTags = [
  { tag: 3, bytes: Buffer.from('three') },
  { tag: 40, bytes: Buffer.alloc(200, 0x5a) }, // a size that needs a two-byte varint
];
// a small record batch-like blob; its bytes must survive unchanged
const records = Buffer.concat([Buffer.alloc(61, 1), Buffer.from('value-bytes')]);

t.test('which versions carry NodeEndpoints', async (t) => {
  t.equal(carriesAddresses(0, 9), false, 'Produce v9 has no NodeEndpoints');
  t.equal(carriesAddresses(0, 10), true);
  t.equal(carriesAddresses(0, 13), true);
  t.equal(carriesAddresses(1, 15), false, 'Fetch v15 has no NodeEndpoints');
  t.equal(carriesAddresses(1, 16), true);
  t.equal(carriesAddresses(1, 18), true);
  t.equal(carriesAddresses(78, 0), true);
  t.equal(carriesAddresses(79, 2), true);
});

t.test('Produce v10..13 with NodeEndpoints and unknown tags', async (t) => {
  for (const v of [10, 11, 12, 13]) {
    await t.test(`v${v}`, async (t) => {
      const build = (addr: Addr): Buffer =>
        produceResponse(v, 40 + v, {
          topics: ['orders', 'audit'],
          nodeEndpoints: [broker(addr, 2, 'r2'), broker(addr, 5)],
          tagged: unknownTags,
          headerTagged: [{ tag: 0, bytes: Buffer.from([7]) }],
        });
      checkRewrite(t, 0, v, build, [2, 5]);
      const out = rewriteAddresses(0, v, build(backend), toGateway);
      t.ok(out.includes(Buffer.alloc(200, 0x5a)), 'unknown tag payload kept');
    });
  }
});

t.test('Produce v10 without NodeEndpoints comes back as the same Buffer', async (t) => {
  const frame = produceResponse(10, 1, { topics: ['orders'], tagged: unknownTags, trailing: Buffer.from([0]) });
  t.same(collectAddresses(0, 10, frame), []);
  t.equal(rewriteAddresses(0, 10, frame, toGateway), frame);
});

t.test('Fetch v16..18 with records, NodeEndpoints and unknown tags', async (t) => {
  for (const v of [16, 17, 18]) {
    await t.test(`v${v}`, async (t) => {
      const build = (addr: Addr): Buffer =>
        fetchResponse(v, 60 + v, {
          partitions: 3,
          records,
          nodeEndpoints: [broker(addr, 1), broker(addr, 3, 'rack-3')],
          tagged: unknownTags,
          trailing: Buffer.from([0xde, 0xad]),
        });
      checkRewrite(t, 1, v, build, [1, 3]);
      const out = rewriteAddresses(1, v, build(backend), toGateway);
      t.ok(out.includes(records), 'record bytes kept');
      t.ok(out.subarray(out.length - 2).equals(Buffer.from([0xde, 0xad])), 'trailing bytes kept');
    });
  }
});

t.test('Fetch: the tagged size grows from a one-byte to a two-byte varint', async (t) => {
  const few = [broker(backend, 1)];
  const frame = fetchResponse(16, 3, { partitions: 1, records: null, nodeEndpoints: few });
  const long = 'gateway-' + 'x'.repeat(150) + '.example.com';
  const out = rewriteAddresses(1, 16, frame, () => ({ host: long, port: 1 }));
  t.equal(out.readInt32BE(0), out.length - 4);
  t.same(collectAddresses(1, 16, out), [{ role: 'broker', nodeId: 1, host: long, port: 1 }]);
  const expected = fetchResponse(16, 3, { partitions: 1, records: null, nodeEndpoints: [{ nodeId: 1, host: long, port: 1 }] });
  t.ok(out.equals(expected));
});

t.test('ShareFetch v0..2 and ShareAcknowledge v0..2', async (t) => {
  for (const v of [0, 1, 2]) {
    await t.test(`ShareFetch v${v}`, async (t) => {
      const build = (addr: Addr): Buffer => shareResponse('fetch', v, 80 + v, { records, nodeEndpoints: [broker(addr, 1), broker(addr, 2)], tagged: unknownTags });
      checkRewrite(t, 78, v, build, [1, 2]);
    });
    await t.test(`ShareAcknowledge v${v}`, async (t) => {
      const build = (addr: Addr): Buffer => shareResponse('ack', v, 90 + v, { nodeEndpoints: [broker(addr, 4, 'r4')], trailing: Buffer.from([0]) });
      checkRewrite(t, 79, v, build, [4]);
    });
  }
});

t.test('the rewritten tagged section decodes with the same other tags', async (t) => {
  const frame = produceResponse(11, 1, { topics: ['t'], nodeEndpoints: [broker(backend, 2)], tagged: unknownTags });
  const out = rewriteAddresses(0, 11, frame, toGateway);
  const tail = (buf: Buffer): { tag: number; hex: string }[] => {
    // the top-level tagged section is the end of the frame here (no trailing bytes)
    for (let at = buf.length - 1; at > 8; at--) {
      try {
        const r = new KafkaReader(buf, at);
        const fields = r.taggedFields();
        if (r.remaining === 0 && fields.length === 3) return fields.map((f) => ({ tag: f.tag, hex: f.bytes.toString('hex') }));
      } catch {
        // keep scanning
      }
    }
    return [];
  };
  const before = tail(frame);
  const after = tail(out);
  t.same(
    before.map((f) => f.tag),
    [0, 3, 40],
  );
  t.same(
    after.filter((f) => f.tag !== 0),
    before.filter((f) => f.tag !== 0),
    'tags other than 0 unchanged',
  );
  t.not(after[0].hex, before[0].hex, 'tag 0 rewritten');
});

t.test('truncation anywhere before the NodeEndpoints throws KafkaDecodeError', async (t) => {
  const frame = fetchResponse(16, 1, { partitions: 2, records, nodeEndpoints: [broker(backend, 1)] });
  let thrown = 0;
  for (let len = 8; len < frame.length; len += 3) {
    const cut = Buffer.from(frame.subarray(0, len));
    cut.writeInt32BE(len - 4, 0);
    try {
      rewriteAddresses(1, 16, cut, toGateway);
    } catch (e) {
      t.ok(e instanceof KafkaDecodeError, `cut at ${len}`);
      thrown++;
    }
  }
  t.ok(thrown >= Math.floor((frame.length - 8) / 3), 'every cut failed');
  const share = shareResponse('fetch', 1, 1, { nodeEndpoints: [broker(backend, 1)] });
  const cut = Buffer.from(share.subarray(0, share.length - 6));
  cut.writeInt32BE(cut.length - 4, 0);
  t.throws(() => collectAddresses(78, 1, cut), KafkaDecodeError);
});
