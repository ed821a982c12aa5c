/**
 * One extra measurement of each gateway target with the gateway under `node --cpu-prof`
 * (profiler overhead, so never part of the medians), summarised for the report. The raw
 * profiles stay in .cache/bench-profiles/<target>/ for a closer look (Chrome DevTools, speedscope).
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from './env.js';
import type { Measurement } from './load.js';
import { summariseProfile, type ProfileBreakdown } from './profile.js';
import type { TargetId } from './targets.js';

export interface ProfileSummary {
  target: TargetId;
  /** The measurement taken while profiling (slower than the real ones). */
  measurement: Measurement;
  breakdown: ProfileBreakdown;
}

export async function profileGateway(env: BenchEnv, measureWith: (id: TargetId, profileDir: string) => Promise<Measurement>): Promise<ProfileSummary[]> {
  const out: ProfileSummary[] = [];
  for (const target of ['gateway-tls', 'gateway-plain'] as const) {
    const dir = join(env.root, '.cache', 'bench-profiles', target);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const measurement = await measureWith(target, dir);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`no .cpuprofile written by the ${target} gateway`);
    out.push({ target, measurement, breakdown: summariseProfile(join(dir, file)) });
  }
  return out;
}
