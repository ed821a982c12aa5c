// SNI names: the bootstrap name, node names from the pattern (case-insensitive), and everything
// else refused; without $(kind) only the main kind has names.
import t from 'tap';
import { SniRouter } from '../../../src/proxy/sni-router.js';

const kafka = new SniRouter({ bootstrap: 'Kafka.Example.com', node: 'broker-$(nodeId).kafka.example.com' }, 'broker');
const withKind = new SniRouter({ bootstrap: 'fluss.example.com', node: '$(kind)-$(nodeId).fluss.example.com' }, 'tablet');

t.test('routes', async (t) => {
  t.same(kafka.route('kafka.example.com'), { to: 'bootstrap' });
  t.same(kafka.route('BROKER-7.kafka.example.com'), { to: 'node', key: 'broker:7' });
  t.same(kafka.route('broker-0.kafka.example.com'), { to: 'node', key: 'broker:0' });
  for (const bad of [
    'broker-07.kafka.example.com',
    'broker-x.kafka.example.com',
    'broker-1.kafkaxexample.com',
    'broker-1.kafka.example.com.evil',
    'broker--1.kafka.example.com',
    'broker-99999999999.kafka.example.com',
    'evil.com',
  ]) {
    t.equal(kafka.route(bad).to, 'unknown', bad);
  }
  t.match(kafka.route(undefined), { to: 'unknown', reason: /no SNI/ });
  t.match(kafka.route(false), { to: 'unknown' });
  t.same(withKind.route('coordinator-0.fluss.example.com'), { to: 'node', key: 'coordinator:0' });
  t.same(withKind.route('tablet-3.fluss.example.com'), { to: 'node', key: 'tablet:3' });
  t.equal(withKind.route('broker-3.fluss.example.com').to, 'node', 'kinds are the node-key kinds');
});

t.test('names', async (t) => {
  t.equal(kafka.hostFor('broker:12'), 'broker-12.kafka.example.com');
  t.equal(kafka.hostFor('controller:1'), undefined, 'no $(kind): controllers have no name');
  t.equal(withKind.hostFor('coordinator:0'), 'coordinator-0.fluss.example.com');
  t.equal(withKind.hostFor('tablet:2'), 'tablet-2.fluss.example.com');
  t.equal(kafka.hostFor('broker:-1'), undefined);
  t.equal(kafka.refusal({ key: 'controller:1', host: 'c', port: 1 }).code, 'SW_ERR_NODE_OUT_OF_RANGE');
});
