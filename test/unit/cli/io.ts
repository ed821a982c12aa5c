/** A CliIO that keeps what commands write, for in-process CLI tests. */
import type { CliIO } from '../../../src/cli/command.js';

export function memoryIO(env: NodeJS.ProcessEnv = {}): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env,
    out: () => out,
    err: () => err,
  };
}
