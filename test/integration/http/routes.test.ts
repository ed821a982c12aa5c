// Route matrix: every route of the Flink route table, each with principals that hold exactly the
// grant it needs (allowed) and principals that hold the wrong one (denied with 403 in Flink's
// error shape, never forwarded). Plus web UI assets, unknown routes, super users, shadow mode,
// and the audit lines and metrics every decision leaves.
import t from 'tap';
import { Agent, request } from 'undici';
import { startFlinkBackend, JOB_ID, type FlinkBackend } from '../../../testkit/http/flink-backend.js';
import { startHttpGateway, metricValue, type HttpGateway } from '../../helpers/http/gateway.js';
import { basic } from '../../helpers/http/raw-http.js';
import { FLINK_ROUTES, type FlinkOperation, type FlinkRoute } from '../../../src/http/flink-routes.js';
import type { AclEntry } from '../../../src/acl/types.js';

const OTHER_JOB = 'ffffffffffffffffffffffffffffffff';
const OPS: FlinkOperation[] = ['DESCRIBE', 'READ', 'CREATE', 'ALTER', 'WRITE', 'DROP'];
const grant = (principal: string, resourceType: string, resourceName: string, operation: string): AclEntry => ({
  principal,
  host: '*',
  resourceType,
  resourceName,
  patternType: 'LITERAL',
  operation,
  permission: 'ALLOW',
});

const ACLS: AclEntry[] = OPS.flatMap((op) => [grant(`User:cluster-${op.toLowerCase()}`, 'CLUSTER', 'flink-cluster', op), grant(`User:job-${op.toLowerCase()}`, 'JOB', JOB_ID, op)]);
const USERS = Object.fromEntries(['nobody', 'admin', ...OPS.flatMap((op) => [`cluster-${op.toLowerCase()}`, `job-${op.toLowerCase()}`])].map((u) => [u, `${u}-pw`]));

/** A concrete path for a route pattern. */
function example(route: FlinkRoute, jobId = JOB_ID): string {
  return route.pattern.replace(/:([a-z]+)/g, (_m, name: string) => (name === 'jobid' ? jobId : `${name}-1`));
}

let backend: FlinkBackend;
let gw: HttpGateway;
const agent = new Agent({ connections: 4 });

async function call(user: string | null, method: string, path: string): Promise<{ status: number; body: string }> {
  const hasBody = method === 'POST' || method === 'PUT' || method === 'PATCH';
  const res = await request(`${gw.url}${path}`, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { ...(user ? { authorization: basic(user, USERS[user]) } : {}), ...(hasBody ? { 'content-type': 'application/json' } : {}) },
    body: hasBody ? '{}' : undefined,
  });
  return { status: res.statusCode, body: await res.body.text() };
}

t.before(async () => {
  backend = await startFlinkBackend();
  gw = await startHttpGateway({ backendUrl: backend.url, users: USERS, superUsers: ['User:admin'], services: { flinkAcls: ACLS }, auditAllows: 'all' });
});
t.teardown(async () => {
  await agent.close();
  await gw.stop();
  await backend.close();
});

t.test('every route in the table, allowed and denied', async (t) => {
  t.ok(FLINK_ROUTES.length >= 80, `${FLINK_ROUTES.length} routes`);
  for (const route of FLINK_ROUTES) {
    const op = route.operation.toLowerCase();
    const path = example(route);
    const allowed = route.resource === 'cluster' ? [`cluster-${op}`, 'admin'] : [`cluster-${op}`, `job-${op}`, 'admin'];
    const denied: Array<[string, string]> = [['nobody', path]];
    if (route.operation !== 'DESCRIBE') denied.push(['cluster-describe', path]);
    if (route.resource === 'cluster') denied.push([`job-${op}`, path]);
    else denied.push([`job-${op}`, example(route, OTHER_JOB)]);
    for (const user of allowed) {
      const before = backend.seen(path).length;
      const r = await call(user, route.method, path);
      t.not(r.status, 403, `${route.method} ${route.pattern} as ${user}: allowed (${r.body.slice(0, 100)})`);
      t.not(r.status, 401, `${route.method} ${route.pattern} as ${user}: authenticated`);
      t.equal(backend.seen(path).length, before + 1, `${route.method} ${route.pattern} as ${user}: forwarded`);
    }
    for (const [user, p] of denied) {
      const before = backend.requests.length;
      const r = await call(user, route.method, p);
      t.equal(r.status, 403, `${route.method} ${route.pattern} as ${user}: denied`);
      t.match(JSON.parse(r.body), { errors: [`request denied by ACL: User:${user} may not ${route.operation} on ${route.resource === 'job' ? 'JOB' : 'CLUSTER'}`] });
      t.equal(backend.requests.length, before, `${route.method} ${route.pattern} as ${user}: not forwarded`);
    }
  }
});

t.test('the same routes under the /v1 prefix and with HEAD for GET', async (t) => {
  const r1 = await call('job-alter', 'PATCH', `/v1/jobs/${JOB_ID}?mode=cancel`);
  t.equal(r1.status, 202);
  t.equal(backend.seen(`/v1/jobs/${JOB_ID}`).length, 1);
  t.equal((await call('cluster-describe', 'HEAD', '/v1/jobs/overview')).status, 200);
  t.equal((await call('job-describe', 'HEAD', '/v1/jobs/overview')).status, 403);
});

