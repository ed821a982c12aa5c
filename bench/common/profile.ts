/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and summarises where the process spent its CPU:
 * the top frames by self time and a split by category (the gateway's own code, Node's
 * internals, dependencies, garbage collection, native/program time). Idle time and whatever
 * runs under the bench harness's own frames (the profiler starting) are left out.
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
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Frame {
  name: string;
  /** Percent of busy (non-idle) time: in the frame itself (top), or in it and its callees (srcInclusive). */
  selfPct: number;
}

export interface ProfileBreakdown {
  /** Busy time in ms (samples not in `(idle)`). */
  busyMs: number;
  totalMs: number;
  top: Frame[];
  /** streamward's own functions by inclusive time (self + callees), percent of busy time. */
  srcInclusive: Frame[];
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

/** Inclusive time per streamward src/ function; a frame already on the stack is not counted twice. */
function srcInclusive(p: CpuProfile, selfById: Map<number, number>): Map<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const childIds = new Set(p.nodes.flatMap((n) => n.children ?? []));
  const totals = new Map<string, number>();
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id);
    if (!node) return 0;
    const name = category(node.callFrame) === 'streamward src/' ? frameName(node.callFrame) : null;
    const counted = name !== null && !onStack.has(name);
    if (counted) onStack.add(name);
    let t = selfById.get(id) ?? 0;
    for (const c of node.children ?? []) t += walk(c, onStack);
    if (counted) {
      onStack.delete(name);
      totals.set(name, (totals.get(name) ?? 0) + t);
    }
    return t;
  };
  for (const n of p.nodes) if (!childIds.has(n.id)) walk(n.id, new Set());
  return totals;
}

/** Ids of the nodes under a bench-harness frame (e.g. the profiler's own start-up), left out. */
function harnessNodes(p: CpuProfile): Set<number> {
  const out = new Set<number>();
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const mark = (id: number): void => {
    out.add(id);
    for (const c of byId.get(id)?.children ?? []) mark(c);
  };
  for (const n of p.nodes) if (!out.has(n.id) && category(n.callFrame) === 'bench harness') mark(n.id);
  return out;
}

export function summariseProfile(file: string, topN = 12): ProfileBreakdown {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const harness = harnessNodes(p);
  const self = new Map<string, number>();
  const cats = new Map<string, number>();
  const selfById = new Map<number, number>();
  let busy = 0;
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    total += dt;
    const f = byId.get(id);
    if (!f || f.functionName === '(idle)' || harness.has(id)) return;
    busy += dt;
    selfById.set(id, (selfById.get(id) ?? 0) + dt);
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
    top: sorted(self)
      .slice(0, topN)
      .map(([name, v]) => ({ name, selfPct: pct(v) })),
    srcInclusive: sorted(srcInclusive(p, selfById))
      .slice(0, 8)
      .map(([name, v]) => ({ name, selfPct: pct(v) })),
    categories: sorted(cats).map(([name, v]) => ({ name, pct: pct(v) })),
  };
}
