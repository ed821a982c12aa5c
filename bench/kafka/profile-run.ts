/**
 * One extra measurement of each gateway target with V8's CPU profiler running in the gateway
 * (the profiler behind `node --cpu-prof`, started once the listeners are bound; it costs some
 * speed, so these measurements never enter the medians), summarised for the report. The raw
 * profiles stay in .cache/bench-profiles/<target>.cpuprofile (Chrome DevTools, speedscope).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEnv } from '../common/env.js';
import type { Measurement } from './load.js';
import { summariseProfile, type ProfileBreakdown } from '../common/profile.js';
import type { TargetId } from './targets.js';

export interface ProfileSummary {
  target: TargetId;
  /** The measurement taken while profiling (slower than the real ones). */
  measurement: Measurement;
  breakdown: ProfileBreakdown;
}

export async function profileGateway(env: BenchEnv, measureWith: (id: TargetId, profileFile: string) => Promise<Measurement>): Promise<ProfileSummary[]> {
  const dir = join(env.root, '.cache', 'bench-profiles');
  mkdirSync(dir, { recursive: true });
  const out: ProfileSummary[] = [];
  for (const target of ['gateway-tls', 'gateway-plain'] as const) {
    const file = join(dir, `${target}.cpuprofile`);
    rmSync(file, { force: true });
    const measurement = await measureWith(target, file);
    out.push({ target, measurement, breakdown: summariseProfile(file) });
  }
  return out;
}
