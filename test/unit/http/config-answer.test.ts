// Classification and filtering of configuration answers (src/http/config-answer.ts).
import t from 'tap';
import { ConfigAnswerFilter, REDACTED, isSecretKey, namesHost } from '../../../src/http/config-answer.js';
import { AddressRewriter } from '../../../src/http/headers.js';

t.test('credential-bearing keys (a superset of Flink GlobalConfiguration sensitive keys)', async (t) => {
  for (const k of [
    'security.ssl.rest.keystore-password',
    'security.ssl.internal.key-password',
    's3.access-key',
    's3.secret-key',
    'fs.s3a.access.key',
    'fs.azure.account.key.acct.blob.core.windows.net',
    'metrics.reporter.dd.apikey',
    'kubernetes.token',
    'sasl.jaas.config',
    'auth-params',
    'db.PASSWORD',
  ]) {
    t.ok(isSecretKey(k), k);
  }
  for (const k of ['rest.port', 'taskmanager.numberOfTaskSlots', 'security.ssl.rest.keystore', 'parallelism.default', 'keyBy.parallelism', 'monkey']) {
    t.notOk(isSecretKey(k), k);
  }
});

t.test('host-bearing text', async (t) => {
  for (const v of ['hdfs://namenode:8020/x', 'pekko.tcp://flink@tm:6122/user', 'zk-0:2181,zk-1:2181', 'jdbc:postgresql://db/x', 'tm-1:6121']) t.ok(namesHost(v), v);
  for (const v of ['file:///tmp/x', '/opt/flink/log', 'PIPELINED', '1.20.0', 'http:///path']) t.notOk(namesHost(v), v);
});

t.test('filtering', async (t) => {
  const rewriter = new AddressRewriter('http://jm:8081', 'https://gw.example:8443');
  const f = (mode: 'rewrite' | 'redact' | 'pass') => new ConfigAnswerFilter({ mode, rewriter, backendHost: 'jm', publicAuthority: 'gw.example:8443', publicHost: 'gw.example' });
  t.same(
    f('rewrite').filter([
      { key: 'a.password', value: 'x' },
      { key: 'rest.address', value: 'jm' },
    ]),
    [
      { key: 'a.password', value: REDACTED },
      { key: 'rest.address', value: 'gw.example' },
    ],
    'entry keys stay, values filtered',
  );
  t.equal(f('rewrite').text('see http://jm:8081/x and hdfs://nn:8020/y', 'note'), REDACTED, 'a value naming the backend and another host is redacted');
  t.equal(f('rewrite').text('http://jm:8081/x', 'url'), 'https://gw.example:8443/x');
  t.equal(f('pass').text('-Dtrust.store.password=abc', 'opt'), `-Dtrust.store.password=${REDACTED}`);
  t.equal(f('pass').text('user="u" password="p";', 'login'), REDACTED, 'password= inside any text');
  t.same(f('pass').filter({ 'a.token': { nested: 'x' }, port: 8081, token: 42 }), { 'a.token': REDACTED, port: 8081, token: REDACTED }, 'numbers under secret keys too');
  t.equal(f('redact').text('/opt/flink/log/jm.log', 'web.log.path'), '/opt/flink/log/jm.log', 'a local file path is not a host');
});
