/**
 * Shared fixtures for the address-rewrite tests (not a test file itself): backend and gateway
 * address schemes and one assertion bundle that builds a response twice (backend addresses,
 * gateway addresses) and expects rewriteAddresses to turn the first into exactly the second.
 */
import type t from 'tap';
import { carriesAddresses, collectAddresses, type NodeAddress, rewriteAddresses } from '../../../../src/protocol/kafka/rewrite.js';
import type { Endpoint } from '../../../helpers/kafka-encode.js';

export type Addr = (nodeId: number) => { host: string; port: number };
export const backend: Addr = (id) => ({ host: `b${id}.kafka.internal`, port: 9090 + id });
export const gateway: Addr = (id) => ({ host: `gw${id}.example.com`, port: 19000 + id });
export const toGateway = (a: NodeAddress): { host: string; port: number } => gateway(a.nodeId);
export const broker = (addr: Addr, nodeId: number, rack: string | null = null): Endpoint => ({ nodeId, ...addr(nodeId), rack });
export const expectAddrs = (addr: Addr, ids: number[], role: NodeAddress['role'] = 'broker'): NodeAddress[] => ids.map((nodeId) => ({ role, nodeId, ...addr(nodeId) }));
/** DescribeQuorum (55) lists KRaft controllers; every other carrier lists brokers. */
const roleOf = (key: number): NodeAddress['role'] => (key === 55 ? 'controller' : 'broker');

type Asserts = Pick<typeof t, 'equal' | 'same' | 'ok'>;

/** Every byte but the addresses equal, size prefix right, no backend host left, identity = same Buffer. */
export function checkRewrite(t: Asserts, key: number, v: number, build: (addr: Addr) => Buffer, ids: number[]): void {
  const original = build(backend);
  const expected = build(gateway);
  t.equal(carriesAddresses(key, v), true, 'carries addresses');
  t.same(collectAddresses(key, v, original), expectAddrs(backend, ids, roleOf(key)), 'finds every address');
  const out = rewriteAddresses(key, v, original, toGateway);
  t.ok(out.equals(expected), 'rewritten frame equals the frame built with gateway addresses');
  t.equal(out.readInt32BE(0), out.length - 4, 'size prefix recomputed');
  t.equal(out.includes('kafka.internal'), false, 'no backend host remains');
  t.same(collectAddresses(key, v, out), expectAddrs(gateway, ids, roleOf(key)), 'rewritten frame decodes to gateway addresses');
  t.equal(
    rewriteAddresses(key, v, original, (a) => ({ host: a.host, port: a.port })),
    original,
    'identity map returns the same Buffer',
  );
}
