// Config reload: reloadable fields are applied, the rest reported (restart needed); a file that
// does not load (invalid YAML, schema error, unreadable) changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { compareConfigs, configTarget, differences, type ReloadableSettings } from '../../../src/reload/config-reload.js';
import { parseConfig } from '../../../src/config/parse.js';
import { tempDir } from './fixtures.js';

const BASE = `clusters:
  k: { protocol: kafka, bootstrap: [kafka-0:9092] }
listeners:
  - name: edge
    cluster: k
    bind: 127.0.0.1:9093
    nodePorts: auto
  - name: other
    cluster: k
    bind: 127.0.0.1:9193
    nodePorts: auto
    enforcement: shadow
principals: { superUsers: [User:admin] }
log: { level: info }
audit: { allows: sampled, sampleRate: 0.01 }
`;
const parse = (text: string) => parseConfig(text, '/cfg/gw.yaml', { checkFiles: false, env: {} });

t.test('differences names paths, listeners by name', async (t) => {
  t.same(differences({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } }), ['b.c']);
  t.same(differences({ l: [{ name: 'x', p: 1 }] }, { l: [{ name: 'x', p: 2 }] }), ['l[x].p']);
  t.same(differences(1, 1), []);
  t.same(differences({ s: ['a'] }, { s: ['a', 'b'] }), ['s'], 'lists of plain values as a whole');
});

t.test('compareConfigs splits reloadable from fixed changes', async (t) => {
  const running = parse(BASE);
  const next = parse(
    BASE.replace('level: info', 'level: debug')
      .replace('[User:admin]', '[User:admin, User:ops]')
      .replace('allows: sampled', 'allows: all')
      .replace('enforcement: shadow', 'enforcement: enforce')
      .replace('127.0.0.1:9093', '127.0.0.1:9094'),
  );
  const c = compareConfigs(running, next);
  t.same(c.applied.sort(), ['audit.allows', 'enforcement.other', 'logLevel', 'superUsers'], 'reloadable changes');
  t.same(c.ignored, ['listeners[edge].bind.port'], 'a bind change needs a restart');
  t.equal(c.settings.enforcement.other, 'enforce');
  t.equal(c.settings.logLevel, 'debug');
  const same = compareConfigs(running, parse(BASE));
  t.same([same.applied, same.ignored], [[], []], 'same file: nothing');
  const third = '  - name: third\n    cluster: k\n    bind: 127.0.0.1:9293\n    nodePorts: auto\n    enforcement: shadow\nprincipals:';
  const added = compareConfigs(running, parse(BASE.replace('principals:', third)));
  t.same(added.applied, [], "a new listener's enforcement is not applied on its own");
  t.ok(added.ignored.includes('listeners[third]'), 'the new listener is reported');
});

t.test('configTarget: applies valid files, rejects broken ones, keeps the running config', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const file = path.join(dir, 'gw.yaml');
  fs.writeFileSync(file, BASE);
  const running = parseConfig(BASE, file, { env: {} });
  const applied: ReloadableSettings[] = [];
  const warned: string[][] = [];
  const target = configTarget(running, { apply: (s) => void applied.push(s), warnIgnored: (p) => warned.push(p) }, {});
  t.same(target.files, [file]);
  t.same(await target.reload(), { changed: false }, 'unchanged file');
  fs.writeFileSync(file, BASE.replace('level: info', 'level: warn'));
  const r = await target.reload();
  t.equal(r.changed, true);
  t.same(r.detail, { applied: ['logLevel'] });
  t.equal(applied.at(-1)?.logLevel, 'warn');
  t.equal(running.log.level, 'warn', 'the running config follows');
  t.equal(warned.length, 0);

  const broken: Array<[string, () => void, RegExp]> = [
    ['invalid YAML', () => fs.writeFileSync(file, 'listeners: [\n  - name: x\n'), /YAML/],
    ['schema error', () => fs.writeFileSync(file, BASE.replace('level: info', 'level: loud')), /log\.level/],
    ['unreadable', () => fs.rmSync(file), /cannot read the config file \(ENOENT\)/],
  ];
  for (const [name, breakIt, why] of broken) {
    breakIt();
    await t.rejects(target.reload(), why, name);
    t.equal(applied.length, 1, `${name}: nothing applied`);
    t.equal(running.log.level, 'warn', `${name}: running config untouched`);
  }
  fs.writeFileSync(file, BASE.replace('level: info', 'level: warn').replace('9193', '9199'));
  t.same(await target.reload(), { changed: false }, 'only a fixed change');
  t.same(warned, [['listeners[other].bind.port']], 'reported as needing a restart');
});

t.test('configTarget: fields the hooks could not apply are warned about, and not listed as applied when applied nowhere', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const file = path.join(dir, 'gw.yaml');
  fs.writeFileSync(file, BASE);
  const running = parseConfig(BASE, file, { env: {} });
  const notApplied: Array<{ field: string; listeners: string[]; paths: string[] }> = [];
  const target = configTarget(
    running,
    {
      apply: () => [
        { field: 'allowIfNoAcl', listeners: ['fl'], reason: 'Kafka-only' },
        { field: 'audit', listeners: [], reason: 'no audit log' },
        { field: 'superUsers', listeners: ['x'], reason: 'unchanged field' },
      ],
      warnIgnored: () => {},
      warnNotApplied: (n) => void notApplied.push(...n),
    },
    {},
  );
  fs.writeFileSync(file, `${BASE.replace('sampleRate: 0.01', 'sampleRate: 0.5')}acls: { allowIfNoAcl: true }\n`);
  const r = await target.reload();
  t.same(r.detail, { applied: ['allowIfNoAcl'], notApplied: ['audit.sampleRate'] }, 'audit applied nowhere: not called applied');
  t.same(
    notApplied.map((n) => [n.field, n.listeners, n.paths]),
    [
      ['allowIfNoAcl', ['fl'], ['allowIfNoAcl']],
      ['audit', [], ['audit.sampleRate']],
    ],
    'notes only for changed fields',
  );
});
