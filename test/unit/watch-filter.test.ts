import t from 'tap';
import { concernsFiles } from '../../src/watch-filter.js';

t.test('directory events concern the watched file, Kubernetes swaps and unnamed events only', async (t) => {
  const files = ['/etc/sw/acls.yaml', '/etc/sw/users.yaml'];
  t.ok(concernsFiles(files, 'acls.yaml'));
  t.ok(concernsFiles(files, Buffer.from('users.yaml')));
  t.ok(concernsFiles(files, '..data'), 'a ConfigMap/Secret symlink swap');
  t.ok(concernsFiles(files, '..2026_11_23_17_00_00.123'), 'the new timestamped folder');
  t.ok(concernsFiles(files, null), 'no name: could be anything');
  t.notOk(concernsFiles(files, 'audit.log'), 'a neighbour being written');
  t.notOk(concernsFiles(files, '.acls.yaml.tmp-1234'), 'our own temp file before the rename');
});
