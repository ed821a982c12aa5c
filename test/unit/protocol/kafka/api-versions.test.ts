import t from 'tap';
import { KafkaDecodeError } from '../../../../src/protocol/kafka/codec-errors.js';
import { apiVersionsErrorResponse, trimApiVersionsResponse, type VersionRange } from '../../../../src/protocol/kafka/api-versions.js';
import { KafkaReader } from '../../../../src/protocol/kafka/reader.js';
import { apiVersionsResponse } from '../../../helpers/kafka-encode.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Gateway: Produce 3-11, Metadata 0-12, ApiVersions 0-3, Fetch 4-17; nothing else. */
const GATEWAY: Record<number, VersionRange> = { 0: { min: 3, max: 11 }, 3: { min: 0, max: 12 }, 18: { min: 0, max: 3 }, 1: { min: 4, max: 17 } };
const supported = (k: number): VersionRange | undefined => GATEWAY[k];

const backendApis = [
  { key: 0, min: 0, max: 13 },
  { key: 1, min: 0, max: 18 },
  { key: 3, min: 0, max: 13 },
  { key: 4, min: 0, max: 7 }, // LeaderAndIsr: not handled by the gateway
  { key: 18, min: 0, max: 4 },
  { key: 68, min: 0, max: 1 },
];
const features = [
  { tag: 0, bytes: Buffer.from('supported-features') },
  { tag: 1, bytes: hex('0000000000000005') },
  { tag: 2, bytes: Buffer.from('finalized-features') },
];

t.test('v3 (flexible body, header v0): drops, clamps, keeps throttle and features', async (t) => {
  const frame = apiVersionsResponse(3, 11, { apis: backendApis, tagged: features });
  const out = trimApiVersionsResponse(frame, 3, supported);
  const expected = apiVersionsResponse(3, 11, {
    apis: [
      { key: 0, min: 3, max: 11 },
      { key: 1, min: 4, max: 17 },
      { key: 3, min: 0, max: 12 },
      { key: 18, min: 0, max: 3 },
    ],
    tagged: features,
  });
  t.ok(out.equals(expected), 'exactly the trimmed response');
  t.equal(out.readInt32BE(0), out.length - 4);
  t.equal(out.readInt32BE(4), 11, 'correlation id kept, no header tagged section');
});

t.test('v0, v1 and v2 (classic encoding)', async (t) => {
  for (const v of [0, 1, 2]) {
    const frame = apiVersionsResponse(v, 5, { apis: backendApis });
    const out = trimApiVersionsResponse(frame, v, supported);
    const r = new KafkaReader(out, 8);
    t.equal(r.int16(), 0);
    const entries = r.array((x) => ({ key: x.int16(), min: x.int16(), max: x.int16() }));
    t.same(
      entries.map((e) => e.key),
      [0, 1, 3, 18],
      `v${v} keys`,
    );
    t.same(entries[0], { key: 0, min: 3, max: 11 });
    if (v >= 1) t.equal(r.int32(), 12, 'throttle kept');
    t.equal(r.remaining, 0);
  }
});

t.test('entries whose ranges do not overlap are dropped; per-entry tagged fields kept', async (t) => {
  const frame = apiVersionsResponse(4, 1, {
    apis: [
      { key: 0, min: 12, max: 13 }, // gateway max 11 < backend min 12
      { key: 3, min: 0, max: 13, tagged: [{ tag: 5, bytes: Buffer.from('e') }] },
    ],
  });
  const out = trimApiVersionsResponse(frame, 4, supported);
  t.ok(out.equals(apiVersionsResponse(4, 1, { apis: [{ key: 3, min: 0, max: 12, tagged: [{ tag: 5, bytes: Buffer.from('e') }] }] })));
});

t.test('UNSUPPORTED_VERSION answers carry a v0 body whatever the request version', async (t) => {
  const frame = apiVersionsResponse(0, 2, { errorCode: 35, apis: [{ key: 18, min: 0, max: 4 }] });
  const out = trimApiVersionsResponse(frame, 4, supported);
  t.ok(out.equals(apiVersionsResponse(0, 2, { errorCode: 35, apis: [{ key: 18, min: 0, max: 3 }] })));
});

t.test('trailing bytes are kept; truncated lists throw', async (t) => {
  const frame = apiVersionsResponse(3, 1, { apis: backendApis, trailing: Buffer.from('tail') });
  const out = trimApiVersionsResponse(frame, 3, supported);
  t.equal(out.subarray(out.length - 4).toString(), 'tail');
  const cut = Buffer.from(frame.subarray(0, 20));
  cut.writeInt32BE(16, 0);
  t.throws(() => trimApiVersionsResponse(cut, 3, supported), KafkaDecodeError);
});

t.test('apiVersionsErrorResponse is the broker v0 error body', async (t) => {
  const out = apiVersionsErrorResponse(0x01020304, 35, { min: 0, max: 4 });
  // size 16 | corr | error 35 | 1 entry: key 18, min 0, max 4
  t.equal(out.toString('hex'), hex('00000010 01020304 0023 00000001 0012 0000 0004').toString('hex'));
});
