/**
 * An attacker in a child process, so the gateway under test (in this process) pays only for what
 * it does with the attack, not for building or writing it. The child connects, waits for go(),
 * writes `head` followed by `pattern` repeated `repeat` times, and reports how long the gateway
 * took to close the connection after the first byte was written.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const CHILD = `
const net = require('node:net');
const [port, headHex, patternHex, repeat] = process.argv.slice(1);
const head = Buffer.from(headHex, 'hex');
const body = Buffer.from(patternHex, 'hex').length ? Buffer.alloc(Buffer.from(patternHex, 'hex').length * Number(repeat), Buffer.from(patternHex, 'hex')) : Buffer.alloc(0);
const s = net.connect({ host: '127.0.0.1', port: Number(port) }, () => process.stdout.write('connected\\n'));
s.on('error', () => {});
let t0 = 0n;
s.on('close', () => {
  const ms = t0 === 0n ? -1 : Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write(JSON.stringify({ closedAfterMs: ms }) + '\\n');
  process.exit(0);
});
process.stdin.once('data', () => { t0 = process.hrtime.bigint(); s.write(head); s.write(body); });
`;

export interface Attack {
  /** Resolves once the child is connected. */
  connected: Promise<void>;
  /** Start writing; resolves with the child's measurement once the gateway closed the socket. */
  go(): Promise<{ closedAfterMs: number }>;
  kill(): void;
}

export function childAttack(port: number, head: Buffer, pattern: Buffer, repeat: number): Attack {
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, String(port), head.toString('hex'), pattern.toString('hex'), String(repeat)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
    let i: number;
    while ((i = out.indexOf('\n')) >= 0) {
      lines.push(out.slice(0, i));
      out = out.slice(i + 1);
      for (const w of waiters.splice(0)) w();
    }
  });
  const line = (pred: (l: string) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        const hit = lines.find(pred);
        if (hit) resolve(hit);
        else waiters.push(check);
      };
      check();
    });
  return {
    connected: line((l) => l === 'connected').then(() => undefined),
    async go() {
      child.stdin!.write('go\n');
      return JSON.parse(await line((l) => l.startsWith('{'))) as { closedAfterMs: number };
    },
    kill: () => child.kill(),
  };
}
