/**
 * Fuzz target: Kafka-style principal mapping rules (src/tls/principal-rules.ts). Rule texts
 * (well-formed RULE:/DEFAULT lists, their mutations, raw text) through the parser, and subject
 * DNs (RFC 2253 text with escapes, multi-valued RDNs, hostile repetition) through typical rule
 * sets, since the DN comes from the client's certificate.
 *
 * A separate series feeds adversarial DNs (repeated separator chunks, a line break or a partial
 * match at the end, lengths around the DN bounds) to every rule shape of Kafka's documentation
 * and SslPrincipalMapperTest: the rules are operator config, the DN is the attacker's.
 *
 * Crash: parsing throws anything but GatewayError; applying rules throws at all or takes over
 * 100 ms on one DN (catastrophic backtracking on attacker-chosen text); DEFAULT not returning
 * the DN unchanged (null for a DN outside the bounds); a known rule mapping a known DN to another
 * name.
 */
import fc from 'fast-check';
import { GatewayError } from '../../src/errors.js';
import { applyKafkaRules, dnWithinRuleBounds, parseKafkaRules, splitKafkaRules, type KafkaRule } from '../../src/tls/principal-rules.js';
import { mutateText, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const RULE_SETS: readonly string[] = [
  'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L,DEFAULT',
  'RULE:^CN=([a-zA-Z0-9.]*).*$/$1/U,DEFAULT',
  'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.-]*).*$/$1/L',
  'RULE:^CN=([^,]+),OU=apps,O=(.*)$/$2-$1/',
  'RULE:^(?<cn>CN=[^,]*).*$/${cn}/,RULE:^UID=(\\w+)\\,.*$/u-$1/L',
  'RULE:^(.*)$/x\\/$1/U',
];
const COMPILED: KafkaRule[][] = RULE_SETS.map((s) => parseKafkaRules(s));
/** Every rule shape of Kafka's docs/security.html and SslPrincipalMapperTest, one rule each. */
const KAFKA_DOC_RULES: KafkaRule[][] = [
  'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/',
  'RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L',
  'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L',
  'RULE:^cn=(.?),ou=(.?),dc=(.?),dc=(.?)$/$1@$2/U',
  'RULE:^CN=([^,ADEFLTU,]+)(,.*|$)/$1/',
  'RULE:^CN=([^,DEFAULT,]+)(,.*|$)/$1/',
].map((s) => parseKafkaRules(s));

const value = fc.oneof(
  fc.constantFrom('alice', 'Alice Smith', 'a\\,b', '\\#x', ' lead', 'trail\\ ', 'ünï', '#04024869', 'a+b', ''),
  fc.string({ maxLength: 16 }),
  fc.string({ maxLength: 4 }).chain((s) => fc.integer({ min: 1, max: 400 }).map((n) => s.repeat(n))),
);
const ava = fc.tuple(fc.constantFrom('CN', 'OU', 'O', 'C', 'L', 'ST', 'DC', 'UID', '1.2.840.113549.1.9.1', 'STREET'), value).map(([k, v]) => `${k}=${v}`);
const dnArb = fc
  .array(
    fc.array(ava, { minLength: 1, maxLength: 2 }).map((a) => a.join('+')),
    { minLength: 1, maxLength: 6 },
  )
  .map((r) => r.join(','));

const chunk = fc.constantFrom(',OU=a', ',OU=a,O=a,L=a,ST=a', '\\,OU=a\\,O=a\\,L=a\\,ST=a', 'CN=a', 'cn=', ',OU=ServiceUsers', ',', 'a', ',C=x', '+OU=a', '\\,');
const adversarialDnArb = fc
  .tuple(
    fc.constantFrom('CN=a', 'CN=', 'cn=a', ''),
    fc.array(fc.tuple(chunk, fc.integer({ min: 1, max: 300 })), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', '\n', '\r', '\u2028', ',C=', ',C=x', ',O=acme'),
  )
  .map(([head, reps, tail]) => head + reps.map(([c, n]) => c.repeat(n)).join('') + tail);

const piece = fc.constantFrom('^', '$', '(.*)', '(.*?)', '([^,]+)', 'CN=', ',', 'OU=', '[a-z]*', '\\,', '\\/', '(?<n>\\w+)', 'x');
const patternArb = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const replArb = fc.array(fc.constantFrom('$1', '$2', '$12', '${n}', 'u-', '\\$', '\\\\', 'x', '$0'), { maxLength: 3 }).map((p) => p.join(''));
const ruleTextArb = fc
  .array(
    fc.oneof(
      fc.constant('DEFAULT'),
      fc.tuple(patternArb, replArb, fc.constantFrom('', 'L', 'U')).map(([p, r, f]) => `RULE:${p}/${r}/${f}`),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((r) => r.join(', '));

/**
 * Parses rule text; applies the rules to a fixed DN only for generated (realistic) rule texts.
 * Mutated and raw texts are operator config that may hold a catastrophic pattern such as
 * `(.*?)*` (found this way: 216 ms on a 31-char DN, and its shrinking kept the first long pass
 * from ever finishing); that is the operator's regex, not attacker input, so it is parsed only.
 */
function checkParse(text: string, apply: boolean): void {
  splitKafkaRules(text);
  const rules = parseKafkaRules(text);
  if (apply) for (const r of rules) applyKafkaRules([r], 'CN=alice,OU=ServiceUsers,O=acme');
}

function checkApply(dn: string): void {
  oracle(applyKafkaRules(parseKafkaRules('DEFAULT'), dn) === (dnWithinRuleBounds(dn) ? dn : null), 'DEFAULT did not return the DN (or null out of bounds)');
  for (const rules of COMPILED) applyKafkaRules(rules, dn);
}

function checkDocRules(dn: string): void {
  for (const rules of KAFKA_DOC_RULES) applyKafkaRules(rules, dn);
}

export const principalRulesTarget = target({
  name: 'principal-mapping-rules',
  crash: 'rule parser: anything but GatewayError; rule application on attacker DNs: any exception or > 100 ms; DEFAULT/known mappings wrong',
  arbitrary: fc.tuple(ruleTextArb, dnArb, variantsArb(10), fc.string({ maxLength: 64 }), adversarialDnArb),
  expected: (e) => e instanceof GatewayError,
  check([rules, dn, variants, raw, adversarial], probe) {
    probe(adversarial, () => checkDocRules(adversarial));
    probe(rules, () => checkParse(rules, true));
    probe(dn, () => checkApply(dn));
    probe('known', () => oracle(applyKafkaRules(COMPILED[0], 'CN=Alice,OU=ServiceUsers,O=acme') === 'alice', 'known rule maps a known DN wrong'));
    for (const muts of variants) {
      const r = mutateText(rules, muts);
      const d = mutateText(dn, muts);
      probe(r, () => checkParse(r, false));
      probe(d, () => checkApply(d));
    }
    probe(raw, () => checkParse(raw, false));
    probe(raw, () => checkApply(raw));
    probe(raw, () => checkDocRules(raw));
    for (const muts of variants.slice(0, 2)) {
      const a = mutateText(adversarial, muts);
      probe(a, () => checkDocRules(a));
    }
  },
});
