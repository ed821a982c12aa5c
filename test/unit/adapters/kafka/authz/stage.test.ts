// The stage itself: undecodable requests close as malformed, undecodable backend answers fail
// as upstream protocol errors, keys without a rule are refused, invalid ACL admin items are
// logged, and SASL frames are left to the authentication stage.
import t from 'tap';
import { KafkaWriter } from '../../../../../src/protocol/kafka/writer.js';
import { Harness } from './harness.js';

t.test('a request body the layout cannot read closes the connection', async (t) => {
  const h = new Harness([]);
  const truncated = new KafkaWriter().int16(0).int16(3).int32(1).nullableString('c').nullableString(null).int16(1).frame();
  const v = (await h.sendFrame(truncated)).verdict;
  t.equal(v?.kind, 'close');
  if (v?.kind === 'close') t.equal(v.error.code, 'SW_ERR_MALFORMED_REQUEST');
});

t.test('a backend answer the layout cannot read is an upstream protocol error', async (t) => {
  const h = new Harness([], 'User:admin');
  const sent = await h.send(3, 4, { Topics: null });
  const junk = new KafkaWriter().int32(sent.info.id).int32(0).int32(5).frame();
  await t.rejects(async () => h.stage.responses!.finish(sent.info, junk), { code: 'SW_ERR_UPSTREAM_PROTOCOL' });
});

t.test('an api key without a rule is refused', async (t) => {
  const h = new Harness([], 'User:admin');
  const frame = new KafkaWriter().int16(999).int16(0).int32(1).frame();
  const v = (await h.sendFrame(frame)).verdict;
  t.equal(v?.kind, 'close');
});

t.test('SASL frames are left to the authentication stage', async (t) => {
  const h = new Harness([], null);
  t.equal((await h.send(17, 1, { Mechanism: 'PLAIN' })).verdict, null);
  t.equal((await h.send(36, 1, { AuthBytes: Buffer.from('x') })).verdict, null);
});

t.test('invalid ACL creations are logged (the entry, not a secret)', async (t) => {
  const h = new Harness([], 'User:admin');
  await h.send(30, 1, { Creations: [{ ResourceType: 2, ResourceName: '', ResourcePatternType: 3, Principal: 'User:x', Host: '*', Operation: 3, PermissionType: 3 }] });
  t.ok(h.ctx.lines.some((l) => l.err === 'SW_ERR_MALFORMED_REQUEST' && l.detail === 'Invalid empty resource name'));
});
