/**
 * The Kafka backend of one measurement: a fresh bench-mock process (librdkafka's mock
 * cluster, see mock-broker.c) with the benchmark topic pre-created. Fresh per measurement so
 * every target starts from the same empty log.
 */
import type { BenchEnv } from '../common/env.js';
import { start, type Child } from '../common/processes.js';

export interface Backend {
  /** Real listening addresses of the brokers, id 1..N in order. */
  brokers: Array<{ host: string; port: number }>;
  bootstrap: string;
  child: Child;
}

/** `advertise[i]` (optional) is the host:port broker i+1 names in Metadata instead of its own. */
export async function startBackend(env: BenchEnv, advertise: string[] = []): Promise<Backend> {
  const w = env.workload;
  const args = ['--brokers', String(w.brokers), '--topic', `${env.topic}:${w.partitions}`];
  advertise.forEach((addr, i) => args.push('--advertise', `${i + 1}=${addr}`));
  const child = start('bench-mock', env.mockBin, args);
  const m = await child.waitForLine(/^BOOTSTRAP (\S+)/, 10_000).catch(async (e: unknown) => {
    await child.stop();
    throw e;
  });
  const bootstrap = m[1];
  const brokers = bootstrap.split(',').map((hp) => {
    const i = hp.lastIndexOf(':');
    return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
  });
  return { brokers, bootstrap, child };
}
