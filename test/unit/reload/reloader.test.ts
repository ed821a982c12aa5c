// The Reloader: one reload at a time (a SIGHUP during a reload waits for it), each outcome
// counted by what and outcome, failures logged with SW_ERR_RELOAD_FAILED and the reason,
// file changes reload only their own target.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { Reloader, type ReloadTarget } from '../../../src/reload/reloader.js';
import { Metrics } from '../../../src/metrics.js';
import { createMemoryLogger } from '../../../src/log.js';
import { tempDir, waitFor } from './fixtures.js';

const count = async (m: Metrics, what: string, outcome: string) =>
  (await m.registry.getSingleMetric('streamward_reloads_total')!.get()).values.find((v) => v.labels.what === what && v.labels.outcome === outcome)?.value ?? 0;

t.test('reloads never overlap and every outcome is counted and logged', async (t) => {
  const metrics = new Metrics();
  const { log, lines } = createMemoryLogger();
  const r = new Reloader({ metrics, log });
  let running = 0;
  let maxRunning = 0;
  const order: string[] = [];
  const slow = (name: string, result: () => boolean): ReloadTarget => ({
    what: name,
    name: `target ${name}`,
    files: [],
    async reload() {
      running++;
      maxRunning = Math.max(maxRunning, running);
      order.push(`start ${name}`);
      await new Promise((res) => setTimeout(res, 30));
      order.push(`end ${name}`);
      running--;
      return { changed: result() };
    },
  });
  r.add(slow('certificates', () => true));
  r.add(
    slow('config', () => {
      throw new Error('config /x.yaml: YAML: bad indentation');
    }),
  );
  r.add(slow('acls', () => false));
  const first = r.reloadAll();
  const second = r.reloadAll('SIGHUP again');
  const [a, b] = await Promise.all([first, second]);
  t.equal(maxRunning, 1, 'never two at once');
  t.same(order.slice(0, 6), ['start certificates', 'end certificates', 'start config', 'end config', 'start acls', 'end acls']);
  t.same(
    a.map((o) => o.outcome),
    ['success', 'failure', 'unchanged'],
  );
  t.same(
    b.map((o) => o.outcome),
    ['success', 'failure', 'unchanged'],
  );
  t.match(a[1].error, /bad indentation/);
  t.equal(await count(metrics, 'certificates', 'success'), 2);
  t.equal(await count(metrics, 'config', 'failure'), 2);
  t.equal(await count(metrics, 'acls', 'success'), 0, 'unchanged is not counted');
  const failure = lines.find((l) => l.err === 'SW_ERR_RELOAD_FAILED');
  t.match(failure, { what: 'config', target: 'target config', trigger: 'SIGHUP', detail: /bad indentation/ });
  t.match(String(failure?.msg), /previous state stays in force/);
});

t.test('a file change reloads only its own target; close stops watching', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const fa = path.join(dir, 'a.pem');
  const fb = path.join(dir, 'b.pem');
  fs.writeFileSync(fa, 'a1');
  fs.writeFileSync(fb, 'b1');
  const calls: string[] = [];
  const target = (name: string, file: string): ReloadTarget => ({ what: name, name, files: [file], reload: async () => (calls.push(name), { changed: true }) });
  const r = new Reloader({ metrics: new Metrics(), log: createMemoryLogger().log, debounceMs: 20 });
  r.add(target('a', fa));
  r.add(target('b', fb));
  await new Promise((res) => setTimeout(res, 100));
  fs.writeFileSync(fb, 'b2');
  await waitFor(() => calls.length === 1, 3000);
  await new Promise((res) => setTimeout(res, 150));
  t.same(calls, ['b']);
  r.close();
  fs.writeFileSync(fa, 'a2');
  await new Promise((res) => setTimeout(res, 200));
  t.same(calls, ['b'], 'no reload after close');
  t.same(await r.reloadAll(), [], 'queued reloads after close do nothing');
});
