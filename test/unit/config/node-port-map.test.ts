// The node → port mapping is a pure function of (kind, id, plan): order of discovery cannot
// change it, ids outside the plan are refused, overrides win, the coordinator has one slot.
import t from 'tap';
import { parseNodeKey, planSlots, portForNode, slotOf, type NodePortPlan } from '../../../src/config/node-port-map.js';

const kafka: NodePortPlan = { base: 9100, minId: 0, maxId: 9, offsets: { broker: 0, controller: 10 }, overrides: { 'broker:1001': 9300 } };
const fluss: NodePortPlan = { base: 9200, minId: 0, maxId: 4, offsets: { coordinator: 0, tablet: 1 }, overrides: {} };

t.test('kafka brokers and controllers', async (t) => {
  t.same(portForNode(kafka, 'broker:0'), { ok: true, slot: 'broker:0', port: 9100 });
  t.same(portForNode(kafka, 'broker:9'), { ok: true, slot: 'broker:9', port: 9109 });
  t.same(portForNode(kafka, 'controller:3'), { ok: true, slot: 'controller:3', port: 9113 });
  t.same(portForNode(kafka, 'broker:1001'), { ok: true, slot: 'broker:1001', port: 9300 }, 'an override beyond maxId');
  t.match(portForNode(kafka, 'broker:10'), { ok: false, reason: /broker id 10 is outside nodePorts ids 0-9/ });
  t.match(portForNode(kafka, 'broker:-1'), { ok: false });
  t.match(portForNode(kafka, 'tablet:1'), { ok: false, reason: /no ports for tablet nodes/ });
  t.match(portForNode(kafka, 'bootstrap'), { ok: false });
});

t.test('minId shifts the ids onto the ports', async (t) => {
  const p: NodePortPlan = { base: 9095, minId: 1, maxId: 1, offsets: { broker: 0 }, overrides: {} };
  t.same(portForNode(p, 'broker:1'), { ok: true, slot: 'broker:1', port: 9095 });
  t.match(portForNode(p, 'broker:0'), { ok: false });
  t.match(portForNode(p, 'controller:1'), { ok: false, reason: /no ports for controller/ });
});

t.test('fluss: one coordinator slot whatever its id; tablets by id', async (t) => {
  t.same(portForNode(fluss, 'coordinator:0'), { ok: true, slot: 'coordinator', port: 9200 });
  t.same(portForNode(fluss, 'coordinator:7'), { ok: true, slot: 'coordinator', port: 9200 }, 'a failed-over coordinator keeps the port');
  t.same(portForNode(fluss, 'tablet:0'), { ok: true, slot: 'tablet:0', port: 9201 });
  t.same(portForNode(fluss, 'tablet:4'), { ok: true, slot: 'tablet:4', port: 9205 });
  t.match(portForNode(fluss, 'tablet:5'), { ok: false });
  t.same(portForNode({ ...fluss, overrides: { coordinator: 9299 } }, 'coordinator:3'), { ok: true, slot: 'coordinator', port: 9299 });
  t.equal(slotOf('coordinator:5'), 'coordinator');
  t.equal(slotOf('tablet:5'), 'tablet:5');
});

t.test('the same answers in any order of asking (no state)', async (t) => {
  const keys = ['broker:3', 'broker:1', 'controller:2', 'broker:2', 'broker:1001'];
  const forward = keys.map((k) => portForNode(kafka, k));
  const backward = [...keys]
    .reverse()
    .map((k) => portForNode(kafka, k))
    .reverse();
  t.same(forward, backward);
});

t.test('planSlots lists every port the plan can hand out', async (t) => {
  const slots = planSlots(fluss);
  t.same(
    slots.map((s) => s.slot),
    ['coordinator', 'tablet:0', 'tablet:1', 'tablet:2', 'tablet:3', 'tablet:4'],
  );
  t.same(
    slots.map((s) => s.port),
    [9200, 9201, 9202, 9203, 9204, 9205],
  );
  const k = planSlots({ ...kafka, overrides: { 'broker:2': 9400 } });
  t.equal(k.length, 20, '10 brokers + 10 controllers (broker 2 moved, not added)');
  t.ok(k.some((s) => s.slot === 'broker:2' && s.port === 9400));
  t.notOk(
    k.some((s) => s.port === 9102),
    'the overridden slot port stays unused',
  );
});

t.test('node keys', async (t) => {
  t.same(parseNodeKey('broker:12'), { kind: 'broker', id: 12 });
  t.equal(parseNodeKey('broker:99999999999'), undefined);
  t.equal(parseNodeKey('Broker:1'), undefined);
  t.equal(parseNodeKey('broker:1:x'), undefined);
});
