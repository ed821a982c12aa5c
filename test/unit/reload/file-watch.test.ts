// watchFiles: a content change (in place, by atomic replace, or by a Kubernetes `..data` swap)
// calls onChange once per settled change; touching a file without changing it, or changing an
// unrelated file in the same directory, does not.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { watchFiles, fingerprint } from '../../../src/reload/file-watch.js';
import { kubeVolume, replaceFile, tempDir, waitFor } from './fixtures.js';

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