t.test('a job id is matched however the client spells it', async (t) => {
  t.equal((await call('job-alter', 'POST', `/jobs/${JOB_ID.toUpperCase()}/stop`)).status, 202);
  t.equal((await call('job-alter', 'POST', '/jobs/not-a-job-id/stop')).status, 403, 'a malformed job id matches no route');
});

t.test('web UI assets: any authenticated principal, nobody else', async (t) => {
  for (const p of ['/', '/index.html', '/main.4f2a9c.js', '/styles.css', '/assets/images/flink-logo.svg', '/libs/vs/loader.js', '/favicon.ico']) {
    const before = backend.seen(p).length;
    const r = await call('nobody', 'GET', p);
    t.equal(r.status, 404, `${p}: forwarded (the test backend has no UI files)`);
    t.equal(backend.seen(p).length, before + 1);
    t.equal((await call(null, 'GET', p)).status, 401, `${p}: not without credentials`);
  }
});

t.test('unknown routes are denied to everyone, super users included', async (t) => {
  for (const [method, p] of [
    ['GET', '/jobs/x/y/z'],
    ['DELETE', '/jobs'],
    ['POST', '/overview'],
    ['GET', '/v1/assets/x.js'],
    ['GET', '/internal/secret'],
    ['PUT', '/jars/upload'],
    ['OPTIONS', '/jobs'],
    ['GET', '/jobmanager/x.js'],
  ] as const) {
    const before = backend.requests.length;
    const r = await call('admin', method, p);
    t.equal(r.status, 403, `${method} ${p}`);
    t.match(JSON.parse(r.body), { errors: [/is not an allowed Flink REST route/] });
    t.equal(backend.requests.length, before);
  }
  t.ok(gw.lines.some((l) => l.err === 'SW_ERR_HTTP_UNKNOWN_ROUTE' && l.audit === 'authz' && l.path === '/internal/secret'));
});

t.test('decisions leave audit lines and metrics', async (t) => {
  const allowBefore = await metricValue(gw.metrics, 'streamward_authorization_decisions_total', { protocol: 'http', api: 'job-stop', operation: 'ALTER', resource_type: 'JOB', outcome: 'allow' });
  const denyBefore = await metricValue(gw.metrics, 'streamward_authorization_decisions_total', { protocol: 'http', api: 'job-stop', operation: 'ALTER', resource_type: 'JOB', outcome: 'deny' });
  await call('job-alter', 'POST', `/jobs/${JOB_ID}/stop`);
  await call('job-read', 'POST', `/jobs/${JOB_ID}/stop`);
  t.equal(await metricValue(gw.metrics, 'streamward_authorization_decisions_total', { protocol: 'http', api: 'job-stop', outcome: 'allow' }), allowBefore + 1);
  t.equal(await metricValue(gw.metrics, 'streamward_authorization_decisions_total', { protocol: 'http', api: 'job-stop', outcome: 'deny' }), denyBefore + 1);
  const deny = gw.lines.filter((l) => l.audit === 'authz' && l.principal === 'User:job-read' && l.route === 'job-stop').at(-1);
  t.match(deny, {
    err: 'SW_ERR_AUTHZ_DENIED',
    allowed: false,
    outcome: 'deny',
    operation: 'ALTER',
    resourceType: 'JOB',
    resourceName: JOB_ID,
    method: 'POST',
    path: `/jobs/${JOB_ID}/stop`,
    host: '127.0.0.1',
    reason: 'default-deny',
  });
  const allow = gw.lines.filter((l) => l.audit === 'authz' && l.principal === 'User:job-alter' && l.route === 'job-stop').at(-1);
  t.match(allow, { allowed: true, outcome: 'allow', reason: 'acl' });
});

t.test('shadow mode: a denial is logged and counted, and the request goes through', async (t) => {
  const shadow = await startHttpGateway({ backendUrl: backend.url, users: USERS, enforcement: 'shadow', services: { flinkAcls: ACLS }, auditAllows: 'none' });
  t.teardown(() => shadow.stop());
  const before = backend.seen(`/jobs/${JOB_ID}/savepoints`).length;
  const res = await request(`${shadow.url}/jobs/${JOB_ID}/savepoints`, {
    method: 'POST',
    headers: { authorization: basic('job-read', USERS['job-read']), 'content-type': 'application/json' },
    body: '{}',
  });
  t.equal(res.statusCode, 202);
  await res.body.text();
  t.equal(backend.seen(`/jobs/${JOB_ID}/savepoints`).length, before + 1);
  t.ok(shadow.lines.some((l) => l.audit === 'authz' && l.outcome === 'shadow-deny' && l.err === 'SW_ERR_AUTHZ_DENIED' && l.msg === 'http request would be denied (shadow mode)'));
  t.equal(await metricValue(shadow.metrics, 'streamward_authorization_decisions_total', { api: 'job-savepoint-trigger', outcome: 'shadow-deny' }), 1);
  const ok = await request(`${shadow.url}/jobs/overview`, { headers: { authorization: basic('cluster-describe', USERS['cluster-describe']) } });
  await ok.body.text();
  t.notOk(
    shadow.lines.some((l) => l.audit === 'authz' && l.allowed === true),
    'audit allows: none writes no allow lines',
  );
});
