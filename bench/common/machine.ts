/** What the benchmark ran on, for the report: CPU, memory, load, and the versions of the tools. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  haproxy: string;
  librdkafka: string;
  openssl: string;
  /** 1-minute load average when the run started (other work on the machine skews results). */
  loadAtStart: number;
}

function firstLine(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      .split('\n')[0]
      .trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpus: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    haproxy: firstLine('haproxy', ['-v'])
      .replace(/^HAProxy version /, '')
      .split(' ')[0],
    librdkafka: firstLine('pkg-config', ['--modversion', 'rdkafka']),
    openssl: firstLine('openssl', ['version']).replace(/ \(Library:.*$/, ''),
    loadAtStart: os.loadavg()[0],
  };
}
