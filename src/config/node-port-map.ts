/**
 * The node → gateway port mapping: a pure function of a node's identity (its kind and id) and
 * the listener's config, so every replica and every restart gives a node the same port, whatever
 * order nodes are met in.
 *
 *   port(kind:id) = overrides["kind:id"]                         (explicit, any id)
 *                 | base + offsets[kind] + (id - minId)          (minId <= id <= maxId)
 *                 | refused                                      (anything else: never assigned)
 *   port(coordinator:any) = overrides.coordinator | base + offsets.coordinator
 *
 * Kinds: Kafka `broker` and `controller` (KRaft, from DescribeQuorum), Fluss `coordinator` (one
 * active coordinator, whatever its id: a failover re-points the same port) and `tablet`. A kind
 * without an offset has no ports on this listener.
 */
export const NODE_KINDS = ['broker', 'controller', 'coordinator', 'tablet'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export interface NodePortPlan {
  base: number;
  minId: number;
  maxId: number;
  /** Offset from `base` of each kind's first port; kinds absent here get no port. */
  offsets: Partial<Record<NodeKind, number>>;
  /** `kind:id` (or `coordinator`) → port. */
  overrides: Readonly<Record<string, number>>;
}

/** A slot is what one port stands for: `broker:3`, `tablet:0`, or `coordinator`. */
export type PortAnswer = { ok: true; slot: string; port: number } | { ok: false; reason: string };

/** Parses a node key `kind:id` (id a decimal int32, possibly negative). */
export function parseNodeKey(key: string): { kind: NodeKind; id: number } | undefined {
  const m = /^(broker|controller|coordinator|tablet):(-?\d{1,10})$/.exec(key);
  if (!m) return undefined;
  const id = Number(m[2]);
  if (!Number.isSafeInteger(id)) return undefined;
  return { kind: m[1] as NodeKind, id };
}

/** The slot a node key occupies (the coordinator has one slot whatever its id). */
export function slotOf(key: string): string | undefined {
  const parsed = parseNodeKey(key);
  if (!parsed) return undefined;
  return parsed.kind === 'coordinator' ? 'coordinator' : key;
}

export function portForNode(plan: NodePortPlan, key: string): PortAnswer {
  const parsed = parseNodeKey(key);
  if (!parsed) return { ok: false, reason: `"${key}" is not a node key` };
  const slot = parsed.kind === 'coordinator' ? 'coordinator' : key;
  const override = plan.overrides[slot];
  if (override !== undefined) return { ok: true, slot, port: override };
  const offset = plan.offsets[parsed.kind];
  if (offset === undefined) return { ok: false, reason: `this listener has no ports for ${parsed.kind} nodes` };
  if (parsed.kind === 'coordinator') return { ok: true, slot, port: plan.base + offset };
  if (parsed.id < plan.minId || parsed.id > plan.maxId) {
    return { ok: false, reason: `${parsed.kind} id ${parsed.id} is outside nodePorts ids ${plan.minId}-${plan.maxId} and has no override` };
  }
  return { ok: true, slot, port: plan.base + offset + (parsed.id - plan.minId) };
}

/** Every slot the plan can hand out and its port, overrides included (what a replica pre-opens). */
export function planSlots(plan: NodePortPlan): Array<{ slot: string; port: number }> {
  const out = new Map<string, number>();
  for (const kind of NODE_KINDS) {
    const offset = plan.offsets[kind];
    if (offset === undefined) continue;
    if (kind === 'coordinator') {
      out.set('coordinator', plan.base + offset);
      continue;
    }
    for (let id = plan.minId; id <= plan.maxId; id++) out.set(`${kind}:${id}`, plan.base + offset + (id - plan.minId));
  }
  for (const [slot, port] of Object.entries(plan.overrides)) out.set(slot, port);
  return [...out].map(([slot, port]) => ({ slot, port })).sort((a, b) => a.port - b.port);
}

/** The default offsets per protocol: brokers then controllers; coordinator then tablets. */
export function defaultOffsets(protocol: 'kafka' | 'fluss', minId: number, maxId: number): Partial<Record<NodeKind, number>> {
  const ids = maxId - minId + 1;
  return protocol === 'kafka' ? { broker: 0, controller: ids } : { coordinator: 0, tablet: 1 };
}

/** The kinds a protocol's nodes come in. */
export function kindsOf(protocol: 'kafka' | 'fluss'): readonly NodeKind[] {
  return protocol === 'kafka' ? ['broker', 'controller'] : ['coordinator', 'tablet'];
}
