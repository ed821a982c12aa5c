// Found by fuzzing (fuzz/targets/config.ts, FUZZING.md): an alias to an anchor that was never
// set (`bind: *a`) made the yaml library throw ReferenceError out of parseConfig, so `streamward
// check`/`run` died with a stack trace instead of naming the file and line. The same path
// carries the library's alias-bomb refusal (maxAliasCount). Both must be a ConfigError.
import t from 'tap';
import { ConfigError } from '../../../src/config.js';
import { problemsOf, parse } from './fixture.js';

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

const UNRESOLVED = `clusters:
  k:
    protocol: kafka
    bootstrap: [kafka-0:9092]
listeners:
  - name: plain
    cluster: k
    bind: *nowhere
    nodePorts: auto
`;

t.test('an unresolved alias is a config problem with its line', async (t) => {
  t.ok(thrownBy(() => parse(UNRESOLVED)) instanceof ConfigError);
  const problems = problemsOf(UNRESOLVED);
  t.equal(problems.length, 1);
  t.match(problems[0], /^\/cfg\/gw\.yaml:8: .*YAML: .*alias/i, 'names the line of the alias');
});

t.test('an alias bomb is refused as a config problem', async (t) => {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 10; i++)
    rows.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  const bomb = `${rows.join('\n')}\nlisteners: []\n`;
  t.ok(thrownBy(() => parse(bomb)) instanceof ConfigError);
  t.match(problemsOf(bomb)[0], /YAML: /);
});
