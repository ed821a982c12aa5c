// Hot reload in a running gateway: the served certificate rotates through a Kubernetes-style
// `..data` swap (new handshakes see the new serial, an open connection stays up); broken
// certificates, mismatched keys, unreadable files and invalid YAML keep the old state, with the
// metric and the log saying why; ACL and config edits apply to new requests; reload() (SIGHUP)
// reports every target and survives being called during a reload.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import t from 'tap';
import { startFlussCluster } from '../../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussResponseError } from '../../../testkit/fluss/client/index.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { createServerCert } from '../../../src/tls/certs.js';
import { kubeVolume, serialOf, testCa } from '../../unit/reload/fixtures.js';
import { sample, startOpsGateway, tempDir, waitFor } from './setup.js';

/** Serial of the certificate a new TLS handshake with the listener presents. */
function servedSerial(port: number, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' }, () => {
      resolve(s.getPeerCertificate().serialNumber);
      s.destroy();
    });
    s.once('error', reject);
  });
}

const ACL_ALICE = 'acls:\n  - {protocol: fluss, principal: "User:alice", resourceType: CLUSTER, operation: CREATE}\n';

t.test('hot reload', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  const ca = testCa();
  const tlsDir = path.join(dir, 'tls');
  fs.mkdirSync(tlsDir);
  const first = createServerCert(ca, { cn: 'localhost' });
  const volume = kubeVolume(tlsDir, { 'tls.crt': first.cert, 'tls.key': first.key });
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 } });
  await users.addUser('alice', 'alice-pw-1', { mechanisms: ['PLAIN'] });
  await users.addUser('bob', 'bob-pw-1', { mechanisms: ['PLAIN'] });
  fs.writeFileSync(path.join(dir, 'acls.yaml'), ACL_ALICE);
  const config = (level: string, superUsers: string) => `
clusters: { fl: { protocol: fluss, bootstrap: ["${cluster.bootstrap}"] } }
listeners:
  - { name: sasl, cluster: fl, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
  - { name: edge, cluster: fl, bind: 127.0.0.1:0, nodePorts: auto, tls: { cert: tls/tls.crt, key: tls/tls.key } }
principals: { superUsers: [${superUsers}] }
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: 127.0.0.1:0 }
log: { level: ${level} }
`;
  const ops = await startOpsGateway(dir, config('debug', ''), { audit: null });
  t.teardown(() => ops.stop());
  const edge = ops.port('edge');
  const failures = async (what: string) => sample(await ops.scrape(), 'streamward_reloads_total', { what, outcome: 'failure' });
  const successes = async (what: string) => sample(await ops.scrape(), 'streamward_reloads_total', { what, outcome: 'success' });

  t.test('certificate rotation by ..data swap', async (t) => {
    t.equal(await servedSerial(edge, ca.cert), serialOf(first.cert));
    const open = await new Promise<tls.TLSSocket>((r) => {
      const s = tls.connect({ host: '127.0.0.1', port: edge, ca: ca.cert, servername: 'localhost' }, () => r(s));
    });
    const second = createServerCert(ca, { cn: 'localhost', days: 60 });
    volume.update({ 'tls.crt': second.cert, 'tls.key': second.key });
    await waitFor(async () => (await servedSerial(edge, ca.cert)) === serialOf(second.cert), 5000, 'new certificate served');
    t.pass('new handshakes get the new certificate');
    t.notOk(open.destroyed, 'the connection made before the rotation is still open');
    open.destroy();
    t.equal(await successes('certificates'), 1);
    const expiry = sample(await ops.scrape(), 'streamward_certificate_expiry_seconds', { listener: 'edge' });
    t.ok(Math.abs(expiry - 60 * 86400) < 600, 'expiry gauge follows the new certificate');
    t.ok(
      ops.lines.some((l) => l.what === 'certificates' && l.serial === serialOf(second.cert)),
      'the log names the new serial',
    );
  });

  t.test('bad certificate reloads keep the old state and say why', async (t) => {
    const good = await servedSerial(edge, ca.cert);
    const other = createServerCert(ca, { cn: 'localhost' });
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['broken certificate', { 'tls.crt': '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n', 'tls.key': other.key }, /not valid PEM/],
      ['key not matching', { 'tls.crt': other.cert, 'tls.key': first.key }, /do not form a usable TLS identity/],
      ['unreadable key', { 'tls.crt': other.cert }, /cannot read private key/],
    ];
    for (const [i, [name, files, why]] of cases.entries()) {
      if (!files['tls.key']) fs.rmSync(path.join(tlsDir, 'tls.key'));
      volume.update(files);
      await waitFor(async () => (await failures('certificates')) === i + 1, 5000, `${name} counted`);
      t.equal(await servedSerial(edge, ca.cert), good, `${name}: the old certificate is still served`);
      const line = ops.lines.filter((l) => l.err === 'SW_ERR_RELOAD_FAILED' && l.what === 'certificates').at(-1);
      t.match(line, { target: 'listener edge', detail: why }, `${name}: logged with the reason`);
      if (!files['tls.key']) fs.symlinkSync(path.join('..data', 'tls.key'), path.join(tlsDir, 'tls.key'));
    }
    volume.update({ 'tls.crt': other.cert, 'tls.key': other.key });
    await waitFor(async () => (await servedSerial(edge, ca.cert)) === serialOf(other.cert), 5000, 'a good file after bad ones');
    t.pass('recovers with the next good file');
  });

  t.test('ACL edits apply to new requests', async (t) => {
    const bob = await FlussTestClient.connect(`127.0.0.1:${ops.port('sasl')}`, { auth: { username: 'bob', password: 'bob-pw-1' }, requestTimeoutMs: 3000 });
    t.teardown(() => bob.close());
    await t.rejects(bob.admin.createDatabase('bob_1'), FlussResponseError, 'denied before');
    fs.writeFileSync(path.join(dir, 'acls.yaml'), `${ACL_ALICE}  - {protocol: fluss, principal: "User:bob", resourceType: CLUSTER, operation: CREATE}\n`);
    await waitFor(
      async () =>
        bob.admin.createDatabase('bob_1').then(
          () => true,
          () => false,
        ),
      5000,
      'bob allowed on the same connection',
    );
    t.pass('the new ACL applies to the next request of an open connection');
    fs.writeFileSync(path.join(dir, 'acls.yaml'), 'acls: [ {protocol: fluss\n');
    await waitFor(async () => (await failures('acls')) >= 1, 5000, 'invalid ACL file counted');
    await bob.admin.createDatabase('bob_2');
    t.pass('an invalid ACL file keeps the previous ACLs');
    fs.writeFileSync(path.join(dir, 'acls.yaml'), ACL_ALICE);
    await waitFor(
      async () =>
        bob.admin.createDatabase('bob_3').then(
          () => false,
          () => true,
        ),
      5000,
      'bob denied again',
    );
  });

  t.test('config file: reloadable fields applied, invalid YAML rejected', async (t) => {
    const bob = await FlussTestClient.connect(`127.0.0.1:${ops.port('sasl')}`, { auth: { username: 'bob', password: 'bob-pw-1' }, requestTimeoutMs: 3000 });
    t.teardown(() => bob.close());
    fs.writeFileSync(ops.configFile, config('info', 'User:bob'));
    await waitFor(async () => (await successes('config')) === 1, 5000, 'config reloaded');
    t.equal(ops.gw.log.level, 'info', 'log level applied');
    await bob.admin.createDatabase('bob_super');
    t.pass('superUsers applied to new requests');
    fs.writeFileSync(ops.configFile, config('info', 'User:bob').replace('listeners:', 'listeners: [\n'));
    await waitFor(async () => (await failures('config')) === 1, 5000, 'invalid YAML counted');
    t.match(ops.lines.filter((l) => l.what === 'config' && l.err === 'SW_ERR_RELOAD_FAILED').at(-1), { detail: /YAML/ });
    await bob.admin.createDatabase('bob_super_2');
    t.equal(ops.gw.config.principals.superUsers[0], 'User:bob', 'the previous config stays in force');
  });

  t.test('reload() (SIGHUP): every target, also during a reload', async (t) => {
    await users.addCredential('alice', 'alice-pw-2');
    const [a, b] = await Promise.all([ops.gw.reload(), ops.gw.reload()]);
    const names = a.map((o) => o.what);
    for (const what of ['certificates', 'credentials', 'acls', 'config']) t.ok(names.includes(what), `${what} reloaded on SIGHUP`);
    t.equal(b.length, a.length, 'a second reload during the first one runs after it');
    const client = await FlussTestClient.connect(`127.0.0.1:${ops.port('sasl')}`, { auth: { username: 'alice', password: 'alice-pw-2' }, requestTimeoutMs: 3000 });
    client.close();
    t.pass('the new credential works');
  });
});
