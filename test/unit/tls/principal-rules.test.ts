import t from 'tap';
import { applyKafkaRules, describeKafkaRule, escapeMissingGroupRefs, javaReplacement, parseKafkaRules, splitKafkaRules } from '../../../src/tls/principal-rules.js';
import { GatewayError } from '../../../src/errors.js';

const describe = (rules: string) => `[${parseKafkaRules(rules).map(describeKafkaRule).join(', ')}]`;

t.test('Kafka mapper examples: L and U flags, DEFAULT, first applying rule wins', async (t) => {
  const rules = parseKafkaRules(
    [
      'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L',
      'RULE:^CN=(.*?),OU=(.*?),O=(.*?),L=(.*?),ST=(.*?),C=(.*?)$/$1@$2/L',
      'RULE:^cn=(.*?),ou=(.*?),dc=(.*?),dc=(.*?)$/$1@$2/U',
      'RULE:^.*[Cc][Nn]=([a-zA-Z0-9.]*).*$/$1/U',
      'DEFAULT',
    ].join(', '),
  );
  t.equal(applyKafkaRules(rules, 'CN=Duke,OU=ServiceUsers,O=Org,C=US'), 'duke');
  t.equal(applyKafkaRules(rules, 'CN=Duke,OU=SME,O=mycp,L=Fulton,ST=MD,C=US'), 'duke@sme');
  t.equal(applyKafkaRules(rules, 'cn=duke,ou=sme,dc=mycp,dc=com'), 'DUKE@SME');
  t.equal(applyKafkaRules(rules, 'cN=duke,OU=JavaSoft,O=Sun Microsystems'), 'DUKE');
  t.equal(applyKafkaRules(rules, 'OU=JavaSoft,O=Sun Microsystems,C=US'), 'OU=JavaSoft,O=Sun Microsystems,C=US');
});

t.test('without a flag the case is kept; a rule must match the whole DN', async (t) => {
  const rules = parseKafkaRules('RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/');
  t.equal(applyKafkaRules(rules, 'CN=Duke,OU=ServiceUsers,O=Org'), 'Duke');
  t.equal(applyKafkaRules(parseKafkaRules('RULE:CN=([^,]+)/$1/'), 'CN=alice,O=acme'), null, 'partial match does not apply');
});

t.test('a rule that does not match falls through to the next; none matching gives null', async (t) => {
  const rules = parseKafkaRules(['RULE:^CN=([^,]+),OU=apps,.*$/$1/L', 'RULE:^CN=([^,]+),OU=ops,.*$/ops-$1/']);
  t.equal(applyKafkaRules(rules, 'CN=Alice,OU=apps,O=acme'), 'alice');
  t.equal(applyKafkaRules(rules, 'CN=Bob,OU=ops,O=acme'), 'ops-Bob');
  t.equal(applyKafkaRules(rules, 'CN=Eve,OU=guests,O=acme'), null);
});

t.test('escaped commas inside a DN value and a pattern with \\\\', async (t) => {
  const rules = parseKafkaRules(String.raw`RULE:^CN=((\\, *|\w)+)(,.*|$)/$1/,DEFAULT`);
  t.equal(applyKafkaRules(rules, String.raw`CN=Tkac\, Adam,OU=ITZ,DC=geodis,DC=cz`), String.raw`Tkac\, Adam`);
});

