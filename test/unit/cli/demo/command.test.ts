// `streamward demo` needs the test kit: without it (the container image, an installed package)
// it says so in one line and exits 2; in a source checkout it finds testkit/ beside src/.
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { makeDemoCommand } from '../../../../src/cli/demo/command.js';
import { DEMO_NEEDS_CHECKOUT, defaultTestkitEntry, loadTestkit, type DemoTestkit } from '../../../../src/cli/demo/testkit.js';
import { memoryIO } from '../io.js';

t.test('without the test kit: one line saying the demo needs a source checkout, exit 2', async (t) => {
  const io = memoryIO();
  const missing = path.join(t.testdir({ dist: {} }), 'dist', 'testkit', 'index.js');
  const code = await makeDemoCommand(missing).run({ values: { 'self-test': true }, positionals: [] }, io);
  t.equal(code, 2);
  t.equal(io.err(), `${DEMO_NEEDS_CHECKOUT}\n`);
  t.equal(io.err().split('\n').length, 2, 'exactly one line');
  t.match(io.err(), /needs a source checkout/);
  t.equal(io.out(), '');
});

t.test('in a source checkout the default location is the testkit/ beside src/', async (t) => {
  t.equal(defaultTestkitEntry(), path.resolve('testkit', 'index.js'));
  const kit = await loadTestkit();
  t.ok(kit, 'found');
  t.type(kit?.startMockCluster, 'function');
  t.type(kit?.startFlussCluster, 'function');
  // compile-time: the real test kit satisfies what the demo expects of it
  const real: DemoTestkit = await import('../../../../testkit/index.js');
  t.ok(real);
});

t.test('the container image does not carry the test kit (the choice the README documents)', async (t) => {
  const dockerfile = fs.readFileSync('Dockerfile', 'utf8');
  t.notMatch(dockerfile, /^COPY\b.*testkit/m);
  t.match(fs.readFileSync('README.md', 'utf8'), /demo needs a source checkout/);
});
