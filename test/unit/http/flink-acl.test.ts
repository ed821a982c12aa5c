// Flink resource decisions (CLUSTER flink-cluster, JOB <id>) through the acl engine's 'flink' protocol:
// fixed entry lists, the gateway's AclState (reloads apply to the next request), where the decider comes
// from, and the route authorizer's metrics, audit and shadow mode on top of it.
import t from 'tap';
import pino from 'pino';
import { Writable } from 'node:stream';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { MemoryAclState, type AuditEvent } from '../../../src/adapters/authz.js';
import { flinkDecideFor, flinkDecideFromAcls, flinkDecider, flinkEntryProblem, type FlinkAccessRequest } from '../../../src/http/flink-acl.js';
import { FLINK_CLUSTER_NAME } from '../../../src/http/flink-routes.js';
import { CLUSTER_NAME } from '../../../src/acl/codes.js';
import { RouteAuthorizer } from '../../../src/http/authorize.js';
import { matchRoute } from '../../../src/http/route-match.js';
import { Metrics } from '../../../src/metrics.js';
import type { AclEntry, TaggedAclEntry } from '../../../src/acl/types.js';

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
const J2 = 'ffffffffffffffffffffffffffffffff';
const e = (principal: string, resourceType: string, resourceName: string, operation: string, host = '*'): AclEntry => ({
  principal,
  host,
  resourceType,
  resourceName,
  patternType: 'LITERAL',
  operation,
  permission: 'ALLOW',
});
const tagged = (x: AclEntry): TaggedAclEntry => ({ protocol: 'flink', ...x });

const decide = flinkDecider(
  [
    e('User:ops', 'CLUSTER', 'flink-cluster', 'ALTER'),
    e('User:dev', 'JOB', J1, 'ALTER'),
    e('User:viewer', 'CLUSTER', 'flink-cluster', 'DESCRIBE'),
    e('*:*', 'JOB', J2, 'DESCRIBE'),
    e('User:anyjob', 'JOB', '*', 'READ'),
    e('User:lan', 'CLUSTER', 'flink-cluster', 'ALL', '10.0.0.5'),
  ],
  { superUsers: ['User:root'] },
);
type Op = FlinkAccessRequest['operation'];
const ask = (principal: string, resourceType: 'CLUSTER' | 'JOB', resourceName: string, operation: Op, host = '127.0.0.1'): FlinkAccessRequest => ({
  principal,
  host,
  resourceType,
  resourceName,
  operation,
});
const q = (...args: Parameters<typeof ask>) => decide(ask(...args));

t.test('the route table and the engine name the cluster alike', async (t) => {
  t.equal(FLINK_CLUSTER_NAME, CLUSTER_NAME.flink);
});

t.test('decisions over a fixed list', async (t) => {
  t.match(q('User:ops', 'JOB', J1, 'ALTER'), { allowed: true, reason: 'acl', entry: { resourceType: 'CLUSTER' } }, 'a cluster grant covers every job');
  t.match(q('User:ops', 'JOB', J1, 'DESCRIBE'), { allowed: true }, 'ALTER implies DESCRIBE');
  t.match(q('User:ops', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: false, reason: 'default-deny' });
  t.match(q('User:dev', 'JOB', J1, 'ALTER'), { allowed: true });
  t.match(q('User:dev', 'JOB', J2, 'ALTER'), { allowed: false }, 'a job grant is for that job only');
  t.match(q('User:dev', 'CLUSTER', 'flink-cluster', 'ALTER'), { allowed: false }, 'a job grant does not reach the cluster');
  t.match(q('User:viewer', 'JOB', J1, 'READ'), { allowed: false }, 'DESCRIBE does not imply READ');
  t.match(q('User:anyone', 'JOB', J2, 'DESCRIBE'), { allowed: true }, '*:* is every principal');
  t.match(q('User:anyjob', 'JOB', J1, 'READ'), { allowed: true }, 'JOB * is every job');
  t.match(q('User:lan', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: false }, 'host must match');
  t.match(q('User:lan', 'CLUSTER', 'flink-cluster', 'CREATE', '10.0.0.5'), { allowed: true });
  t.match(q('User:root', 'CLUSTER', 'flink-cluster', 'CREATE'), { allowed: true, reason: 'super-user' });
  t.match(q('User:nobody', 'CLUSTER', 'flink-cluster', 'DESCRIBE'), { allowed: false, reason: 'default-deny' });
  t.match(flinkDecider([])(ask('User:a', 'JOB', J1, 'READ', '1.2.3.4')), { allowed: false, reason: 'no-acl-default' });
  t.match(decide({ ...ask('User:ops', 'JOB', J1, 'READ'), resourceType: 'TABLE' as 'JOB' }), { allowed: false, reason: 'error' }, 'a bad question is a denial');
  t.match(decide(ask('User:ops', 'JOB', 'not-a-job-id', 'READ')), { allowed: false, reason: 'error', detail: /not a Flink job id/ });
});

