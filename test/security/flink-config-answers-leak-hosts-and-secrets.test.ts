// Attack: any principal with DESCRIBE on the Flink cluster reads /jobmanager/config,
// /jobmanager/environment, /taskmanagers (or READ on a job: /jobs/:id/config) and learns the
// internal host names the gateway exists to hide (JobManager, TaskManagers, ZooKeeper, HDFS,
// databases) and, worse, the credentials in Flink's configuration (SSL key store passwords, S3
// and Azure keys, API keys, tokens, JAAS configs with passwords).
// The gateway filters these JSON answers: credential-bearing values are always replaced by
// "******"; host-bearing values are rewritten to the listener's public address where they name
// the backend, redacted otherwise (configValues: rewrite, the default), always redacted
// (redact), or passed (pass). The answer is buffered for this up to a bound; over it the answer
// is withheld (502), while routes that are not filtered stream through untouched.
import t, { type Test } from 'tap';
import { startFlinkBackend, JOB_ID, type FlinkBackend } from '../../testkit/http/flink-backend.js';
import { startHttpGateway, type HttpGateway } from '../helpers/http/gateway.js';

const SECRETS = [
  'keystore-secret',
  'internal-key-secret',
  'AKIAEXAMPLEACCESSKEY',
  's3-secret-value',
  'azure-account-secret',
  'datadog-api-secret',
  'k8s-token-secret',
  'jvm-store-secret',
  'user-db-secret',
  'jaas-secret',
];
const INTERNAL_HOSTS = ['flink-jobmanager.internal', 'zk-0.internal', 'zk-1.internal', 'namenode.internal', 'orders-db.internal', 'tm-host-1.internal'];
const ROUTES = ['/jobmanager/config', `/jobs/${JOB_ID}/jobmanager/config`, '/jobmanager/environment', `/jobs/${JOB_ID}/jobmanager/environment`, '/taskmanagers', `/jobs/${JOB_ID}/config`, '/jars'];

let backend: FlinkBackend;
t.before(async () => {
  backend = await startFlinkBackend();
});
t.teardown(() => backend.close());

async function gateway(t: Test, configValues?: 'rewrite' | 'redact' | 'pass'): Promise<HttpGateway> {
  const gw = await startHttpGateway({
    backendUrl: backend.url,
    authentication: ['none'],
    superUsers: ['User:ANONYMOUS'],
    advertise: 'flink.example.com',
    configValues,
    limits: { maxFilteredResponseBytes: 64 * 1024 },
  });
  t.teardown(() => gw.stop());
  return gw;
}

async function get(gw: HttpGateway, path: string): Promise<{ status: number; text: string; json: unknown }> {
  const r = await fetch(`${gw.url}${path}`);
  const text = await r.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, text, json };
}

const configValue = (json: unknown, key: string) => (json as Array<{ key: string; value: string }>).find((e) => e.key === key)?.value;

for (const mode of ['rewrite', 'redact', 'pass'] as const) {
  t.test(`configValues: ${mode} - credentials never pass`, async (t) => {
    const gw = await gateway(t, mode === 'rewrite' ? undefined : mode);
    for (const route of ROUTES) {
      const r = await get(gw, route);
      t.equal(r.status, 200, route);
      for (const s of SECRETS) t.notOk(r.text.includes(s), `${route}: ${s} is not in the answer`);
    }
    const cfg = (await get(gw, '/jobmanager/config')).json;
    for (const k of ['security.ssl.rest.keystore-password', 's3.access-key', 's3.secret-key', 'kubernetes.token', 'metrics.reporter.dd.apikey']) {
      t.equal(configValue(cfg, k), '******', `${k} redacted`);
    }
    t.equal(configValue(cfg, 'taskmanager.numberOfTaskSlots'), '4', 'ordinary values kept');
    t.equal(configValue(cfg, 'rest.port'), '8081', 'a bare port is kept');
    const env = (await get(gw, '/jobmanager/environment')).json as { jvm: { options: string[] } };
    t.ok(env.jvm.options.includes('-Djavax.net.ssl.keyStorePassword=******'), 'a -D password in the JVM options is redacted');
    const job = (await get(gw, `/jobs/${JOB_ID}/config`)).json as { 'execution-config': { 'user-config': Record<string, string> } };
    t.equal(job['execution-config']['user-config']['db.password'], '******');
    t.equal(job['execution-config']['user-config'].batch, '100');
  });
}

