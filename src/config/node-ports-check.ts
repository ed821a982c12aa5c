/**
 * Checks of a listener's `nodePorts` the schema cannot express: the old range form (ports in
 * discovery order, different on every replica) is refused with the deterministic form to write
 * instead; a map must fit in 1..65535, give no two nodes one port, and only name node kinds the
 * listener's protocol has. (Clashes with other listeners' ports are ports.ts's job.)
 */
import type { FieldPath } from './problems.js';
import type { ListenerConfig } from './types.js';
import { kindsOf, NODE_KINDS, parseNodeKey, planSlots, type NodeKind, type NodePortPlan } from './node-port-map.js';

type Report = (path: FieldPath, message: string) => void;

/** More ports than this per listener is a typo, not a cluster (each one is a listening socket). */
export const MAX_NODE_PORTS = 4096;

/** The deterministic form that fits the old range, for the error message. */
function suggestion(first: number, last: number, protocol: 'kafka' | 'fluss'): string {
  const size = last - first + 1;
  const maxId = protocol === 'kafka' ? Math.max(0, Math.floor(size / 2) - 1) : Math.max(0, size - 2);
  const layout = protocol === 'kafka' ? `broker N gets ${first}+N, controller N gets ${first + maxId + 1}+N` : `the coordinator gets ${first}, tablet server N gets ${first + 1}+N`;
  return `nodePorts: { base: ${first}, maxId: ${maxId} } (${layout}; add overrides: { "${protocol === 'kafka' ? 'broker' : 'tablet'}:1001": <port> } for ids beyond maxId)`;
}

/** An upper bound of the plan's ports, computed without enumerating them. */
export function slotCount(plan: NodePortPlan): number {
  const perKind = (['broker', 'controller', 'tablet'] as const).filter((k) => plan.offsets[k] !== undefined).length;
  return perKind * Math.max(0, plan.maxId - plan.minId + 1) + Object.keys(plan.overrides).length + 1;
}

export function checkNodePorts(l: ListenerConfig, report: Report): void {
  const n = l.nodePorts;
  if (!n || l.protocol === 'http') return;
  if (n.kind === 'legacy-range') {
    report(
      ['nodePorts'],
      `the range form hands out ports in the order nodes are discovered, so replicas and restarts disagree about which port is which node; write ${suggestion(n.first, n.last, l.protocol)}`,
    );
    return;
  }
  if (n.kind !== 'ids') return;
  checkPlan(n, l.protocol, report);
}

function checkPlan(plan: NodePortPlan, protocol: 'kafka' | 'fluss', report: Report): void {
  const kinds = kindsOf(protocol);
  if (plan.maxId < plan.minId) {
    report(['nodePorts', 'maxId'], `${plan.maxId} is below minId ${plan.minId}`);
    return;
  }
  for (const kind of NODE_KINDS) {
    if (plan.offsets[kind] !== undefined && !kinds.includes(kind)) report(['nodePorts', 'offsets', kind], `${protocol} clusters have no ${kind} nodes (kinds: ${kinds.join(', ')})`);
  }
  for (const key of Object.keys(plan.overrides)) {
    const kind: NodeKind | undefined = key === 'coordinator' ? 'coordinator' : parseNodeKey(key)?.kind;
    if (kind && !kinds.includes(kind)) report(['nodePorts', 'overrides', key], `${protocol} clusters have no ${kind} nodes (kinds: ${kinds.join(', ')})`);
  }
  const count = slotCount(plan);
  if (count > MAX_NODE_PORTS) {
    report(['nodePorts', 'maxId'], `ids ${plan.minId}-${plan.maxId} make about ${count} ports (at most ${MAX_NODE_PORTS} per listener); narrow minId-maxId and use overrides for outliers`);
    return;
  }
  const owner = new Map<number, string>();
  for (const { slot, port } of planSlots(plan)) {
    if (port > 65535) {
      report(['nodePorts'], `${slot} would get port ${port}, above 65535; lower base or maxId`);
      return;
    }
    const other = owner.get(port);
    if (other !== undefined) {
      const where: FieldPath = plan.overrides[slot] !== undefined ? ['nodePorts', 'overrides', slot] : ['nodePorts', 'offsets'];
      report(where, `${slot} and ${other} would both get port ${port}; give each kind its own run of ports`);
      return;
    }
    owner.set(port, slot);
  }
}
