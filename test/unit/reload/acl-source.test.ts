// The swappable ACL file: SIGHUP reload validates the whole file before swapping, keeps the
// state on an invalid file, reports "unchanged" for equal content, and never overtakes a save.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { SwappableAclFile } from '../../../src/reload/acl-source.js';
import { AclIndex } from '../../../src/acl/acl-index.js';
import type { TaggedAclEntry } from '../../../src/acl/types.js';
import { tempDir, waitFor } from './fixtures.js';

const yamlFor = (...names: string[]): string => `acls:\n${names.map((n) => `  - {protocol: kafka, principal: "User:a", resourceType: TOPIC, resourceName: ${n}, operation: READ}\n`).join('')}`;
const entry = (name: string): TaggedAclEntry => ({
  protocol: 'kafka',
  principal: 'User:a',
  host: '*',
  resourceType: 'TOPIC',
  resourceName: name,
  patternType: 'LITERAL',
  operation: 'READ',
  permission: 'ALLOW',
});
const names = (s: SwappableAclFile) =>
  s
    .current()
    .entries('kafka')
    .map((e) => e.resourceName)
    .sort();

t.test('reload on demand', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const file = path.join(dir, 'acls.yaml');
  fs.writeFileSync(file, yamlFor('orders'));
  const reloads: number[] = [];
  const acls = await SwappableAclFile.open(file, { debounceMs: 20, onReload: (i) => reloads.push(i.size()) });
  t.teardown(() => acls.close());
  const target = acls.target();
  t.same([target.what, target.files], ['acls', []], 'the store watches its own file');
  t.same(names(acls), ['orders']);
  t.same(await target.reload(), { changed: false }, 'same content: unchanged');

  fs.writeFileSync(file, 'acls:\n  - {protocol: kafka, principal: nobody}\n');
  await t.rejects(target.reload(), /line 2/, 'invalid file: rejected with where');
  t.same(names(acls), ['orders'], 'previous ACLs stay');

  fs.writeFileSync(file, yamlFor('orders', 'payments'));
  const r = await target.reload();
  t.same(r, { changed: true, detail: { entries: 2 } });
  t.same(names(acls), ['orders', 'payments']);

  fs.writeFileSync(file, yamlFor('refunds'));
  await waitFor(() => names(acls).join() === 'refunds', 3000, 'the swapped-in store watches the file');
  t.ok(reloads.length >= 1, 'its watcher reports through the same callbacks');
});

t.test('a reload waits for a save in progress', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const file = path.join(dir, 'acls.yaml');
  const acls = await SwappableAclFile.open(file, {});
  t.teardown(() => acls.close());
  t.equal(acls.current().size(), 0, 'a missing file is an empty store');
  const saving = acls.replace(AclIndex.from([entry('audit-log')]));
  const reloading = acls.reload();
  await saving;
  t.equal(await reloading, false, 'the reload read the saved file: nothing to swap');
  t.same(names(acls), ['audit-log']);
  t.match(fs.readFileSync(file, 'utf8'), /audit-log/, 'persisted');
});
