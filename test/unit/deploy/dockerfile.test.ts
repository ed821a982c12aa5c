// The Dockerfile cannot be built here (no container engine); this reads it and checks what it
// promises: a non-root numeric user, a healthcheck on the admin server's /healthz at the default
// admin bind, an entry point that is the compiled CLI (package.json `bin`), the compiled output
// it copies is where tsc writes it, and graceful SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { DEFAULTS } from '../../../src/config/normalize.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const text = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
const lines = text
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const instr = (name: string) => lines.filter((l) => l.startsWith(`${name} `));
const stages = lines.filter((l) => l.startsWith('FROM '));
const final = lines.slice(lines.lastIndexOf(stages.at(-1)!));
const finalInstr = (name: string) => final.filter((l) => l.startsWith(`${name} `));

t.test('a multi-stage build on a slim Node 20 image', async (t) => {
  t.equal(stages.length, 2);
  for (const s of stages) t.match(s, /^FROM node:20-bookworm-slim\b/);
  t.ok(
    instr('RUN').some((r) => r.includes('npm ci')),
    'reproducible install',
  );
  t.ok(
    instr('RUN').some((r) => r.includes('npm prune --omit=dev')),
    'dev dependencies left behind',
  );
});

t.test('runs as a numeric non-root user', async (t) => {
  const user = finalInstr('USER');
  t.equal(user.length, 1);
  const [uid] = user[0].slice(5).split(':');
  t.match(uid, /^\d+$/, 'numeric (runAsNonRoot can verify it)');
  t.not(Number(uid), 0);
});

t.test('entry point is the compiled CLI, and the copied output is where tsc writes it', async (t) => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { outDir: string; rootDir: string } };
  t.same(JSON.parse(finalInstr('ENTRYPOINT')[0].slice(11)), ['node', pkg.bin.streamward]);
  t.equal(`${tsconfig.compilerOptions.outDir}/src`, 'dist/src', 'src compiles to dist/src');
  t.ok(finalInstr('COPY').some((c) => c.includes('/src/dist/src ./dist/src')));
  t.same(JSON.parse(finalInstr('CMD')[0].slice(4)), ['run', '-c', '/etc/streamward/gateway.yaml']);
});

t.test('healthcheck asks /healthz at the default admin bind; SIGTERM stops it', async (t) => {
  const hc = finalInstr('HEALTHCHECK');
  t.equal(hc.length, 1);
  t.match(hc[0], /CMD \["node", "-e", .*STREAMWARD_HEALTHCHECK_URL/);
  const url = /STREAMWARD_HEALTHCHECK_URL=(\S+)/.exec(text)?.[1];
  t.equal(url, `http://${DEFAULTS.adminBind}/healthz`);
  t.same(finalInstr('STOPSIGNAL'), ['STOPSIGNAL SIGTERM']);
  t.ok(finalInstr('EXPOSE')[0].split(' ').includes(DEFAULTS.adminBind.split(':')[1]), 'admin port exposed');
});
