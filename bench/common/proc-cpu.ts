/** CPU time of a process from Linux /proc, for the CPU figures every suite reports. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clockTicks = 0;

/** User + system CPU seconds a process has used so far (Linux /proc), or null if unreadable. */
export function cpuSeconds(pid: number): number | null {
  try {
    clockTicks ||= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return null;
  }
}
