// CI fuzz smoke: every fuzz target of fuzz/ (see FUZZING.md) for a short fixed number of
// fast-check runs with a fixed seed, so `npm test` notices a decoder that starts crashing on the
// inputs the long runs explore. Each run feeds a valid structure-aware seed and its mutations.
import t from 'tap';
import { runTarget } from '../fuzz/lib/runner.js';
import { TARGETS } from '../fuzz/targets/index.js';

/** Runs per target: the config loader is ~50x slower per run than the codecs. */
const RUNS: Record<string, number> = { 'config-loader': 15, 'kafka-request-bodies': 60, 'principal-certificate-dn-san': 60 };

for (const target of TARGETS) {
  t.test(target.name, async (t) => {
    const r = await runTarget(target, { runs: RUNS[target.name] ?? 150, seed: 424242 });
    t.equal(r.crash, null, r.crash ? `${r.crash.message}\ninput: ${r.crash.input}` : 'no crash');
    t.ok(r.executions >= r.runs, `${r.executions} executions in ${r.runs} runs`);
  });
}
