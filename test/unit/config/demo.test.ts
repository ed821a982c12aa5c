/** The built-in demo config: valid, with the listeners and paths the demo relies on. */
import t from 'tap';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { demoConfig, demoConfigYaml } from '../../../src/config.js';
import { writePki } from '../../../src/tls/certs.js';

t.test('ephemeral ports by default, Kafka only without a Fluss bootstrap', async (t) => {
  const dir = t.testdir({});
  await writePki(dir, {});
  const c = demoConfig({ kafkaBootstrap: '127.0.0.1:19092', certDir: dir });
  t.same(
    c.listeners.map((l) => l.name),
    ['kafka-tls'],
  );
  const l = c.listeners[0]!;
  t.same(l.bind, { host: '127.0.0.1', port: 0 });
  t.same(l.nodePorts, { kind: 'ephemeral' });
  t.equal(l.mode === 'gateway' && l.tls?.cert, join(dir, 'server.pem'));
  t.same(l.mode === 'gateway' && l.authentication, ['sasl', 'mtls']);
  t.same(c.admin.bind, { host: '127.0.0.1', port: 0 });
  t.equal(c.credentials, join(dir, 'users.yaml'));
  t.equal(c.acls.store, join(dir, 'acls.yaml'));
  t.equal(c.meta.source, '<demo>');
});

t.test('with Fluss and a base port', async (t) => {
  const dir = t.testdir({ data: {} });
  await writePki(dir, {});
  const c = demoConfig({
    kafkaBootstrap: ['127.0.0.1:1', '127.0.0.1:2'],
    flussBootstrap: '127.0.0.1:3',
    certDir: dir,
    dataDir: join(dir, 'data'),
    basePort: 30000,
    audit: 'audit.log',
    superUsers: ['User:boss'],
  });
  t.same(
    c.listeners.map((l) => [l.name, l.protocol, l.bind.port, l.nodePorts]),
    [
      ['kafka-tls', 'kafka', 30000, { kind: 'ids', base: 30001, minId: 0, maxId: 8, offsets: { broker: 0, controller: 9 }, overrides: {} }],
      ['fluss-sasl', 'fluss', 30020, { kind: 'ids', base: 30021, minId: 0, maxId: 17, offsets: { coordinator: 0, tablet: 1 }, overrides: {} }],
      ['fluss-mtls', 'fluss', 30040, { kind: 'ids', base: 30041, minId: 0, maxId: 17, offsets: { coordinator: 0, tablet: 1 }, overrides: {} }],
    ],
  );
  t.equal(c.admin.bind.port, 30099);
  t.equal(c.audit.file, join(dir, 'data', 'audit.log'));
  t.same(c.principals.superUsers, ['User:boss']);
  const k = c.clusters.kafka!;
  t.same(k.protocol === 'kafka' && k.bootstrap.map((b) => b.port), [1, 2]);
  t.ok(parseYaml(demoConfigYaml({ kafkaBootstrap: 'x:1', certDir: dir })).listeners, 'yaml text form');
});

t.test('missing certificates are reported like in a user file', async (t) => {
  const dir = t.testdir({});
  t.throws(() => demoConfig({ kafkaBootstrap: 'x:1', certDir: dir }), {
    code: 'SW_ERR_CONFIG_INVALID',
    message: new RegExp(`<demo>:\\d+: listeners\\[0\\]\\.tls\\.cert: file ${join(dir, 'server.pem')} does not exist`),
  });
});
