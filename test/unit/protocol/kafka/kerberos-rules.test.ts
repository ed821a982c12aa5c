// Kafka's sasl.kerberos.principal.to.local.rules, checked against the cases of Kafka's own
// KerberosNameTest (clients/src/test/java/org/apache/kafka/common/security/kerberos) and the
// example in Kafka's security documentation (docs/security.html, "Customizing SASL User Name").
import t from 'tap';
import { KerberosShortNamer, parseKerberosName } from '../../../../src/protocol/kafka/kerberos-rules.js';

t.test('KerberosName.parse', async (t) => {
  t.same(parseKerberosName('App.service-name/example.com@REALM.COM'), { service: 'App.service-name', host: 'example.com', realm: 'REALM.COM' });
  t.same(parseKerberosName('App.service-name@REALM.COM'), { service: 'App.service-name', host: null, realm: 'REALM.COM' });
  t.same(parseKerberosName('simple'), { service: 'simple', host: null, realm: null });
  t.throws(() => parseKerberosName('a/b/c@REALM'), /Malformed Kerberos name/);
  t.throws(() => parseKerberosName('a@b@c'), /Malformed Kerberos name/);
});

t.test('Kafka testParse: App. prefix stripped for one and two components, DEFAULT otherwise', async (t) => {
  const n = new KerberosShortNamer('REALM.COM', ['RULE:[1:$1](App\\..*)s/App\\.(.*)/$1/g', 'RULE:[2:$1](App\\..*)s/App\\.(.*)/$1/g', 'DEFAULT']);
  t.equal(n.shortName('App.service-name/example.com@REALM.COM'), 'service-name');
  t.equal(n.shortName('App.service-name@REALM.COM'), 'service-name');
  t.equal(n.shortName('user/host@REALM.COM'), 'user');
});

t.test('Kafka testToLowerCase and testToUpperCase', async (t) => {
  const rules = (c: string) => [
    `RULE:[1:$1]/${c}`,
    `RULE:[2:$1](Test.*)s/ABC///${c}`,
    `RULE:[2:$1](ABC.*)s/ABC/XYZ/g/${c}`,
    `RULE:[2:$1](App\\..*)s/App\\.(.*)/$1/g/${c}`,
    `RULE:[2:$1]/${c}`,
    'DEFAULT',
  ];
  const lower = new KerberosShortNamer('REALM.COM', rules('L'));
  const upper = new KerberosShortNamer('REALM.COM', rules('U'));
  const cases: Array<[string, string]> = [
    ['User@REALM.COM', 'user'],
    ['TestABC/host@FOO.COM', 'test'],
    ['ABC_User_ABC/host@FOO.COM', 'xyz_user_xyz'],
    ['App.SERVICE-name/example.com@REALM.COM', 'service-name'],
    ['User/root@REALM.COM', 'user'],
  ];
  for (const [name, expected] of cases) {
    t.equal(lower.shortName(name), expected, `${name} /L`);
    t.equal(upper.shortName(name), expected.toUpperCase(), `${name} /U`);
  }
});

t.test('Kafka testInvalidRules are refused at load', async (t) => {
  for (const rule of [
    'default',
    'DEFAUL',
    'DEFAULT/L',
    'DEFAULT/g',
    'rule:[1:$1]',
    'rule:[1:$1]/L/U',
    'rule:[1:$1]/U/L',
    'rule:[1:$1]/LU',
    'RULE:[1:$1/L',
    'RULE:[1:$1]/l',
    'RULE:[2:$1](ABC.*)s/ABC/XYZ/L/g',
  ]) {
    t.throws(() => new KerberosShortNamer('REALM.COM', [rule]), /Invalid rule/, rule);
  }
  t.throws(() => new KerberosShortNamer('R', ['RULE:[1:$1]s/(a)/$2/']), /no group 2/, 'replacement names a group the pattern lacks');
});

t.test('the documented example: user@MYDOMAIN.COM becomes user, DEFAULT still applies', async (t) => {
  const n = new KerberosShortNamer('EXAMPLE.COM', ['RULE:[1:$1@$0](.*@MYDOMAIN.COM)s/@.*//', 'DEFAULT']);
  t.equal(n.shortName('alice@MYDOMAIN.COM'), 'alice');
  t.equal(n.shortName('bob@EXAMPLE.COM'), 'bob', 'DEFAULT: first component in the default realm');
  t.equal(n.shortName('kafka/host1@EXAMPLE.COM'), 'kafka', 'DEFAULT drops the host');
  t.throws(() => n.shortName('eve@OTHER.ORG'), /No rules apply to eve@OTHER.ORG/, 'a foreign realm maps to nothing');
});

t.test('results with / or @ are refused (Kafka: Non-simple name)', async (t) => {
  const n = new KerberosShortNamer('R', ['RULE:[2:$1/$2]']);
  t.throws(() => n.shortName('svc/host@R'), /Non-simple name svc\/host/);
});

t.test('format $n out of range and a bare $ fail the rule (Kafka: BadFormatString)', async (t) => {
  t.throws(() => new KerberosShortNamer('R', ['RULE:[1:$2]']).shortName('a@R'), /outside of the valid range 0 to 1/);
  t.throws(() => new KerberosShortNamer('R', ['RULE:[1:$x]']).shortName('a@R'), /bad format/);
});

t.test('match must cover the whole formatted name; s/// replaces the first match unless g', async (t) => {
  t.throws(() => new KerberosShortNamer('R', ['RULE:[1:$1](ali)']).shortName('alice@R'), /No rules apply/, 'partial match does not apply');
  t.equal(new KerberosShortNamer('R', ['RULE:[1:$1]s/a/x/']).shortName('banana@R'), 'bxnana');
  t.equal(new KerberosShortNamer('R', ['RULE:[1:$1]s/a/x/g']).shortName('banana@R'), 'bxnxnx');
  t.equal(new KerberosShortNamer('R', ['RULE:[1:$1]s/(b)(a)/$2\\$$1/']).shortName('ban@R'), 'a$bn', 'Java replacement: \\$ is a literal $');
  t.throws(() => new KerberosShortNamer('R', ['RULE:[1:$1]s/a/$$/']), /illegal group reference/, 'Java refuses $ without a group number');
});

t.test('a simple name without realm is returned as is; no rules means DEFAULT', async (t) => {
  t.equal(new KerberosShortNamer('R', []).shortName('plain'), 'plain');
  t.equal(new KerberosShortNamer('R', []).shortName('alice@R'), 'alice');
});
