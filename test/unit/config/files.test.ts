/**
 * File checks: TLS certificates and keys must exist, be PEM and belong together; folders for the
 * ACL store and audit file must exist; expired certificates are warned about.
 */
import t from 'tap';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCa, createServerCert, writePki } from '../../../src/tls/certs.js';
import { parse, problemsOf } from './fixture.js';

const withTls = (tls: string, extra = ''): string => `clusters:
  k: { protocol: kafka, bootstrap: ["b:9092"] }
listeners:
  - name: l
    cluster: k
    bind: "127.0.0.1:0"
    nodePorts: auto
    tls: ${tls}
    authentication: [mtls]
${extra}`;

t.test('TLS files', async (t) => {
  const dir = t.testdir({ 'junk.pem': 'not a certificate\n' });
  await writePki(dir, { clients: ['alice'] });
  const file = join(dir, 'gw.yaml');
  const opts = { env: {} };
  const good = parse(withTls('{ cert: server.pem, key: server.key, clientCa: ca.pem }'), opts, file);
  t.equal(good.listeners[0]!.mode === 'gateway' && good.listeners[0]!.tls?.key, join(dir, 'server.key'));

  t.same(problemsOf(withTls('{ cert: nope.pem, key: server.key, clientCa: ca.pem }'), opts, file), [`${file}:8: listeners[0].tls.cert: file ${join(dir, 'nope.pem')} does not exist`]);
  t.same(problemsOf(withTls('{ cert: server.pem, key: client-alice.key, clientCa: junk.pem }'), opts, file), [
    `${file}:8: listeners[0].tls.key: ${join(dir, 'client-alice.key')} is not the private key of ${join(dir, 'server.pem')}`,
    `${file}:8: listeners[0].tls.clientCa: ${join(dir, 'junk.pem')} is not a PEM certificate`,
  ]);
  t.same(problemsOf(withTls('{ cert: server.key, key: server.pem, clientCa: "." }'), opts, file), [
    `${file}:8: listeners[0].tls.cert: ${join(dir, 'server.key')} is not a PEM certificate`,
    `${file}:8: listeners[0].tls.key: ${join(dir, 'server.pem')} is not an unencrypted PEM private key`,
    `${file}:8: listeners[0].tls.clientCa: ${dir} is not a file`,
  ]);
});

t.test('cluster and sidecar client TLS files are checked too', async (t) => {
  const dir = t.testdir({});
  await writePki(dir, { clients: ['app'] });
  const file = join(dir, 'gw.yaml');
  const text = `clusters:
  k: { protocol: kafka, bootstrap: ["b:9092"], tls: { ca: missing-ca.pem } }
listeners:
  - { name: a, cluster: k, bind: ":0", nodePorts: auto }
  - name: s
    mode: client-sidecar
    protocol: kafka
    bind: "127.0.0.1:0"
    nodePorts: auto
    upstream: { address: "edge:9093", tls: { cert: client-app.pem, key: server.key, ca: ca.pem } }
`;
  t.same(problemsOf(text, { env: {} }, file), [
    `${file}:2: clusters.k.tls.ca: file ${join(dir, 'missing-ca.pem')} does not exist`,
    `${file}:10: listeners[1].upstream.tls.key: ${join(dir, 'server.key')} is not the private key of ${join(dir, 'client-app.pem')}`,
  ]);
});

t.test('expired certificates are a warning', async (t) => {
  const dir = t.testdir({});
  const ca = createCa({ cn: 'ca' });
  const old = createServerCert(ca, { cn: 'localhost', notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
  await writeFile(join(dir, 's.pem'), old.cert);
  await writeFile(join(dir, 's.key'), old.key);
  await writeFile(join(dir, 'ca.pem'), ca.cert);
  const c = parse(withTls('{ cert: s.pem, key: s.key, clientCa: ca.pem }'), { env: {} }, join(dir, 'gw.yaml'));
  t.match(c.meta.warnings, [new RegExp(`gw\\.yaml:8: listeners\\[0\\]\\.tls\\.cert: certificate ${join(dir, 's.pem')} expired on `)]);
});

t.test('folders for the ACL store and the audit file must exist', async (t) => {
  const dir = t.testdir({});
  await writePki(dir, {});
  const file = join(dir, 'gw.yaml');
  const extra = 'acls: { store: no/such/acls.yaml }\naudit: { file: nowhere/audit.log }\ncredentials: users.yaml\n';
  t.same(problemsOf(withTls('{ cert: server.pem, key: server.key, clientCa: ca.pem }', extra), { env: {} }, file), [
    `${file}:10: acls.store: folder ${join(dir, 'no/such')} does not exist`,
    `${file}:11: audit.file: folder ${join(dir, 'nowhere')} does not exist`,
  ]);
  const ok = parse(withTls('{ cert: server.pem, key: server.key, clientCa: ca.pem }', 'acls: { store: acls.yaml }\ncredentials: users.yaml\n'), { env: {} }, file);
  t.equal(ok.acls.store, join(dir, 'acls.yaml'), 'a store file that does not exist yet is fine');
  t.match(ok.meta.warnings.join('\n'), /credentials: .*users\.yaml does not exist yet/);
});

t.test('checkFiles: false skips all of it', async (t) => {
  const c = parse(withTls('{ cert: /nope/a.pem, key: /nope/a.key, clientCa: /nope/ca.pem }', 'audit: { file: /nope/x/audit.log }\n'));
  t.equal(c.audit.file, '/nope/x/audit.log');
});
