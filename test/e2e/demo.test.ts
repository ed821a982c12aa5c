// The README's first command: `streamward demo` starts backends, certificates, users, ACLs and
// the gateway, and the commands it prints work. --self-test runs them and exits.
import t from 'tap';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';

t.test('streamward demo --self-test runs the printed commands successfully', async (t) => {
  const main = path.resolve('dist/src/main.js');
  if (!fs.existsSync(main)) t.fail('dist/src/main.js missing: npm test builds it first (pretest)');
  const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
    const child = spawn(process.execPath, [main, 'demo', '--self-test'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
  t.equal(r.code, 0, 'demo exits 0', { output: r.out.slice(-1500) });
  t.match(r.out, /demo self-test passed/);
  t.ok(fs.existsSync('certs/ca.pem'), 'certificates generated into certs/');
});
