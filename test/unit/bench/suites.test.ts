import t from 'tap';
import { selectedSuites } from '../../../bench/common/suites.js';

t.test('BENCH_ONLY picks suites in run order; empty means all', async (t) => {
  t.same(selectedSuites(undefined), ['kafka', 'acl', 'fluss', 'http', 'scaling', 'many']);
  t.same(selectedSuites(''), ['kafka', 'acl', 'fluss', 'http', 'scaling', 'many']);
  t.same(selectedSuites('many,kafka'), ['kafka', 'many']);
  t.same(selectedSuites('http, FLUSS'), ['fluss', 'http']);
  t.same(selectedSuites('acl'), ['acl']);
  t.same(selectedSuites('Scaling'), ['scaling']);
  t.throws(() => selectedSuites('kafka,flus'), /unknown suite flus/);
});
