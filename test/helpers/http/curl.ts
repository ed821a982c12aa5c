/** Runs the system curl (Debian) against the gateway and returns status, headers and body. */
import { execFile } from 'node:child_process';

export interface CurlResult {
  /** curl's exit code (0 = a response arrived). */
  exit: number;
  status: number;
  headers: Record<string, string>;
  body: string;
  stderr: string;
}

export function curl(args: string[], timeoutMs = 15000): Promise<CurlResult> {
  const full = ['-sS', '--noproxy', '*', '--max-time', String(Math.ceil(timeoutMs / 1000)), '-D', '-', ...args];
  return new Promise((resolve) => {
    execFile('curl', full, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin' }, maxBuffer: 64 * 1024 * 1024, encoding: 'latin1' }, (err, stdout, stderr) => {
      const exit = err ? Number((err as { code?: number }).code ?? 1) : 0;
      // With -D - the head(s) come first; a 100 Continue head may precede the final one.
      let rest = stdout;
      let status = 0;
      const headers: Record<string, string> = {};
      for (;;) {
        const m = /^HTTP\/[\d.]+ (\d{3})[^\r\n]*\r\n/.exec(rest);
        if (!m) break;
        const end = rest.indexOf('\r\n\r\n');
        const head = rest.slice(m[0].length, end);
        rest = rest.slice(end + 4);
        status = Number(m[1]);
        if (status === 100) continue;
        for (const line of head.split('\r\n')) {
          const i = line.indexOf(':');
          if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        break;
      }
      resolve({ exit, status, headers, body: rest, stderr });
    });
  });
}
