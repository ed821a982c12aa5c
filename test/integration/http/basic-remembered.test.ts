// HTTP Basic on every request (as a browser sends it): the credentials are checked against the
// store once, later requests are answered from the listener's memory of that check. The audit
// log and streamward_authentications_total record the check, not every request; every request
// still gets its own authorization decision and audit event.
import t from 'tap';
import { startFlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue } from '../../helpers/http/gateway.js';
import type { AuditEvent } from '../../../src/adapters/authz.js';
import type { AclEntry } from '../../../src/acl/types.js';

const ACLS: AclEntry[] = [{ principal: 'User:alice', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' }];

t.test('five requests with the same Basic credentials: one authentication recorded, five authorizations', async (t) => {
  const backend = await startFlinkBackend();
  t.teardown(() => backend.close());
  const audit: AuditEvent[] = [];
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: ACLS, audit: { record: (e) => audit.push(e) } } });
  t.teardown(() => gw.stop());
  let checks = 0;
  const verifyPlain = gw.credentials.verifyPlain.bind(gw.credentials);
  gw.credentials.verifyPlain = async (u: string, p: string) => (checks++, verifyPlain(u, p));
  const authorization = `Basic ${Buffer.from('alice:alice-secret').toString('base64')}`;
  for (let i = 0; i < 5; i++) {
    const r = await fetch(`${gw.url}/jobs/overview`, { headers: { authorization } });
    t.equal(r.status, 200);
    await r.arrayBuffer();
  }
  t.equal(checks, 1, 'the store was asked once');
  t.equal(audit.filter((e) => e.kind === 'authentication').length, 1, 'one authentication audit event');
  t.equal(audit.filter((e) => e.kind === 'authorization' && e.decision === 'allow').length, 5, 'an authorization event per request');
  t.equal(await metricValue(gw.metrics, 'streamward_authentications_total', { mechanism: 'basic', outcome: 'success' }), 1);
  const wrong = await fetch(`${gw.url}/jobs/overview`, { headers: { authorization: `Basic ${Buffer.from('alice:wrong').toString('base64')}` } });
  t.equal(wrong.status, 401, 'a different password is checked (and refused), not taken from memory');
  t.equal(audit.filter((e) => e.kind === 'authentication' && e.decision === 'failure').length, 1, 'the failure is audited');
});
