/**
 * Formatting shared by the generated sections of BENCHMARKS.md: numbers, median (min–max)
 * spreads, goal tables, and the machine line every section carries (the figures depend on it).
 */
import type { Machine } from './machine.js';
import type { Goal, Spread } from './stats.js';

export const f1 = (v: number): string => (Number.isFinite(v) ? v.toFixed(1) : 'n/a');
export const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : 'n/a');
/** µs as ms with three decimals. */
export const msOfUs = (us: number): string => (Number.isFinite(us) ? (us / 1000).toFixed(3) : 'n/a');
export const pct = (v: number | null): string => (v === null || !Number.isFinite(v) ? '–' : `${v.toFixed(0)}%`);
export const orDash = (v: number | null, fmt: (x: number) => string): string => (v === null || !Number.isFinite(v) ? '–' : fmt(v));
export const range = (s: Spread, fmt: (v: number) => string): string => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;

export function utcStamp(d = new Date()): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Rows of a goals table (header included). */
export function goalRows(goals: Goal[]): string[] {
  const rows = ['| goal | result (median of medians) | per round (paired): median (min – max) | target | reached |', '| --- | ---: | ---: | ---: | --- |'];
  for (const g of goals) {
    const fmt = (v: number): string => (g.unit === 'ms' ? `${v.toFixed(3)} ms` : `${v.toFixed(3)}×`);
    const verdict = g.target === '–' ? '–' : g.reached ? '**yes**' : '**no**';
    rows.push(`| ${g.name} | ${fmt(g.value)} | ${fmt(g.perRound.median)} (${fmt(g.perRound.min)} – ${fmt(g.perRound.max)}) | ${g.target} | ${verdict} |`);
  }
  return rows;
}

/** "Last run" and machine lines of a section; `load` is the 1-minute load average when the suite started. */
export function runLines(m: Machine, o: { rounds: number; seconds: number; load: number; at?: Date }): string[] {
  return [
    `Last run: ${utcStamp(o.at)}, ${o.rounds} round${o.rounds === 1 ? '' : 's'}, ${o.seconds.toFixed(0)} s for this part.`,
    '',
    `Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.kernel}; Node ${m.node}. Load average when this part started: ` +
      `${o.load.toFixed(2)}. **The machine is shared**: ${m.cpus} cores for the load tool, the backend, the gateway and other work ` +
      'running at the same time, so every absolute figure here is low and noisy; compare targets within a round (the ratios) ' +
      'and CPU cost per unit of work rather than the absolute rates.',
  ];
}
