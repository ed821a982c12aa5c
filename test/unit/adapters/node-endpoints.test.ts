// resolveEndpoints: one endpoint per node key per response, the first address of a key wins,
// and kinds are separate key spaces (broker:1 and controller:1 are different endpoints).
import t from 'tap';
import { resolveEndpoints } from '../../../src/adapters/node-endpoints.js';
import type { BackendNode, NodeDirectory } from '../../../src/proxy/protocol.js';

function directory(): NodeDirectory & { calls: BackendNode[] } {
  const ports = new Map<string, number>();
  const calls: BackendNode[] = [];
  return {
    calls,
    lookup: () => undefined,
    endpointFor: async (n) => {
      calls.push({ ...n });
      if (!ports.has(n.key)) ports.set(n.key, 20000 + ports.size);
      return { host: 'gw', port: ports.get(n.key)! };
    },
  };
}

t.test('a key listed twice with two addresses is resolved once, with its first address', async (t) => {
  const dir = directory();
  const items = [
    { key: 'controller:2', host: 'c2', port: 9093 },
    { key: 'controller:2', host: 'c2-other', port: 9094 },
  ];
  const map = await resolveEndpoints(dir, items, (x) => x);
  t.same(dir.calls, [items[0]], 'only the first address reached the directory (no re-point back and forth)');
  t.same(map(items[1]!), map(items[0]!), 'both listeners map to the one endpoint');
});

t.test('broker and controller with one id are different endpoints', async (t) => {
  const dir = directory();
  const items = [
    { key: 'broker:1', host: 'b1', port: 9092 },
    { key: 'controller:1', host: 'c1', port: 9093 },
  ];
  const map = await resolveEndpoints(dir, items, (x) => x);
  t.not(map(items[0]!).port, map(items[1]!).port);
});
