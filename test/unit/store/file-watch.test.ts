// The one file watcher (src/store/file-watch.ts).
// watchFiles: a content change (in place, by atomic replace, or by a Kubernetes `..data` swap)
// calls onChange once per settled change; touching a file without changing it, or changing an
// unrelated file in the same directory, does not. watchDirectories: checks never overlap, an
// event during a check runs exactly one more, failures go to onError. concernsFiles: which
// directory events can concern a watched file.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { watchFiles, watchDirectories, fingerprint, concernsFiles } from '../../../src/store/file-watch.js';
import { kubeVolume, replaceFile, tempDir, waitFor } from '../reload/fixtures.js';

const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));

t.test('content changes, not events, trigger onChange', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const a = path.join(dir, 'a.pem');
  fs.writeFileSync(a, 'one');
  let calls = 0;
  const w = watchFiles([a], () => calls++, { debounceMs: 30 });
  t.teardown(() => w.close());
  await settle(100);
  fs.writeFileSync(path.join(dir, 'unrelated.txt'), 'x');
  fs.writeFileSync(a, 'one');
  await settle();
  t.equal(calls, 0, 'same content and unrelated files: no call');
  replaceFile(a, 'two');
  await waitFor(() => calls === 1, 3000, 'first change');
  fs.writeFileSync(a, 'three-a');
  fs.writeFileSync(a, 'three-b');
  fs.writeFileSync(a, 'three');
  await waitFor(() => calls >= 2, 3000, 'second change');
  await settle();
  t.equal(calls, 2, 'a burst of writes is one change');
  fs.rmSync(a);
  await waitFor(() => calls === 3, 3000, 'removal is a change');
  fs.writeFileSync(a, 'three');
  await waitFor(() => calls === 4, 3000, 'coming back is a change');
});

t.test('Kubernetes ..data symlink swap is noticed through the symlinked path', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const vol = kubeVolume(dir, { 'tls.crt': 'cert-1', 'tls.key': 'key-1' });
  const files = [path.join(dir, 'tls.crt'), path.join(dir, 'tls.key')];
  t.equal(fs.readFileSync(files[0], 'utf8'), 'cert-1');
  let calls = 0;
  const w = watchFiles(files, () => calls++, { debounceMs: 30 });
  t.teardown(() => w.close());
  await settle(100);
  vol.update({ 'tls.crt': 'cert-2', 'tls.key': 'key-2' });
  await waitFor(() => calls === 1, 3000, 'the swap');
  t.equal(fs.readFileSync(files[0], 'utf8'), 'cert-2', 'the path now reads the new version');
  vol.update({ 'tls.crt': 'cert-2', 'tls.key': 'key-2' });
  await settle();
  t.equal(calls, 1, 'a swap to identical content is no change');
});

t.test('polling finds changes without events; close stops everything', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const a = path.join(dir, 'a');
  fs.writeFileSync(a, '1');
  let calls = 0;
  const w = watchFiles([path.join(dir, 'missing-dir', 'x'), a], () => calls++, { debounceMs: 10, pollMs: 50 });
  await settle(100);
  fs.writeFileSync(a, '2');
  await waitFor(() => calls === 1, 3000);
  w.close();
  fs.writeFileSync(a, '3');
  await settle(300);
  t.equal(calls, 1, 'nothing after close');
  t.match(await fingerprint(path.join(dir, 'nope')), /^missing:ENOENT$/);
});

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

t.test('checks never overlap; events during a check give exactly one more check', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const a = path.join(dir, 'a');
  fs.writeFileSync(a, '0');
  let running = 0;
  let overlapped = false;
  let checks = 0;
  let release: () => void = () => undefined;
  const w = watchDirectories(
    [a],
    async () => {
      checks++;
      running++;
      overlapped ||= running > 1;
      if (checks === 1) await new Promise<void>((r) => (release = r));
      running--;
    },
    { debounceMs: 10 },
  );
  t.teardown(() => w.close());
  await settle(100);
  fs.writeFileSync(a, '1');
  await waitFor(() => checks === 1, 3000, 'first check started');
  for (let i = 2; i < 6; i++) {
    fs.writeFileSync(a, String(i));
    await settle(30);
  }
  t.equal(checks, 1, 'no second check while the first runs');
  release();
  await waitFor(() => checks === 2, 3000, 'one more check after it');
  await settle();
  t.equal(checks, 2, 'the burst during the check is one check');
  t.notOk(overlapped, 'never two at once');
});

t.test('failures go to onError: an unwatchable directory at once, a failing check later', async (t) => {
  const { dir, remove } = tempDir();
  t.teardown(remove);
  const errors: string[] = [];
  const w1 = watchDirectories([path.join(dir, 'no-such-dir', 'x')], () => undefined, { onError: (e) => errors.push(e.message) });
  t.teardown(() => w1.close());
  t.equal(errors.length, 1, 'reported during the call');
  t.match(errors[0], /ENOENT/);
  const a = path.join(dir, 'a');
  fs.writeFileSync(a, '0');
  const w2 = watchDirectories(
    [a],
    () => {
      throw new Error('check broke');
    },
    { debounceMs: 10, onError: (e) => errors.push(e.message) },
  );
  t.teardown(() => w2.close());
  await settle(100);
  fs.writeFileSync(a, '1');
  await waitFor(() => errors.length === 2, 3000, 'check failure');
  t.equal(errors[1], 'check broke');
});
