/**
 * Runs one of the benchmark's Node load tools (fluss-load, http-load) in its own process, so it
 * never shares an event loop or a core's time slice with the orchestrator, the backend or the
 * gateway. The tool prints `MARK <step>:start` / `MARK <step>:end` around each timed step and a
 * JSON line with its figures at the end; at every mark the orchestrator samples the user+system
 * CPU (Linux /proc) of the processes it watches and of the tool itself, so each step gets the CPU
 * every process used during it, and the resident memory of the watched processes.
 */
import type { SpawnOptions } from 'node:child_process';
import { join } from 'node:path';
import type { BenchEnv } from './env.js';
import { cpuSeconds, rssKiB } from './proc-cpu.js';
import { start } from './processes.js';

/** CPU seconds per watched role (null: unreadable) at one moment. */
export interface MarkSample {
  t: number;
  cpu: Record<string, number | null>;
  /** Resident memory of each watched role in KiB (the tool itself is not sampled). */
  rss?: Record<string, number | null>;
}

/** CPU a role used during a step: seconds, and % of one core over the step's wall time. */
export interface StepCpu {
  seconds: number;
  pct: number;
}

/** How to run a bench script (`name`: its path under bench/ without extension, e.g. `http/http-load`): built (dist/bench/…js) or from source through tsx. */
export function nodeScript(env: BenchEnv, name: string): { command: string; args: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = join(env.here, `${name}${fromSource ? '.ts' : '.js'}`);
  return { command: process.execPath, args: [...(fromSource ? ['--import', 'tsx'] : []), script] };
}

/** CPU per role between two samples; roles unreadable in either sample are left out. */
export function cpuBetween(a: MarkSample | undefined, b: MarkSample | undefined): Record<string, StepCpu> {
  const out: Record<string, StepCpu> = {};
  if (!a || !b || b.t <= a.t) return out;
  const wall = (b.t - a.t) / 1000;
  for (const role of Object.keys(b.cpu)) {
    const x = a.cpu[role];
    const y = b.cpu[role];
    if (x == null || y == null) continue;
    out[role] = { seconds: y - x, pct: (100 * (y - x)) / wall };
  }
  return out;
}

export interface LoadRun<J> {
  json: J;
  marks: Map<string, MarkSample>;
  /** CPU per role during step `name` (between `name:start` and `name:end`). */
  stepCpu(name: string): Record<string, StepCpu>;
}

/**
 * Runs `script` with `args` to its end (killed after timeoutMs). `watch` names the processes
 * whose CPU is sampled at each mark (role -> pid); the tool itself is sampled as role `client`.
 * Secrets go to the tool through `opts.env`, never `args` (which appear in error messages).
 */
export async function runLoadTool<J>(env: BenchEnv, script: string, args: string[], watch: Record<string, number | null>, timeoutMs: number, opts: SpawnOptions = {}): Promise<LoadRun<J>> {
  const { command, args: pre } = nodeScript(env, script);
  const child = start(script, command, [...pre, ...args], { cwd: env.root, ...opts });
  child.proc.stdin?.end();
  const marks = new Map<string, MarkSample>();
  const sample = (): MarkSample => {
    const cpu: Record<string, number | null> = {};
    const rss: Record<string, number | null> = {};
    for (const [role, pid] of Object.entries(watch)) {
      cpu[role] = pid ? cpuSeconds(pid) : null;
      rss[role] = pid ? rssKiB(pid) : null;
    }
    cpu.client = child.proc.pid ? cpuSeconds(child.proc.pid) : null;
    return { t: performance.now(), cpu, rss };
  };
  let seen = 0;
  child.proc.stdout?.on('data', () => {
    const found = child.stdout.match(/^MARK \S+$/gm) ?? [];
    for (; seen < found.length; seen++) marks.set(found[seen].slice(5), sample());
  });
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), timeoutMs);
  const code = await child.exited;
  clearTimeout(timer);
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`${script} ${args.join(' ')} failed (exit ${code}):\n${child.stderr.trim().slice(-3000)}`);
  }
  return {
    json: JSON.parse(line) as J,
    marks,
    stepCpu: (name) => cpuBetween(marks.get(`${name}:start`), marks.get(`${name}:end`)),
  };
}
