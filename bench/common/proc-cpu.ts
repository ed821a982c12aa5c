/** CPU time and resident memory of a process from Linux /proc, for the figures every suite reports. */
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

/** Resident set size of a process in KiB (VmRSS in /proc/<pid>/status), or null if unreadable. */
export function rssKiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}