t.test('splitting follows Kafka', async (t) => {
  t.equal(describe(''), '[]');
  t.equal(describe('DEFAULT'), '[DEFAULT]');
  t.equal(describe('RULE://'), '[RULE:/]');
  t.equal(describe('RULE:/.*/'), '[RULE:/.*]', 'pattern "" and replacement ".*"');
  t.equal(describe('RULE:/.*/L'), '[RULE:/.*/L]');
  t.equal(describe('RULE://,DEFAULT'), '[RULE:/, DEFAULT]');
  t.equal(describe('  RULE:// ,  DEFAULT  '), '[RULE:/, DEFAULT]');
  t.equal(describe('  RULE:   /     / ,  DEFAULT  '), '[RULE:   /     , DEFAULT]');
  t.equal(describe('  RULE:  /     /U   ,DEFAULT  '), '[RULE:  /     /U, DEFAULT]');
  t.equal(describe('  RULE:([A-Z]*)/$1/U   ,RULE:([a-z]+)/$1/,   DEFAULT  '), '[RULE:([A-Z]*)/$1/U, RULE:([a-z]+)/$1, DEFAULT]');
  t.equal(describe(',   , , ,      , , ,   '), '[]', 'empty rules are ignored');
  t.equal(describe(',,RULE://,,,DEFAULT,,'), '[RULE:/, DEFAULT]');
  t.equal(describe(',  , RULE: /   /    ,,,   DEFAULT, ,   '), '[RULE: /   , DEFAULT]');
  t.equal(describe(String.raw`RULE:\**\/+/*/L,RULE:\/*\**/**/`), String.raw`[RULE:\**\/+/*/L, RULE:\/*\**/**]`);
  t.equal(
    describe(String.raw`RULE:,RULE:,/,RULE:,\//U,RULE:,/RULE:,/,RULE:,RULE:,/L,RULE:,/L,RULE:, DEFAULT, /DEFAULT/,DEFAULT`),
    String.raw`[RULE:,RULE:,/,RULE:,\//U, RULE:,/RULE:,, RULE:,RULE:,/L,RULE:,/L, RULE:, DEFAULT, /DEFAULT, DEFAULT]`,
  );
  // commas inside a RULE do not split; the empty match at the end is an (ignored) empty rule
  t.same(splitKafkaRules('RULE:^CN=(.*?),OU=x.*$/$1/L,DEFAULT'), ['RULE:^CN=(.*?),OU=x.*$/$1/L', 'DEFAULT', '']);
});

t.test('invalid rules are config errors', async (t) => {
  for (const bad of [
    'default',
    'DEFAUL',
    'DEFAULT/L',
    'DEFAULT/U',
    'RULE:CN=(.*?),OU=ServiceUsers.*/$1',
    'rule:^CN=(.*?),OU=ServiceUsers.*$/$1/',
    'RULE:^CN=(.*?),OU=ServiceUsers.*$/$1/L/U',
    'RULE:^CN=(.*?),OU=ServiceUsers.*$/L',
    'RULE:^CN=(.*?),OU=ServiceUsers.*$/U',
    'RULE:^CN=(.*?),OU=ServiceUsers.*$/LU',
    'RULE:^CN=(?<x/$1/', // not a regular expression
    'RULE:^CN=.*$/$1/', // $1 without any group: Kafka would fail every login with this rule
  ]) {
    t.throws(() => parseKafkaRules(bad), GatewayError, bad);
  }
  for (const good of ['RULE:^CN=([^,ADEFLTU,]+)(,.*|$)/$1/', 'RULE:^CN=([^,DEFAULT,]+)(,.*|$)/$1/', 'RULE:^cn=(.?),ou=(.?),dc=(.?),dc=(.?)$/$1@$2/U']) {
    t.doesNotThrow(() => parseKafkaRules(good), good);
  }
});

t.test('references to missing groups are literal, digits beyond the group count trail', async (t) => {
  t.equal(applyKafkaRules(parseKafkaRules('RULE:^CN=([^,]+)$/$1@$2/'), 'CN=duke'), 'duke@$2');
  t.equal(applyKafkaRules(parseKafkaRules('RULE:^CN=([^,]+)$/$12/'), 'CN=duke'), 'duke2');
  t.equal(applyKafkaRules(parseKafkaRules('RULE:^CN=([^,]+)$/x\\$1/'), 'CN=duke'), 'x$1', 'backslash escapes $');
  t.equal(escapeMissingGroupRefs('$1@$4', 3), '$1@\\$4');
  t.equal(escapeMissingGroupRefs('$4', 0), '$4', 'no groups: left alone');
  t.equal(javaReplacement('<$0>', ['whole']), '<whole>');
  t.throws(() => javaReplacement('$', ['x']));
});

t.test('named groups and empty matches behave like Java replaceAll', async (t) => {
  t.equal(applyKafkaRules(parseKafkaRules('RULE:^CN=(?<n>[^,]+),.*$/${n}/U'), 'CN=ann,O=x'), 'ANN');
  // (.*) matches the whole DN and then the empty end: Java's replaceAll gives x<dn>x
  t.equal(applyKafkaRules(parseKafkaRules('RULE:(.*)/x$1/'), 'abc'), 'xabcx');
});
