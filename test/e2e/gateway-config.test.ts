// The whole composition from a config file: startGateway wires authentication (credentials
// file), authorization (ACL file) and the Fluss adapter; a change to the ACL file applies to
// new requests without a restart.
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/parse.js';
import { startGateway } from '../../src/gateway.js';
import { createMemoryLogger } from '../../src/log.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { writeAclFile } from '../../src/acl/store-file.js';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient } from '../../testkit/fluss/client/index.js';
import { Registry } from 'prom-client';
import type { TaggedAclEntry } from '../../src/acl/types.js';

const acl = (principal: string, resourceType: string, resourceName: string, operation: string): TaggedAclEntry => ({
  protocol: 'fluss',
  principal,
  host: '*',
  resourceType,
  resourceName,
  patternType: 'LITERAL',
  operation,
  permission: 'ALLOW',
});

t.test('Fluss listener from a config file enforces the ACL file', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-gw-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cluster = await startFlussCluster({ tabletServers: 2 });
  t.teardown(() => cluster.stop());
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await users.addUser('admin', 'admin-pw', { mechanisms: ['PLAIN'] });
  await users.addUser('marketing', 'mkt-pw', { mechanisms: ['PLAIN'] });
  await writeAclFile(path.join(dir, 'acls.yaml'), [acl('User:marketing', 'DATABASE', 'marketing_db', 'ALL')]);
  const yaml = `
clusters:
  fluss: { protocol: fluss, bootstrap: ["${cluster.bootstrap}"] }
listeners:
  - { name: fluss-sasl, cluster: fluss, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
principals: { superUsers: [User:admin] }
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
`;
  fs.writeFileSync(path.join(dir, 'gateway.yaml'), yaml);
  const config = parseConfig(yaml, path.join(dir, 'gateway.yaml'));
  const { log } = createMemoryLogger('warn');
  const gw = await startGateway(config, { log, registry: new Registry() });
  t.teardown(() => gw.close());
  const bootstrap = `127.0.0.1:${gw.listeners.get('fluss-sasl')!.boundPort}`;

  const admin = await FlussTestClient.connect(bootstrap, { auth: { username: 'admin', password: 'admin-pw', style: 'java' } });
  t.teardown(() => admin.close());
  await admin.admin.createDatabase('marketing_db');
  await admin.admin.createDatabase('finance_db');

  const mkt = await FlussTestClient.connect(bootstrap, { auth: { username: 'marketing', password: 'mkt-pw', style: 'java' } });
  t.teardown(() => mkt.close());
  t.same(await mkt.admin.listDatabases(), ['marketing_db'], 'marketing sees only its database');
  await t.rejects(mkt.admin.createDatabase('other'), { code: 48 }, 'CREATE on the cluster denied');

  await writeAclFile(path.join(dir, 'acls.yaml'), [acl('User:marketing', 'DATABASE', 'marketing_db', 'ALL'), acl('User:marketing', 'DATABASE', 'finance_db', 'DESCRIBE')]);
  let seen: string[] = [];
  for (let i = 0; i < 50 && !seen.includes('finance_db'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    seen = await mkt.admin.listDatabases();
  }
  t.same(seen.sort(), ['finance_db', 'marketing_db'], 'the edited ACL file applies to new requests, no restart');
});

t.test('HTTP listener from a config file: Basic users from the credentials file, Flink ACLs from the ACL file', async (t) => {
  const { startFlinkBackend, JOB_ID } = await import('../../testkit/http/flink-backend.js');
  const { curl } = await import('../helpers/http/curl.js');
  const { testPki } = await import('../helpers/pki.js');
  const pki = await testPki();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-http-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const backend = await startFlinkBackend();
  t.teardown(() => backend.close());
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await users.addUser('ops', 'ops-pw', { mechanisms: ['PLAIN'] });
  await users.addUser('viewer', 'viewer-pw', { mechanisms: ['PLAIN'] });
  const flink = (principal: string, resourceType: string, resourceName: string, operation: string): TaggedAclEntry => ({
    protocol: 'flink',
    principal,
    host: '*',
    resourceType,
    resourceName,
    patternType: 'LITERAL',
    operation,
    permission: 'ALLOW',
  });
  await writeAclFile(path.join(dir, 'acls.yaml'), [flink('User:ops', 'CLUSTER', 'flink-cluster', 'ALL'), flink('User:viewer', 'CLUSTER', 'flink-cluster', 'DESCRIBE')]);
  const yaml = `
clusters:
  flink-rest: { protocol: http, url: "${backend.url}" }
listeners:
  - name: flink-ui
    cluster: flink-rest
    bind: 127.0.0.1:0
    tls: { cert: "${pki.server.cert}", key: "${pki.server.key}" }
    authentication: [basic]
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
`;
  const config = parseConfig(yaml, path.join(dir, 'gateway.yaml'));
  const { log } = createMemoryLogger('warn');
  const gw = await startGateway(config, { log, registry: new Registry() });
  t.teardown(() => gw.close());
  const url = `https://localhost:${gw.http.get('flink-ui')!.port}`;
  const args = ['--cacert', pki.ca];
  const overview = await curl([...args, '-u', 'viewer:viewer-pw', `${url}/overview`]);
  t.equal(overview.status, 200, 'viewer may DESCRIBE the cluster');
  const cancel = await curl([...args, '-u', 'viewer:viewer-pw', '-X', 'PATCH', `${url}/jobs/${JOB_ID}?mode=cancel`]);
  t.equal(cancel.status, 403, 'viewer may not cancel a job');
  t.match(JSON.parse(cancel.body), { errors: [String] }, "Flink's error shape");
  const opsCancel = await curl([...args, '-u', 'ops:ops-pw', '-X', 'PATCH', `${url}/jobs/${JOB_ID}?mode=cancel`]);
  t.equal(opsCancel.status, 202, 'ops (ALL on the cluster) cancels');
  const wrong = await curl([...args, '-u', 'ops:nope', `${url}/overview`]);
  t.equal(wrong.status, 401);
  t.match(wrong.headers['www-authenticate'], /Basic/);
});