t.test('entries that cannot be Flink ACLs', async (t) => {
  t.equal(flinkEntryProblem(e('User:a', 'TABLE', 'db.t', 'READ')), "resourceType 'TABLE' is not one of CLUSTER, JOB (flink)");
  t.match(flinkEntryProblem(e('User:a', 'CLUSTER', 'fluss-cluster', 'READ')), /flink-cluster and \*/);
  t.match(flinkEntryProblem(e('User:a', 'JOB', 'ABC', 'READ')), /32 lower-case hex/);
  t.match(flinkEntryProblem(e('User:a', 'JOB', J1, 'DELETE')), /operation 'DELETE'/);
  t.match(flinkEntryProblem({ ...e('User:a', 'JOB', J1, 'READ'), permission: 'DENY' }), /permission 'DENY' is not one of ALLOW/);
  t.match(flinkEntryProblem({ ...e('User:a', 'JOB', J1, 'READ'), patternType: 'PREFIXED' }), /patternType 'PREFIXED' is not one of LITERAL/);
  t.equal(flinkEntryProblem(e('User:a', 'JOB', '*', 'ALL')), null);
  t.throws(() => flinkDecider([e('User:a', 'JOB', '*', 'ALL'), e('User:a', 'TOPIC', 'x', 'READ')]), { code: 'SW_ERR_CONFIG_INVALID', message: /Flink ACL entry 1: resourceType 'TOPIC'/ });
});

t.test('the gateway ACL state: read per decision, so replacing it applies to the next request', async (t) => {
  const state = new MemoryAclState();
  const d = flinkDecideFromAcls(state, { superUsers: ['User:root'] });
  const req = ask('User:deployer', 'CLUSTER', 'flink-cluster', 'CREATE');
  t.match(d(req), { allowed: false, reason: 'no-acl-default' });
  await state.replace(AclIndex.from([tagged(e('User:deployer', 'CLUSTER', 'flink-cluster', 'CREATE'))]));
  t.match(d(req), { allowed: true, reason: 'acl' });
  await state.replace(AclIndex.from([{ protocol: 'fluss', ...e('User:deployer', 'CLUSTER', 'fluss-cluster', 'ALL') }]));
  t.match(d(req), { allowed: false, reason: 'no-acl-default' }, 'fluss entries never decide Flink requests');
  t.match(d(ask('User:root', 'JOB', J1, 'ALTER')), { allowed: true, reason: 'super-user' });
  const broken = flinkDecideFromAcls({
    current: () => {
      throw new Error('store unavailable');
    },
  });
  t.same(broken(req), { allowed: false, reason: 'error', detail: 'store unavailable' }, 'a failing state is a denial');
});

