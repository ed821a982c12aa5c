/**
 * Port overlap check: every listener's bind port and node-port range, and the admin port, claim
 * ports on a host. Two claims clash when their port ranges overlap and their hosts are the same
 * or either one is a wildcard address. Port 0 and `nodePorts: auto` claim nothing; a node-port
 * map claims every port it can hand out (each run of consecutive ports is one claim).
 */
import type { FieldPath, ProblemList } from './problems.js';
import { formatFieldPath } from './problems.js';
import type { Config } from './types.js';
import { isWildcardHost } from './units.js';
import { planSlots, type NodePortPlan } from './node-port-map.js';
import { MAX_NODE_PORTS, slotCount } from './node-ports-check.js';

interface Claim {
  path: FieldPath;
  host: string;
  first: number;
  last: number;
}

function ports(c: Claim): string {
  return c.first === c.last ? `port ${c.first}` : `ports ${c.first}-${c.last}`;
}

/** The plan's distinct valid ports as runs of consecutive numbers (none for a plan the checks refuse as too large). */
export function portRuns(plan: NodePortPlan): Array<{ first: number; last: number }> {
  if (plan.maxId < plan.minId || slotCount(plan) > MAX_NODE_PORTS) return [];
  const ports = [
    ...new Set(
      planSlots(plan)
        .map((s) => s.port)
        .filter((p) => p <= 65535),
    ),
  ].sort((a, b) => a - b);
  const runs: Array<{ first: number; last: number }> = [];
  for (const p of ports) {
    const last = runs[runs.length - 1];
    if (last && p === last.last + 1) last.last = p;
    else runs.push({ first: p, last: p });
  }
  return runs;
}

export function checkPorts(config: Config, problems: ProblemList): void {
  const claims: Claim[] = [];
  const { bind } = config.admin;
  if (bind.port !== 0) claims.push({ path: ['admin', 'bind'], host: bind.host, first: bind.port, last: bind.port });
  config.listeners.forEach((l, i) => {
    if (l.bind.port !== 0) claims.push({ path: ['listeners', i, 'bind'], host: l.bind.host, first: l.bind.port, last: l.bind.port });
    if (l.nodePorts?.kind === 'ids') {
      for (const run of portRuns(l.nodePorts)) claims.push({ path: ['listeners', i, 'nodePorts'], host: l.bind.host, ...run });
    }
  });
  for (let j = 1; j < claims.length; j++) {
    const b = claims[j]!;
    for (let i = 0; i < j; i++) {
      const a = claims[i]!;
      const sameHost = a.host === b.host || isWildcardHost(a.host) || isWildcardHost(b.host);
      if (sameHost && a.first <= b.last && b.first <= a.last) {
        problems.add(b.path, `${ports(b)} ${b.first === b.last ? 'clashes' : 'clash'} with ${formatFieldPath(a.path)} (${ports(a)}${a.host === b.host ? '' : ` on ${a.host}`})`);
      }
    }
  }
}
