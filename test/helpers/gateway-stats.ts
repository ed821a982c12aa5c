/**
 * The measurement side of the adversarial-frame tests, inside the gateway's own (child) process:
 * answers IPC messages 'reset' (GC, restart the event-loop delay histogram, note heap and CPU)
 * and 'stats' ({ p99Ms, maxMs, heapGrowth, cpuMs, errs }: since the reset; errs are the
 * SW_ERR_* codes logged), and 'stop' (runs `stop`, then exits).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

export function serveStats(lines: Array<Record<string, unknown>>, stop: () => Promise<void>): void {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let baseline = 0;
  let seenLines = 0;
  let cpuAtReset = process.cpuUsage();
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  process.on('message', (m: string) => {
    if (m === 'reset') {
      gc();
      baseline = process.memoryUsage().heapUsed;
      seenLines = lines.length;
      histogram.reset();
      cpuAtReset = process.cpuUsage();
      process.send?.({ reset: true });
    } else if (m === 'stats') {
      const errs = lines
        .slice(seenLines)
        .map((l) => l.err)
        .filter((e): e is string => typeof e === 'string');
      const cpu = process.cpuUsage(cpuAtReset);
      process.send?.({ p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6, heapGrowth: process.memoryUsage().heapUsed - baseline, cpuMs: (cpu.user + cpu.system) / 1000, errs });
    } else if (m === 'stop') {
      void stop().then(() => process.exit(0));
    }
  });
}
