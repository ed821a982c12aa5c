// RouteAuthorizer and the audit sink: an allowed decision the sink says it never writes
// (writesAllows() false: AuditLog with allows none) is not built or handed over at all;
// denials and shadow denials always are; a sink without writesAllows gets every decision.
import t from 'tap';
import pino from 'pino';
import type { AuditEvent, AuditSink } from '../../../src/adapters/authz.js';
import { AuditLog } from '../../../src/audit.js';
import { RouteAuthorizer } from '../../../src/http/authorize.js';
import { flinkDecider } from '../../../src/http/flink-acl.js';
import { matchRoute } from '../../../src/http/route-match.js';
import { Metrics } from '../../../src/metrics.js';

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';
const decide = flinkDecider([{ principal: 'User:viewer', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'DESCRIBE', permission: 'ALLOW' }]);
const who = { principal: 'User:viewer', mechanism: 'basic' as const };
const facts = (method: string) => ({ method, path: `/jobs/${J1}`, remoteAddress: '10.0.0.7', requestId: 1 });

function run(sink: AuditSink, enforcement: 'enforce' | 'shadow' = 'enforce') {
  const authorizer = new RouteAuthorizer({ listener: 'flink-ui', enforcement, decide, metrics: new Metrics(), log: pino({ level: 'silent' }), audit: { allows: 'none', sampleRate: 0 }, sink });
  const view = authorizer.authorize(who, matchRoute('GET', ['jobs', J1], null), facts('GET'));
  const cancel = authorizer.authorize(who, matchRoute('PATCH', ['jobs', J1], null), facts('PATCH'));
  return { view, cancel };
}

t.test('a sink that never writes allows gets only the denials', async (t) => {
  const got: AuditEvent[] = [];
  const { view, cancel } = run({ record: (e) => got.push(e), writesAllows: () => false });
  t.equal(view.proceed, true, 'the allow still decides');
  t.equal(cancel.proceed, false);
  t.same(
    got.map((e) => e.decision),
    ['deny'],
  );
  got.length = 0;
  run({ record: (e) => got.push(e), writesAllows: () => false }, 'shadow');
  t.same(
    got.map((e) => e.decision),
    ['shadow-deny'],
    'a shadow denial is audited too',
  );
});

t.test('a sink that writes allows, or does not say, gets every decision', async (t) => {
  for (const sink of [{ writesAllows: () => true }, {}]) {
    const got: AuditEvent[] = [];
    run({ ...sink, record: (e) => got.push(e) });
    t.same(
      got.map((e) => e.decision),
      ['allow', 'deny'],
    );
  }
});

t.test('AuditLog.writesAllows follows its policy, configure() included', async (t) => {
  const lines: string[] = [];
  const audit = new AuditLog({ destination: { write: (l: string) => lines.push(l) }, allows: 'none', sampleRate: 1 });
  t.equal(audit.writesAllows(), false);
  audit.configure({ allows: 'sampled', sampleRate: 0.1 });
  t.equal(audit.writesAllows(), true);
  audit.configure({ allows: 'all', sampleRate: 0 });
  t.equal(audit.writesAllows(), true);
});
