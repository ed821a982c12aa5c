// The quota document (what AlterClientQuotas persists): strict parsing (unknown keys, bad
// values, a repeated entity, more entities than allowed, aliases) and a format that parses back.
import t from 'tap';
import { formatQuotaDocument, parseQuotaDocument, type QuotaOverride } from '../../../src/quota/document.js';

t.test('format then parse gives the same overrides; empty texts hold none', async (t) => {
  const overrides: QuotaOverride[] = [
    { user: 'alice', values: { producerByteRate: 1048576, consumerByteRate: null } },
    { clientId: '<default>', values: { requestPercentage: 12.5 } },
    { user: '123', clientId: 'true', values: { consumerByteRate: 5 } },
  ];
  const text = formatQuotaDocument(overrides);
  t.match(text, /^# written by streamward/);
  t.same(parseQuotaDocument(text, 'x', 10), overrides, 'names that look like numbers or booleans stay strings');
  t.same(parseQuotaDocument(null, 'x', 10), []);
  t.same(parseQuotaDocument('  \n', 'x', 10), []);
  t.same(parseQuotaDocument('version: 1\nquotas: []\n', 'x', 10), []);
});

t.test('anything else than a valid document is refused (SW_ERR_RELOAD_FAILED)', async (t) => {
  const bad: Array<[string, RegExp]> = [
    ['- a\n', /must be a mapping/],
    ['version: 2\n', /unsupported version 2/],
    ['quota: []\n', /unknown key 'quota'/],
    ['quotas: {}\n', /`quotas` must be a list/],
    ['quotas: [5]\n', /quotas\[0\] must be a mapping/],
    ['quotas: [{producerByteRate: 5}]\n', /names neither user nor clientId/],
    ['quotas: [{user: "", producerByteRate: 5}]\n', /user must be a non-empty string/],
    ['quotas: [{user: a, producerByteRate: 0}]\n', /must be a positive number or null/],
    ['quotas: [{user: a, producerByteRate: .nan}]\n', /must be a positive number or null/],
    ['quotas: [{user: a, producerByteRate: "5"}]\n', /must be a positive number or null/],
    ['quotas: [{user: a, ip: x}]\n', /unknown key 'ip'/],
    ['quotas: [{user: a, producerByteRate: 1}, {user: a, consumerByteRate: 1}]\n', /quotas\[1\] repeats an entity/],
    ['quotas: [{user: a, producerByteRate: 1}, {user: b, producerByteRate: 1}, {user: c, producerByteRate: 1}]\n', /3 entities, more than the 2 allowed/],
    ['x: &a [1]\ny: *a\n', /alias|unknown key/i],
    ['quotas: [\n', /./],
  ];
  for (const [text, message] of bad) {
    t.throws(() => parseQuotaDocument(text, 'doc', 2), { code: 'SW_ERR_RELOAD_FAILED', message }, JSON.stringify(text));
  }
});
