// The primary's node port assignment in workers: N mode: one port per node, the same for every
// claim (whichever worker claims first), told to every worker; with a nodePorts map, the map's port.
import t from 'tap';
import { NodePortAllocator, type NodeAssignment } from '../../../src/cluster/node-ports.js';
import type { Config } from '../../../src/config/types.js';

const config = (nodePorts: unknown) => ({ listeners: [{ name: 'l', protocol: 'kafka', mode: 'gateway', bind: { host: '127.0.0.1', port: 0 }, nodePorts }] }) as unknown as Config;

t.test('a node keeps its port; every assignment is broadcast; a re-pointed node is broadcast again', async (t) => {
  const told: NodeAssignment[] = [];
  const a = new NodePortAllocator(config({ kind: 'ephemeral' }), (x) => told.push({ ...x, node: { ...x.node } }));
  const [p1, p2] = await Promise.all([a.claim('l', { key: 'b1', host: 'h', port: 1 }), a.claim('l', { key: 'b1', host: 'h', port: 1 })]);
  t.equal(p1, p2, 'two workers claiming the same node get the same port');
  const p3 = await a.claim('l', { key: 'b2', host: 'h', port: 2 });
  t.not(p3, p1);
  t.equal(told.length, 2);
  await a.claim('l', { key: 'b1', host: 'h2', port: 1 });
  t.same(told[2], { listener: 'l', node: { key: 'b1', host: 'h2', port: 1 }, port: p1 });
  t.equal(a.all().length, 2);
});

t.test('a nodePorts map: the planned port of the node, whoever claims; ids outside the map refused', async (t) => {
  const plan = { kind: 'ids', base: 19100, minId: 0, maxId: 3, offsets: { broker: 0 }, overrides: { 'broker:2': 19300 } };
  const a = new NodePortAllocator(config(plan), () => {});
  t.equal(await a.claim('l', { key: 'broker:1', host: 'h', port: 1 }), 19101);
  t.equal(await a.claim('l', { key: 'broker:2', host: 'h', port: 2 }), 19300, 'an override wins');
  await t.rejects(a.claim('l', { key: 'broker:9', host: 'h', port: 9 }), /broker:9/);
});
