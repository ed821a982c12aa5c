/** ${VAR} substitution on its own: forms, escapes, defaults, and which names count as secret. */
import t from 'tap';
import { isSecretVariable, substituteEnv } from '../../../src/config/env.js';
import { ProblemList } from '../../../src/config/problems.js';

t.test('substitution forms', async (t) => {
  const problems = new ProblemList();
  const { value, envValues } = substituteEnv({ a: 'x-${A}-${A}', b: ['${B:-dflt}', 'plain $ sign', '$${A}'], c: 5, d: { e: '${EMPTY:-fallback}', f: '${EMPTY}' } }, { A: '1', EMPTY: '' }, problems);
  t.same(value, { a: 'x-1-1', b: ['dflt', 'plain $ sign', '${A}'], c: 5, d: { e: 'fallback', f: '' } });
  t.same(
    envValues.map((v) => [v.path, v.variables]),
    [
      [['a'], ['A', 'A']],
      [['b', 0], ['B']],
      [['d', 'e'], ['EMPTY']],
      [['d', 'f'], ['EMPTY']],
    ],
  );
  t.equal(problems.size, 0, 'a set but empty variable is not an error');
});

t.test('unset and malformed references are problems at their field', async (t) => {
  const problems = new ProblemList();
  substituteEnv({ x: { y: '${MISSING}' }, z: ['${1BAD}', 'open ${'] }, {}, problems);
  t.same(
    problems.items.map((p) => [p.path, p.message.split(' (')[0]]),
    [
      [['x', 'y'], 'environment variable MISSING is not set'],
      [['z', 0], 'malformed variable reference "${1BAD}"'],
      [['z', 1], 'malformed variable reference "${"'],
    ],
  );
});

t.test('secret-looking variable names', async (t) => {
  for (const n of ['DB_PASSWORD', 'client_secret', 'API_TOKEN', 'TLS_KEY', 'KEYSTORE']) t.ok(isSecretVariable(n), n);
  for (const n of ['KAFKA_HOST', 'PORT', 'ADVERTISE']) t.notOk(isSecretVariable(n), n);
});
