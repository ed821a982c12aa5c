/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and summarises where the process spent its CPU:
 * the top frames by self time and a split by category (the gateway's own code, Node's
 * internals, dependencies, garbage collection, native/program time). Idle time is left out.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  name: string;
  /** Percent of busy (non-idle) time spent in this frame itself. */
  selfPct: number;
}

export interface ProfileBreakdown {
  /** Busy time in ms (samples not in `(idle)`). */
  busyMs: number;
  totalMs: number;
  top: Frame[];
  categories: Array<{ name: string; pct: number }>;
}

export function category(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === '(garbage collector)') return 'garbage collection';
  if (f.functionName === '(program)' || (u === '' && f.functionName.startsWith('('))) return 'native / program';
  if (u.startsWith('node:')) return 'Node.js internals';
  if (u.includes('/node_modules/')) return 'dependencies';
  if (u.includes('/src/')) return 'streamward src/';
  if (u.includes('/bench/')) return 'bench harness';
  return u === '' ? 'native / program' : 'other';
}

function frameName(f: CallFrame): string {
  if (!f.url) return f.functionName || '(anonymous)';
  const file = f.url.startsWith('node:') ? f.url : basename(f.url);
  return `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
}

export function summariseProfile(file: string, topN = 12): ProfileBreakdown {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  const cats = new Map<string, number>();
  let busy = 0;
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id);
    if (!f || f.functionName === '(idle)') return;
    busy += dt;
    const name = frameName(f);
    self.set(name, (self.get(name) ?? 0) + dt);
    const c = category(f);
    cats.set(c, (cats.get(c) ?? 0) + dt);
  });
  const pct = (v: number): number => (busy > 0 ? (100 * v) / busy : 0);
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return {
    busyMs: busy / 1000,
    totalMs: total / 1000,
    top: sorted(self).slice(0, topN).map(([name, v]) => ({ name, selfPct: pct(v) })),
    categories: sorted(cats).map(([name, v]) => ({ name, pct: pct(v) })),
  };
}