t.test('flinkDecideFor: override, then a fixed list, then the ACL state, else nothing', async (t) => {
  const state = new MemoryAclState(AclIndex.from([tagged(e('User:a', 'JOB', '*', 'READ'))]));
  const req = ask('User:a', 'JOB', J1, 'READ');
  const override = () => ({ allowed: false, reason: 'default-deny' as const, detail: 'override' });
  t.match(flinkDecideFor({ flinkDecide: override, acls: state }, {})(req), { detail: 'override' });
  t.match(flinkDecideFor({ flinkAcls: [], acls: state })(req), { allowed: false, reason: 'no-acl-default' }, 'an explicit list wins over the state');
  t.match(flinkDecideFor({ acls: state })(req), { allowed: true, reason: 'acl' });
  t.match(flinkDecideFor({ acls: { not: 'a state' } })(req), { allowed: false, reason: 'no-acl-default' }, 'something else under acls is ignored');
  t.match(flinkDecideFor({}, { superUsers: ['User:a'] })(req), { allowed: true, reason: 'super-user' }, 'with nothing, only super users');
});

t.test('the route authorizer on the engine: metrics, audit and shadow mode unchanged', async (t) => {
  const state = new MemoryAclState(AclIndex.from([tagged(e('User:viewer', 'CLUSTER', 'flink-cluster', 'DESCRIBE'))]));
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    }),
  );
  const run = async (enforcement: 'enforce' | 'shadow') => {
    const metrics = new Metrics();
    const audit: AuditEvent[] = [];
    const authorizer = new RouteAuthorizer({
      listener: 'flink-ui',
      enforcement,
      decide: flinkDecideFor({ acls: state }),
      metrics,
      log,
      audit: { allows: 'all', sampleRate: 1 },
      sink: { record: (a) => audit.push(a) },
    });
    const facts = (method: string, path: string) => ({ method, path, remoteAddress: '::ffff:10.0.0.7', requestId: 1 });
    const who = { principal: 'User:viewer', mechanism: 'basic' as const };
    const view = authorizer.authorize(who, matchRoute('GET', ['jobs', J1], null), facts('GET', `/jobs/${J1}`));
    const cancel = authorizer.authorize(who, matchRoute('PATCH', ['jobs', J1], null), facts('PATCH', `/jobs/${J1}`));
    const counts = (await metrics.authorizations.get()).values.map((v) => `${v.labels.api}/${v.labels.outcome}=${v.value}`).sort();
    return { view, cancel, audit, counts };
  };
  const enforced = await run('enforce');
  t.same(enforced.view, { proceed: true, api: 'job' });
  t.equal(enforced.cancel.proceed, false);
  t.match(enforced.cancel.failure, { code: 'SW_ERR_AUTHZ_DENIED', status: 403, message: /User:viewer may not ALTER on JOB 'a5e0edd8e66b53f1b89c2041f91b8fd2'/ });
  t.same(enforced.counts, ['job-cancel/deny=1', 'job/allow=1']);
  t.match(enforced.audit, [
    {
      kind: 'authorization',
      protocol: 'http',
      api: 'job',
      operation: 'DESCRIBE',
      resource: { type: 'JOB', name: J1 },
      decision: 'allow',
      reason: 'acl',
      entry: 'User:viewer * CLUSTER:flink-cluster LITERAL DESCRIBE ALLOW',
    },
    { api: 'job-cancel', operation: 'ALTER', decision: 'deny', reason: 'default-deny' },
  ]);
  t.match(
    lines.find((l) => l.route === 'job-cancel'),
    { audit: 'authz', host: '10.0.0.7', err: 'SW_ERR_AUTHZ_DENIED', msg: 'http request denied' },
    'the client address is compared (and logged) in the form entries are written in',
  );
  lines.length = 0;
  const shadow = await run('shadow');
  t.same(shadow.cancel, { proceed: true, api: 'job-cancel' });
  t.same(shadow.counts, ['job-cancel/shadow-deny=1', 'job/allow=1']);
  t.match(
    lines.find((l) => l.route === 'job-cancel'),
    { outcome: 'shadow-deny', msg: 'http request would be denied (shadow mode)' },
  );
});
