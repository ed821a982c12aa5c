// Route matching: each table row is reachable by its own example path (earlier rows do not
// shadow later ones), jobs ids are checked and lower-cased, assets and unknown paths are told apart.
import t from 'tap';
import { FLINK_ROUTES } from '../../../src/http/flink-routes.js';
import { matchRoute, isAsset } from '../../../src/http/route-match.js';

const JOB = '0123456789abcdef0123456789ABCDEF';
const segs = (p: string) => p.split('/').filter(Boolean);

t.test('every row is matched by its own example path', async (t) => {
  const ids = new Set<string>();
  for (const r of FLINK_ROUTES) {
    t.notOk(ids.has(r.id), `unique id ${r.id}`);
    ids.add(r.id);
    const path = r.pattern.replace(/:([a-z]+)/g, (_m, n: string) => (n === 'jobid' ? JOB : `${n}-x`));
    const m = matchRoute(r.method, segs(path), null);
    t.equal(m.kind === 'api' ? m.route.id : m.kind, r.id, `${r.method} ${path}`);
    if (m.kind === 'api') {
      t.equal(m.resourceType, r.resource === 'job' ? 'JOB' : 'CLUSTER');
      t.equal(m.resourceName, r.resource === 'job' ? JOB.toLowerCase() : 'flink-cluster');
      t.equal(m.operation, r.operation);
    }
  }
});

t.test('selected rows', async (t) => {
  const id = (method: string, p: string, v: string | null = null) => {
    const m = matchRoute(method, segs(p), v);
    return m.kind === 'api' ? `${m.route.id} ${m.operation} ${m.resourceType}:${m.resourceName}` : m.kind;
  };
  t.equal(id('PATCH', `/jobs/${JOB}`), `job-cancel ALTER JOB:${JOB.toLowerCase()}`);
  t.equal(id('POST', `/jobs/${JOB}/stop`), `job-stop ALTER JOB:${JOB.toLowerCase()}`);
  t.equal(id('POST', `/jobs/${JOB}/savepoints`), `job-savepoint-trigger WRITE JOB:${JOB.toLowerCase()}`);
  t.equal(id('PATCH', `/jobs/${JOB}/rescaling`), `job-rescale ALTER JOB:${JOB.toLowerCase()}`);
  t.equal(id('POST', '/jars/upload'), 'jar-upload CREATE CLUSTER:flink-cluster');
  t.equal(id('POST', '/jars/abc_job.jar/run'), 'jar-run CREATE CLUSTER:flink-cluster');
  t.equal(id('GET', '/jobmanager/config'), 'jobmanager-config DESCRIBE CLUSTER:flink-cluster');
  t.equal(id('GET', '/jobs/overview'), 'jobs-overview DESCRIBE CLUSTER:flink-cluster', 'a literal before :jobid');
  t.equal(id('GET', `/jobs/${JOB}/checkpoints/config`), `job-checkpoints-config DESCRIBE JOB:${JOB.toLowerCase()}`, 'a literal before :triggerid');
  t.equal(id('HEAD', '/overview'), 'cluster-overview DESCRIBE CLUSTER:flink-cluster');
  t.equal(id('GET', '/overview', 'v1'), 'cluster-overview DESCRIBE CLUSTER:flink-cluster');
  t.equal(id('GET', '/jobs/not-hex/status'), 'unknown', 'a job id is 32 hex digits');
  t.equal(id('GET', `/jobs/${JOB}0/status`), 'unknown');
  t.equal(id('DELETE', '/jobs'), 'unknown');
  t.equal(id('PUT', '/overview'), 'unknown');
  t.equal(id('GET', '/'), 'asset');
  t.equal(id('GET', '/main.js'), 'asset');
  t.equal(id('GET', '/main.js', 'v1'), 'unknown', 'no assets under a version prefix');
});

t.test('assets', async (t) => {
  t.ok(isAsset('GET', segs('/assets/icons/a.svg'), null));
  t.ok(isAsset('HEAD', segs('/libs/x/y.js'), null));
  t.notOk(isAsset('POST', segs('/index.html'), null));
  t.notOk(isAsset('GET', segs('/jobs/x.js'), null), 'never under a REST root');
  t.notOk(isAsset('GET', segs('/jobmanager/log.txt'), null));
  t.notOk(isAsset('GET', segs('/other/x.js'), null), 'only /assets and /libs have subfolders');
  t.notOk(isAsset('GET', segs('/x.exe'), null));
  t.notOk(isAsset('GET', segs('/.env'), null));
  t.notOk(isAsset('GET', segs('/index.php'), null));
});
