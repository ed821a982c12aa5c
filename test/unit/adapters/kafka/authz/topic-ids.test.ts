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

t.test('existence has an age: fresh within EXISTENCE_TTL_MS, then asked again; absence likewise', async (t) => {
  const m = new TopicIdMap();
  m.learnName('a', 1000);
  t.ok(m.existsFresh('a', 5000, 5999));
  t.notOk(m.existsFresh('a', 5000, 6001), 'seen too long ago: a creation decision asks the backend again');
  m.learnAbsent('a', 7000);
  t.notOk(m.existsFresh('a', 5000, 7000), 'a listing without it replaces the sighting');
  t.ok(m.absentFresh('a', 5000, 8000));
  t.notOk(m.absentFresh('a', 5000, 12_001));
  m.learnName('a', 9000);
  t.notOk(m.absentFresh('a', 5000, 9000), 'seen again: no longer absent');
});
