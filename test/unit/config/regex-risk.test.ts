// Mapping rules that repeat a repeating group (catastrophic backtracking) get a config warning;
// ordinary rules, including Kafka's documented examples, do not.
import t from 'tap';
import { hasNestedQuantifier } from '../../../src/config/regex-risk.js';
import { MINIMAL, parse } from './fixture.js';

t.test('nested repetition is found', async (t) => {
  for (const re of ['(a+)+', '^(.*,)*$', '(x|y*){2,}', '((ab)*c)+', '^CN=((?:[^,]+,?)+)$', '(\\w+\\s?)*$', '(a{2,})*']) {
    t.equal(hasNestedQuantifier(re), true, re);
  }
});

t.test('plain rules are not flagged', async (t) => {
  const kafkaExamples = ['^CN=(.*?),OU=ServiceUsers,O=Unknown,L=Unknown,ST=Unknown,C=Unknown$', '^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$', '^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$'];
  for (const re of [...kafkaExamples, '(a+)', '(ab)?', '(a*)?', '(a+){1}', '[(a+)+]', '\\(a+\\)+', '(a|b)+', 'x+y*']) {
    t.equal(hasNestedQuantifier(re), false, re);
  }
});

t.test('the config check warns about such a mapping rule and accepts it', async (t) => {
  const config = parse(`${MINIMAL}principals:\n  mtls:\n    rules: ["RULE:^CN=((?:[^,]+,?)+)$/$1/", DEFAULT]\n`);
  t.match(config.meta.warnings.join('\n'), /principals\.mtls\.rules\[0\].*repeats a group that itself repeats/);
  const fine = parse(`${MINIMAL}principals:\n  mtls:\n    rules: ["RULE:^CN=([^,]+).*$/$1/", DEFAULT]\n`);
  t.notMatch(fine.meta.warnings.join('\n'), /repeats a group/);
});
