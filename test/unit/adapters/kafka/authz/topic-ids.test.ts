// TopicIdMap: ids learned from answers resolve to names, the zero id is never learned, a
// renamed id is re-pointed, deleted topics are forgotten, and the map stays bounded.
import t from 'tap';
import { TopicIdMap } from '../../../../../src/adapters/kafka/authz/topic-ids.js';
import { uuid } from './harness.js';

t.test('learn, resolve, forget', async (t) => {
  const m = new TopicIdMap();
  t.equal(m.name(uuid(1)), null, 'unknown ids resolve to nothing');
  m.learn(uuid(1), 'a');
  t.equal(m.name(uuid(1)), 'a');
  t.ok(m.exists('a'));
  m.learn(Buffer.alloc(16), 'zero');
  t.equal(m.name(Buffer.alloc(16)), null, 'the zero id is not an id');
  t.notOk(m.exists('zero'));
  m.learn(uuid(1), 'a2');
  t.equal(m.name(uuid(1)), 'a2', 're-pointed');
  m.forget('a2', uuid(1));
  t.equal(m.name(uuid(1)), null);
  t.notOk(m.exists('a2'));
});

t.test('bounded: the oldest entries go first', async (t) => {
  const m = new TopicIdMap(3);
  for (let i = 1; i <= 5; i++) m.learn(uuid(i), `t${i}`);
  t.equal(m.size, 3);
  t.equal(m.name(uuid(1)), null);
  t.equal(m.name(uuid(2)), null);
  t.equal(m.name(uuid(5)), 't5');
  t.notOk(m.exists('t1'));
});
