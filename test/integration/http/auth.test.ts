// Authentication on the HTTP listener with a real client (Debian's curl): TLS, mTLS, Basic
// right and wrong, the throttle of failed attempts, principalFrom, plaintext on the TLS port.
import t from 'tap';
import { startFlinkBackend, type FlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue } from '../../helpers/http/gateway.js';
import { curl } from '../../helpers/http/curl.js';
import { testPki } from '../../helpers/pki.js';
import { waitForLine } from '../../helpers/listener.js';
import type { AclEntry } from '../../../src/acl/types.js';
import type { AuditEvent } from '../../../src/adapters/authz.js';
import { createCa, createClientCert } from '../../../src/tls/certs.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const allow = (principal: string): AclEntry => ({ principal, host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' });
const ACLS = [allow('User:alice'), allow('User:bob'), allow('User:svc-orders')];

let backend: FlinkBackend;
t.before(async () => {
  backend = await startFlinkBackend();
});
t.teardown(() => backend.close());

t.test('TLS listener with Basic and optional client certificates', async (t) => {
  const pki = await testPki();
  const audit: AuditEvent[] = [];
  const gw = await startHttpGateway({
    backendUrl: backend.url,
    tls: { clientAuth: 'requested' },
    authentication: ['basic', 'mtls'],
    users: { alice: 'alice-secret' },
    services: { flinkAcls: ACLS, audit: { record: (e) => audit.push(e) } },
  });
  t.teardown(() => gw.stop());
  const tlsArgs = ['--cacert', pki.ca];

  t.test('Basic, right password: 200 from the backend', async (t) => {
    const r = await curl([...tlsArgs, '-u', 'alice:alice-secret', `${gw.url}/overview`]);
    t.equal(r.exit, 0, r.stderr);
    t.equal(r.status, 200);
    t.equal(JSON.parse(r.body)['flink-version'], '1.20.0');
    t.equal(backend.seen('/overview').at(-1)?.headers['x-forwarded-proto'], 'https');
    t.ok(audit.some((e) => e.kind === 'authentication' && e.decision === 'success' && e.principal === 'User:alice' && e.api === 'basic'));
    t.ok(audit.some((e) => e.kind === 'authorization' && e.decision === 'allow' && e.principal === 'User:alice' && e.api === 'cluster-overview'));
    t.equal(await metricValue(gw.metrics, 'streamward_authentications_total', { mechanism: 'basic', outcome: 'success' }), 1);
  });

  t.test('Basic, wrong password: 401 with WWW-Authenticate, nothing forwarded, no secret logged', async (t) => {
    const before = backend.requests.length;
    const r = await curl([...tlsArgs, '-u', 'alice:not-the-password', `${gw.url}/jobs`]);
    t.equal(r.status, 401);
    t.match(r.headers['www-authenticate'], /^Basic realm="streamward flink-ui", charset="UTF-8"$/);
    t.match(JSON.parse(r.body), { errors: [/authentication failed: bad user name or password/] });
    t.equal(backend.requests.length, before);
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.status === 401);
    t.notOk(JSON.stringify(gw.lines).includes('not-the-password'), 'the password is in no log line');
    t.equal(await metricValue(gw.metrics, 'streamward_authentications_total', { mechanism: 'basic', outcome: 'failure' }), 1);
  });

  t.test('unknown user: the same 401', async (t) => {
    const r = await curl([...tlsArgs, '-u', 'mallory:x', `${gw.url}/jobs`]);
    t.equal(r.status, 401);
    t.match(JSON.parse(r.body), { errors: [/bad user name or password/] });
  });

  t.test('no credentials and no certificate: 401 asking for Basic', async (t) => {
    const r = await curl([...tlsArgs, `${gw.url}/jobs`]);
    t.equal(r.status, 401);
    t.match(r.headers['www-authenticate'], /^Basic /);
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REQUIRED');
  });

  t.test('a client certificate alone: the mapped principal', async (t) => {
    const bob = pki.clients.bob;
    const r = await curl([...tlsArgs, '--cert', bob.cert, '--key', bob.key, `${gw.url}/jobs/overview`]);
    t.equal(r.status, 200, r.stderr);
    t.ok(audit.some((e) => e.kind === 'authorization' && e.principal === 'User:bob' && e.api === 'jobs-overview' && e.decision === 'allow'));
    t.equal(await metricValue(gw.metrics, 'streamward_authentications_total', { mechanism: 'mtls', outcome: 'success' }), 1);
  });

  t.test('certificate and password: the password wins by default', async (t) => {
    const bob = pki.clients.bob;
    const r = await curl([...tlsArgs, '--cert', bob.cert, '--key', bob.key, '-u', 'alice:alice-secret', `${gw.url}/jars`]);
    t.equal(r.status, 200);
    t.ok(audit.some((e) => e.kind === 'authorization' && e.principal === 'User:alice' && e.api === 'jars'));
  });

  t.test('plain HTTP on the TLS port: 400 and a log line', async (t) => {
    const r = await curl([`http://127.0.0.1:${gw.port}/jobs`]);
    t.equal(r.status, 400);
    t.match(JSON.parse(r.body), { errors: [/plaintext bytes arrived on a TLS listener/] });
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_PLAIN_ON_TLS_PORT');
  });
});

