import t from 'tap';
import { parseConfig } from '../../../src/config/parse.js';
import { formatConfig } from '../../../src/config/print.js';

const base = (listener: string, extra = '') => `
clusters:
  kafka: { protocol: kafka, bootstrap: ["127.0.0.1:9092"] }
  fluss: { protocol: fluss, bootstrap: ["127.0.0.1:9123"] }
listeners:
${listener}
${extra}`;

const krb = (gssapi: string, mechanisms = '[GSSAPI]', cluster = 'kafka') => `  - name: k
    cluster: ${cluster}
    bind: 127.0.0.1:0
    nodePorts: auto
    authentication: [sasl]
    sasl:
      mechanisms: ${mechanisms}
${gssapi}`;

const section = `      gssapi:
        keytab: kafka.keytab
        principal: kafka/gw.example.com@EXAMPLE.COM
        principalToLocalRules: ['RULE:[1:$1@$0](.*@EXAMPLE\\.COM)s/@.*//', DEFAULT]`;

t.test('a GSSAPI-only Kafka listener needs no credentials file; settings normalized and printed back', async (t) => {
  const c = parseConfig(base(krb(section)), '/etc/sw/gw.yaml', { checkFiles: false });
  const l = c.listeners[0]!;
  if (l.mode !== 'gateway') throw new Error('gateway listener expected');
  t.same(l.sasl?.gssapi, {
    keytab: '/etc/sw/kafka.keytab',
    principal: 'kafka/gw.example.com@EXAMPLE.COM',
    principalToLocalRules: ['RULE:[1:$1@$0](.*@EXAMPLE\\.COM)s/@.*//', 'DEFAULT'],
    defaultRealm: 'EXAMPLE.COM',
    python: '/usr/bin/python3',
  });
  const again = parseConfig(formatConfig(c), '/etc/sw/printed.yaml', { checkFiles: false }).listeners[0]!;
  t.same(again.mode === 'gateway' ? again.sasl?.gssapi : null, l.sasl?.gssapi, 'check output round-trips');
});

t.test('GSSAPI config errors name the field', async (t) => {
  const parse = (text: string) => () => parseConfig(text, 'gw.yaml', { checkFiles: false });
  t.throws(parse(base(krb(''))), /sasl\.gssapi.*required when sasl\.mechanisms lists GSSAPI/s, 'GSSAPI without its section');
  t.throws(parse(base(krb(section.replace('DEFAULT]', "'RULE:[1:$1]/l']")))), /principalToLocalRules.*Invalid rule/s, 'a rule Kafka refuses');
  t.throws(parse(base(krb(section.replace('kafka/gw.example.com@EXAMPLE.COM', 'kafka/gw')))), /principal.*full principal/s, 'a principal without realm');
  t.throws(parse(base(krb(section, '[GSSAPI]', 'fluss'))), /GSSAPI is offered on kafka listeners only/);
  t.throws(parse(base(krb(section, '[PLAIN]'))), /sasl\.mechanisms does not list GSSAPI/);
  t.throws(parse(base(krb(section, '[GSSAPI, PLAIN]'))), /needs a credentials file/, 'PLAIN beside GSSAPI still needs the credentials file');
  t.throws(parse(base(krb(section.replace('        keytab: kafka.keytab\n', '')))), /keytab/, 'keytab is required');
});
