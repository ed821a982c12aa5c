// Attack: a foreign web page makes a browser that is logged in to the Flink web UI through the
// gateway (cached Basic credentials, or a client certificate) upload a jar, run it or submit a
// job: a form POST is a "simple" cross-origin request the browser sends without asking, with
// the credentials attached. The gateway refuses state-changing requests (anything but GET, HEAD,
// OPTIONS) whose Origin - or, without Origin, Referer - is present and not an allowed origin:
// 403 in Flink's error shape, one SW_ERR_HTTP_CROSS_ORIGIN line, nothing forwarded. Requests with
// neither header (curl, the flink CLI) are not browser requests and pass.
// Also: computing a jar's plan runs its main() on the JobManager, so /jars/:id/plan needs the
// same CREATE on the cluster as running it; DESCRIBE (a viewer) is not enough.
import t, { type Test } from 'tap';
import { startFlinkBackend, type FlinkBackend } from '../../testkit/http/flink-backend.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http/gateway.js';
import type { AclEntry } from '../../src/acl/types.js';

const grant = (principal: string, operation: string): AclEntry => ({
  principal,
  host: '*',
  resourceType: 'CLUSTER',
  resourceName: 'flink-cluster',
  patternType: 'LITERAL',
  operation,
  permission: 'ALLOW',
});
const AUTH = { authorization: `Basic ${Buffer.from('deployer:deploy-pw').toString('base64')}` };
const VIEWER = { authorization: `Basic ${Buffer.from('viewer:view-pw').toString('base64')}` };

let backend: FlinkBackend;
t.before(async () => {
  backend = await startFlinkBackend();
});
t.teardown(() => backend.close());

async function gateway(t: Test, extra: { allowedOrigins?: string[] } = {}): Promise<HttpGateway> {
  const gw = await startHttpGateway({
    backendUrl: backend.url,
    users: { deployer: 'deploy-pw', viewer: 'view-pw' },
    ...extra,
    services: { flinkAcls: [grant('User:deployer', 'CREATE'), grant('User:deployer', 'DROP'), grant('User:deployer', 'ALTER'), grant('User:viewer', 'DESCRIBE')] },
  });
  t.teardown(() => gw.stop());
  return gw;
}

async function send(gw: HttpGateway, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const r = await fetch(`${gw.url}${path}`, { method, headers: { ...AUTH, ...headers }, body: method === 'GET' || method === 'HEAD' ? undefined : '{}' });
  return { status: r.status, body: await r.text() };
}

t.test('state-changing requests from a foreign origin are refused before anything is forwarded', async (t) => {
  const gw = await gateway(t);
  const own = `http://127.0.0.1:${gw.port}`;
  const cases: Array<[string, string, Record<string, string>]> = [
    ['POST', '/jars/upload', { origin: 'https://evil.example' }],
    ['POST', '/jars/abc_job.jar/run', { origin: 'https://evil.example' }],
    ['POST', '/jobs', { origin: 'http://127.0.0.1:1' }],
    ['POST', '/jars/abc_job.jar/run', { referer: 'https://evil.example/attack.html' }],
    ['POST', '/jars/abc_job.jar/run', { origin: 'null' }],
    ['DELETE', '/jars/abc_job.jar', { origin: `${own}.evil.example` }],
    ['PATCH', '/jobs/a5e0edd8e66b53f1b89c2041f91b8fd2', { origin: 'https://evil.example', referer: `${own}/` }],
  ];
  for (const [method, path, headers] of cases) {
    const before = backend.requests.length;
    const r = await send(gw, method, path, headers);
    t.equal(r.status, 403, `${method} ${path} ${JSON.stringify(headers)}`);
    t.match(JSON.parse(r.body), { errors: [/origin/i] }, 'Flink error shape');
    t.equal(backend.requests.length, before, 'nothing reached Flink');
  }
  const lines = gw.lines.filter((l) => l.err === 'SW_ERR_HTTP_CROSS_ORIGIN');
  t.equal(lines.length, cases.length, 'one SW_ERR_HTTP_CROSS_ORIGIN line per refusal');
});

t.test('same-origin, header-less and read-only requests pass', async (t) => {
  const gw = await gateway(t);
  const own = `http://127.0.0.1:${gw.port}`;
  t.equal((await send(gw, 'POST', '/jars/abc_job.jar/run', { origin: own })).status, 200, 'the web UI itself (own origin)');
  t.equal((await send(gw, 'POST', '/jars/abc_job.jar/run', { referer: `${own}/#/submit` })).status, 200, 'own Referer without Origin');
  t.equal((await send(gw, 'POST', '/jars/abc_job.jar/run', {})).status, 200, 'neither header: curl, the flink CLI');
  t.equal((await send(gw, 'GET', '/overview', { origin: 'https://evil.example' })).status, 200, 'GET is not state-changing');
});

t.test('allowedOrigins adds the public origin the browser really uses', async (t) => {
  const gw = await gateway(t, { allowedOrigins: ['https://flink.example.com'] });
  t.equal((await send(gw, 'POST', '/jobs', { origin: 'https://flink.example.com' })).status, 200);
  t.equal((await send(gw, 'POST', '/jobs', { origin: 'https://flink.example.com:443' })).status, 200, 'default port written out is the same origin');
  t.equal((await send(gw, 'POST', '/jobs', { origin: 'http://flink.example.com' })).status, 403, 'scheme is part of the origin');
  t.equal((await send(gw, 'POST', '/jobs', { origin: 'https://evil.example' })).status, 403);
});

t.test('planning a jar runs its main(): CREATE on the cluster, not DESCRIBE', async (t) => {
  const gw = await gateway(t);
  for (const method of ['GET', 'POST']) {
    const viewer = await fetch(`${gw.url}/jars/abc_job.jar/plan`, { method, headers: VIEWER, body: method === 'POST' ? '{}' : undefined });
    t.equal(viewer.status, 403, `${method} plan by a viewer (DESCRIBE) is denied`);
    const deployer = await fetch(`${gw.url}/jars/abc_job.jar/plan`, { method, headers: AUTH, body: method === 'POST' ? '{}' : undefined });
    t.equal(deployer.status, 200, `${method} plan by a deployer (CREATE) passes`);
  }
});