t.test('configValues: rewrite (default) - backend addresses become the public one, other hosts are redacted', async (t) => {
  const gw = await gateway(t);
  for (const route of ROUTES) {
    const r = await get(gw, route);
    for (const h of [...INTERNAL_HOSTS, `127.0.0.1:${backend.port}`]) t.notOk(r.text.includes(h), `${route}: ${h} is not in the answer`);
  }
  const cfg = (await get(gw, '/jobmanager/config')).json;
  t.equal(configValue(cfg, 'web.log.path'), `http://flink.example.com:${gw.port}/jobmanager/log`, 'backend URL rewritten');
  t.equal(configValue(cfg, 'rest.address'), 'flink.example.com', 'backend host rewritten');
  t.equal(configValue(cfg, 'jobmanager.rpc.address'), '******', 'an internal host the gateway does not front is redacted');
  t.equal(configValue(cfg, 'high-availability.zookeeper.quorum'), '******');
  t.equal(configValue(cfg, 'state.checkpoints.dir'), '******', 'a URL naming an internal host is redacted');
  const env = (await get(gw, '/jobmanager/environment')).json as { jvm: { options: string[] } };
  t.ok(env.jvm.options.includes('-Drest.address=flink.example.com'));
  const tms = (await get(gw, '/taskmanagers')).json as { taskmanagers: Array<{ path: string; dataPort: number }> };
  t.equal(tms.taskmanagers[0].path, '******', 'the TaskManager RPC address is redacted');
  t.equal(tms.taskmanagers[0].dataPort, 6121, 'numbers are kept');
  const jars = (await get(gw, '/jars')).json as { address: string };
  t.equal(jars.address, `http://flink.example.com:${gw.port}`);
});

t.test('configValues: redact - every host-bearing value is hidden', async (t) => {
  const gw = await gateway(t, 'redact');
  const cfg = (await get(gw, '/jobmanager/config')).json;
  t.equal(configValue(cfg, 'web.log.path'), '******');
  t.equal(configValue(cfg, 'rest.address'), '******');
  t.equal(configValue(cfg, 'jobmanager.rpc.address'), '******');
  t.equal(configValue(cfg, 'taskmanager.numberOfTaskSlots'), '4');
});

t.test('configValues: pass - host values as Flink wrote them, secrets still redacted', async (t) => {
  const gw = await gateway(t, 'pass');
  const cfg = (await get(gw, '/jobmanager/config')).json;
  t.equal(configValue(cfg, 'jobmanager.rpc.address'), 'flink-jobmanager.internal');
  t.equal(configValue(cfg, 's3.secret-key'), '******');
});

t.test('the buffered answer is bounded; routes that are not filtered stream untouched', async (t) => {
  const gw = await gateway(t);
  const big = await get(gw, '/jobmanager/config?sw-json-bytes=200000');
  t.equal(big.status, 502, 'an oversized configuration answer is withheld');
  t.match(big.json, { errors: [/too large/] });
  t.ok(
    gw.lines.some((l) => l.err === 'SW_ERR_HTTP_RESPONSE_TOO_LARGE'),
    'SW_ERR line',
  );
  const stream = await get(gw, '/jobs/overview?sw-json-bytes=200000');
  t.equal(stream.status, 200, 'a route without filtering is streamed whatever its size');
  t.ok(stream.text.length > 200000);
});
