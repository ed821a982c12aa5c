/**
 * CPU of each process role (gateway, backend, client) across the rounds of one target: the
 * median % of one core during the step, and the median CPU milliseconds per unit of work
 * (per MB moved, or per 1000 requests), the cost figure that depends least on how much CPU
 * other work left over.
 */
import type { StepCpu } from './load-process.js';
import { median } from './stats.js';

export interface RoleCost {
  /** Median % of one core during the step. */
  pct: number;
  /** Median CPU ms per unit of work. */
  msPerUnit: number;
}

/** `work`: units of work done in each step (MB, thousands of requests); steps without work are skipped. */
export function medianRoleCosts(steps: Array<{ cpu: Record<string, StepCpu>; work: number }>): Record<string, RoleCost> {
  const byRole = new Map<string, { pct: number[]; per: number[] }>();
  for (const s of steps) {
    if (!(s.work > 0)) continue;
    for (const [role, c] of Object.entries(s.cpu)) {
      const r = byRole.get(role) ?? { pct: [], per: [] };
      r.pct.push(c.pct);
      r.per.push((1000 * c.seconds) / s.work);
      byRole.set(role, r);
    }
  }
  return Object.fromEntries([...byRole].map(([role, r]) => [role, { pct: median(r.pct), msPerUnit: median(r.per) }]));
}
