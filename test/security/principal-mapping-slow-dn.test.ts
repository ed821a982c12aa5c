// Attack: a client certificate whose subject DN is crafted so that a rule from Kafka's own
// documentation backtracks catastrophically while the gateway maps it to a principal. Rule
// patterns are JavaScript (backtracking) regular expressions tried against the WHOLE DN; on the
// documented rule `^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$` a DN that repeats
// ",OU=a,O=a,L=a,ST=a" without a final ",C=" costs time polynomial (about the 5th power) in the
// repetitions: 4 KB took 43 s of CPU, stalling every client of the process. The values come from
// the certificate (an escaped comma `\,` still puts ",OU=" in the text), so one client with a
// valid certificate could do it. Found while investigating the principal-mapping-rules fuzz pass
// that never finished (FUZZING.md), by timing Kafka's documented rules on adversarial DNs.
// The mapping now refuses (no principal, fail closed) a DN longer or with more RDN separators
// than any real subject has, before any rule runs, so every documented rule stays cheap.
import t from 'tap';
import { applyKafkaRules, parseKafkaRules, MAX_DN_CHARS, MAX_DN_COMMAS } from '../../src/tls/principal-rules.js';

// Kafka's documentation (docs/security.html) and SslPrincipalMapperTest rule shapes.
const KAFKA_DOC_RULES = [
  'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/',
  'RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L',
  'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/L',
  'RULE:^cn=(.?),ou=(.?),dc=(.?),dc=(.?)$/$1@$2/U',
  'RULE:^CN=([^,ADEFLTU,]+)(,.*|$)/$1/',
];

function cpuMs(fn: () => void): number {
  const before = process.cpuUsage();
  fn();
  const d = process.cpuUsage(before);
  return (d.user + d.system) / 1000;
}

// Adversarial DN shapes of a given length: repeated separators, no final match, a line break
// (`.` does not match it, so `.*$` has to backtrack), many CN= starts.
const SHAPES: Record<string, (n: number) => string> = {
  'six-group repetition': (n) => 'CN=a' + ',OU=a,O=a,L=a,ST=a'.repeat(Math.ceil(n / 18)),
  'escaped commas in one CN': (n) => 'CN=a' + '\\,OU=a\\,O=a\\,L=a\\,ST=a'.repeat(Math.ceil(n / 22)) + ',O=acme',
  'CN= starts then a line break': (n) => 'CN=a'.repeat(Math.ceil(n / 4)) + '\n',
  'OU=ServiceUsers repetition then a line break': (n) => 'CN=x' + ',OU=ServiceUsers'.repeat(Math.ceil(n / 16)) + '\n',
  'one long value then a line break': (n) => 'CN=' + 'a'.repeat(n) + '\n',
  'commas only': (n) => 'CN=' + ','.repeat(n) + '\n',
};

t.test('documented rules still map the documented DNs', async (t) => {
  const rules = parseKafkaRules([...KAFKA_DOC_RULES.slice(0, 3), 'DEFAULT'].join(','));
  t.equal(applyKafkaRules(rules, 'CN=serviceuser,OU=ServiceUsers,O=Unknown,L=Unknown,ST=Unknown,C=Unknown'), 'serviceuser');
  t.equal(applyKafkaRules(rules, 'CN=adminUser,OU=Admin,O=Unknown,L=Unknown,ST=Unknown,C=Unknown'), 'adminuser@admin');
  // a long but real subject (many RDNs, RFC 5280 upper-bound values) is still mapped
  const longReal = ['CN=' + 'c'.repeat(64), 'OU=' + 'u'.repeat(64), 'OU=ops', 'O=' + 'o'.repeat(64), 'L=' + 'l'.repeat(128), 'ST=' + 's'.repeat(128), 'C=US', 'DC=example', 'DC=com'].join(',');
  t.equal(applyKafkaRules(parseKafkaRules('DEFAULT'), longReal), longReal);
  t.equal(applyKafkaRules(rules, longReal), `${'c'.repeat(64)}@${'u'.repeat(64)},ou=ops`);
});

t.test('a crafted DN costs every documented rule little CPU, and a huge one gets no principal', async (t) => {
  for (const ruleText of KAFKA_DOC_RULES) {
    const rules = parseKafkaRules(ruleText);
    for (const [name, shape] of Object.entries(SHAPES)) {
      for (const n of [MAX_DN_CHARS - 40, 2048, 16384]) {
        const dn = shape(n);
        let mapped: string | null = 'unset';
        const ms = cpuMs(() => {
          mapped = applyKafkaRules(rules, dn);
        });
        // generous for a loaded machine; before the fix the six-group shape at 2 KB took seconds
        t.ok(ms < 100, `${ruleText} on ${name} (${dn.length} chars): ${ms.toFixed(1)} ms of CPU`);
        if (dn.length > MAX_DN_CHARS) t.equal(mapped, null, `${name} (${dn.length} chars) refused`);
      }
    }
  }
});

t.test('the bounds apply before DEFAULT too (fail closed)', async (t) => {
  const def = parseKafkaRules('DEFAULT');
  t.equal(applyKafkaRules(def, 'CN=' + 'a'.repeat(MAX_DN_CHARS)), null, 'too long');
  t.equal(applyKafkaRules(def, 'CN=' + 'a'.repeat(MAX_DN_CHARS - 3)), 'CN=' + 'a'.repeat(MAX_DN_CHARS - 3), 'at the length bound');
  t.equal(applyKafkaRules(def, 'CN=a' + ',OU=b'.repeat(MAX_DN_COMMAS + 1)), null, 'too many commas');
  t.equal(applyKafkaRules(def, 'CN=a' + ',OU=b'.repeat(MAX_DN_COMMAS)), 'CN=a' + ',OU=b'.repeat(MAX_DN_COMMAS), 'at the comma bound');
});