t.test('mTLS required: no certificate, no connection; a certificate: in', async (t) => {
  const pki = await testPki();
  const gw = await startHttpGateway({ backendUrl: backend.url, tls: { clientAuth: 'required' }, authentication: ['mtls'], services: { flinkAcls: ACLS } });
  t.teardown(() => gw.stop());
  const none = await curl(['--cacert', pki.ca, `${gw.url}/jobs`]);
  t.not(none.exit, 0, 'curl fails without a certificate');
  t.equal(none.status, 0);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT' || l.err === 'SW_ERR_TLS_HANDSHAKE');
  const svc = pki.clients['svc-orders'];
  const ok = await curl(['--cacert', pki.ca, '--cert', svc.cert, '--key', svc.key, `${gw.url}/jobs`]);
  t.equal(ok.status, 200, ok.stderr);
  await waitForLine(gw.lines, (l) => l.audit === 'authz' && l.principal === 'User:svc-orders');
});

t.test('a certificate from another CA is refused, required or requested', async (t) => {
  const pki = await testPki();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-evil-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const forged = createClientCert(createCa({ cn: 'evil CA' }), { cn: 'alice' });
  fs.writeFileSync(path.join(dir, 'c.pem'), forged.cert);
  fs.writeFileSync(path.join(dir, 'c.key'), forged.key);
  for (const clientAuth of ['required', 'requested'] as const) {
    const gw = await startHttpGateway({ backendUrl: backend.url, tls: { clientAuth }, authentication: ['basic', 'mtls'], users: { bob: 'bob-secret' }, services: { flinkAcls: ACLS } });
    const before = backend.requests.length;
    const r = await curl(['--cacert', pki.ca, '--cert', path.join(dir, 'c.pem'), '--key', path.join(dir, 'c.key'), `${gw.url}/jobs`]);
    t.equal(r.status, 0, `${clientAuth}: no HTTP answer to a forged certificate`);
    t.equal(backend.requests.length, before, `${clientAuth}: nothing forwarded`);
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_CLIENT_CERT');
    await gw.stop();
  }
});

t.test('principalFrom must-match: certificate and password naming different users -> 401', async (t) => {
  const pki = await testPki();
  const gw = await startHttpGateway({
    backendUrl: backend.url,
    tls: { clientAuth: 'requested' },
    authentication: ['basic', 'mtls'],
    principalFrom: 'must-match',
    users: { alice: 'alice-secret', bob: 'bob-secret' },
    services: { flinkAcls: ACLS },
  });
  t.teardown(() => gw.stop());
  const bob = pki.clients.bob;
  const mismatch = await curl(['--cacert', pki.ca, '--cert', bob.cert, '--key', bob.key, '-u', 'alice:alice-secret', `${gw.url}/jobs`]);
  t.equal(mismatch.status, 401);
  t.match(JSON.parse(mismatch.body), { errors: [/different principals/] });
  const match = await curl(['--cacert', pki.ca, '--cert', bob.cert, '--key', bob.key, '-u', 'bob:bob-secret', `${gw.url}/jobs`]);
  t.equal(match.status, 200);
});

t.test('failed attempts are throttled as for SASL: delayed, then 429 for the address', async (t) => {
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, failedAuth: { delay: '150ms', maxDelay: '600ms', closeAfter: 3 }, services: { flinkAcls: ACLS } });
  t.teardown(() => gw.stop());
  const first = await curl(['-u', 'alice:wrong', `${gw.url}/jobs`]);
  t.equal(first.status, 401);
  const started = Date.now();
  const second = await curl(['-u', 'alice:wrong', `${gw.url}/jobs`]);
  t.equal(second.status, 401);
  t.ok(Date.now() - started >= 140, `the second attempt waited for the throttle (${Date.now() - started} ms)`);
  await curl(['-u', 'alice:wrong', `${gw.url}/jobs`]);
  const blocked = await curl(['-u', 'alice:alice-secret', `${gw.url}/jobs`]);
  t.equal(blocked.status, 429, 'even the right password is refused once the address is over closeAfter');
  t.ok(Number(blocked.headers['retry-after']) >= 1);
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_THROTTLED' && l.status === 429);
  t.equal(backend.seen('/jobs').filter((r) => r.headers['x-forwarded-host'] === `127.0.0.1:${gw.port}`).length, 0, 'nothing forwarded');
});
