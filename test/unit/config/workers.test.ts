// `workers: N | auto`: default 1, auto = the core count Node reports, anything else refused.
import os from 'node:os';
import t from 'tap';
import { MINIMAL, parse, problemsOf } from './fixture.js';

t.test('workers', async (t) => {
  t.equal(parse(MINIMAL).workers, 1, 'default 1');
  t.equal(parse(`${MINIMAL}\nworkers: 3\n`).workers, 3);
  t.equal(parse(`${MINIMAL}\nworkers: auto\n`).workers, os.availableParallelism(), 'auto = cores');
  for (const bad of ['0', '-1', '1.5', 'many', '1000']) t.not(problemsOf(`${MINIMAL}\nworkers: ${bad}\n`).length, 0, `workers: ${bad} refused`);
});
