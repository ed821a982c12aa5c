/**
 * `streamward check` as a real process (node --import tsx src/main.ts): a good file prints the
 * resolved, masked config and exits 0; a bad file lists every problem with file:line and exits 1;
 * usage errors exit 2.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { writePki } from '../../../src/tls/certs.js';

function cli(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    cwd: process.cwd(),
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

t.test('check accepts the example and prints it resolved, with secrets masked', async (t) => {
  const dir = t.testdir({});
  await writePki(join(dir, 'tls'), {});
  await copyFile('examples/gateway.yaml', join(dir, 'gateway.yaml'));
  await writeFile(join(dir, 'users.yaml'), 'users: {}\n');
  const r = cli(['check', '-c', join(dir, 'gateway.yaml')]);
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stderr, '', 'no warnings once users.yaml exists');
  const printed = parseYaml(r.stdout) as { listeners: Array<{ name: string; tls?: { key: string } }>; limits: { idleTimeout: string } };
  t.same(
    printed.listeners.map((l) => l.name),
    ['fluss-sasl', 'fluss-mtls', 'kafka-edge', 'flink-ui'],
  );
  t.equal(printed.listeners[1]!.tls?.key, join(dir, 'tls/server.key'), 'key files appear as paths');
  t.notMatch(r.stdout, /PRIVATE KEY/);
  t.equal(printed.limits.idleTimeout, '10m');

  const secret = `clusters:\n  k: { protocol: kafka, bootstrap: ["\${KAFKA_BOOT}"] }\nlisteners:\n  - { name: a, cluster: k, bind: "127.0.0.1:0", nodePorts: auto, advertise: "\${ADV_SECRET}" }\n`;
  await writeFile(join(dir, 'env.yaml'), secret);
  const e = cli(['check', '-c', join(dir, 'env.yaml')], { KAFKA_BOOT: 'kb:9092', ADV_SECRET: 'topsecret.example' });
  t.equal(e.status, 0, e.stderr);
  t.match(e.stdout, /bootstrap: \[kb:9092\]/);
  t.match(e.stdout, /advertise: "\*\*\*"/);
  t.notMatch(e.stdout, /topsecret/);
});

t.test('check lists every problem of a bad file and exits 1', async (t) => {
  const dir = t.testdir({
    'bad.yaml': `clusters:
  k: { protocol: kafka, bootstrap: ["b:9092"] }
listeners:
  - name: a
    cluster: missing
    bind: 127.0.0.1:0
    nodePorts: auto
    colour: red
limits: { idleTimeout: forever }
`,
  });
  const file = join(dir, 'bad.yaml');
  const r = cli(['check', '-c', file]);
  t.equal(r.status, 1);
  t.equal(r.stdout, '');
  t.match(r.stderr, /configuration file is invalid: 2 problems/);
  t.match(r.stderr, `${file}:8: listeners[0].colour: unknown key "colour"`);
  t.match(r.stderr, `${file}:9: limits.idleTimeout: "forever" is not a duration`);
  const missingEnv = cli(['check', '-c', file.replace('bad', 'nothere')]);
  t.equal(missingEnv.status, 1);
  t.match(missingEnv.stderr, /cannot read the config file \(ENOENT\)/);
});

t.test('usage errors exit 2; help exits 0', async (t) => {
  const r = cli(['check', '--config-file', 'x']);
  t.equal(r.status, 2);
  t.match(r.stderr, /Unknown option '--config-file'/);
  const h = cli(['--help']);
  t.equal(h.status, 0);
  t.match(h.stdout, /Usage: streamward <command>/);
});
