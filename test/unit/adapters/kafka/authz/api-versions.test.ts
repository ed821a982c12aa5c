// withGatewayApis: ApiVersions answers (hand-built, v0 classic and v3 flexible with features in
// the tagged section) gain DescribeAcls/CreateAcls/DeleteAcls with the gateway's versions; every
// other entry and byte stays; error answers pass untouched. The stage applies it to every
// ApiVersions answer.
import t from 'tap';
import { GATEWAY_ACL_APIS, withGatewayApis } from '../../../../../src/adapters/kafka/authz/index.js';
import { KafkaReader } from '../../../../../src/protocol/kafka/reader.js';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';
import { Harness } from './harness.js';

function entries(frame: Buffer, flexible: boolean): Array<[number, number, number]> {
  const r = new KafkaReader(frame, 10);
  const n = flexible ? (r.compactArrayLength() ?? 0) : (r.arrayLength() ?? 0);
  const out: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) {
    out.push([r.int16(), r.int16(), r.int16()]);
    if (flexible) r.skipTaggedFields();
  }
  return out;
}

t.test('v0 answer: ACL apis appended in key order', async (t) => {
  const frame = new KafkaWriter().int32(3).int16(0).array([[0, 0, 9], [18, 0, 3], [36, 0, 2]], (w, [k, a, b]) => { w.int16(k).int16(a).int16(b); }).frame();
  const out = withGatewayApis(frame, 0);
  t.same(entries(out, false), [[0, 0, 9], [18, 0, 3], [29, 0, 3], [30, 0, 3], [31, 0, 3], [36, 0, 2]]);
  t.same([...GATEWAY_ACL_APIS.keys()], [29, 30, 31]);
});

t.test('v3 answer: an existing entry is replaced, tagged features kept', async (t) => {
  const features = { tag: 0, bytes: Buffer.from([1, 0]) };
  const frame = new KafkaWriter().int32(4).int16(0)
    .uvarint(4)
    .int16(3).int16(0).int16(12).taggedFields([])
    .int16(29).int16(1).int16(1).taggedFields([])
    .int16(60).int16(0).int16(1).taggedFields([])
    .int32(0)
    .taggedFields([features])
    .frame();
  const out = withGatewayApis(frame, 3);
  t.same(entries(out, true), [[3, 0, 12], [29, 0, 3], [30, 0, 3], [31, 0, 3], [60, 0, 1]]);
  t.same([...out.subarray(out.length - 5)], [1, 0, 2, 1, 0], 'the tagged section (SupportedFeatures) is carried over');
});

t.test('error answers pass untouched', async (t) => {
  const frame = new KafkaWriter().int32(5).int16(35).array([[18, 0, 4]], (w, [k, a, b]) => { w.int16(k).int16(a).int16(b); }).frame();
  t.equal(withGatewayApis(frame, 3), frame);
});

t.test('the stage extends every ApiVersions answer', async (t) => {
  const h = new Harness([], null);
  const sent = await h.send(18, 2, {});
  const backend = new KafkaWriter().int32(sent.info.id).int16(0).array([[18, 0, 4]], (w, [k, a, b]) => { w.int16(k).int16(a).int16(b); }).int32(0).frame();
  const out = await h.stage.responses!.finish(sent.info, backend);
  t.same(entries(out, false), [[18, 0, 4], [29, 0, 3], [30, 0, 3], [31, 0, 3]]);
});
