// The audit log: documented fields only, every denial and authentication written, allows by
// policy (all / sampled / none), file destination appended and reopened, records counted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { AuditLog, auditLogFromConfig, formatAuditRecord, shouldWrite, AUDIT_FIELDS } from '../../src/audit.js';
import { createMemoryLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import type { AuditEvent } from '../../src/adapters/authz.js';

const allow: AuditEvent = {
  time: '2024-01-01T00:00:00.000Z',
  kind: 'authorization',
  principal: 'User:alice',
  client: '10.0.0.7',
  listener: 'edge',
  protocol: 'kafka',
  api: 'Produce',
  operation: 'WRITE',
  resource: { type: 'TOPIC', name: 'orders' },
  decision: 'allow',
  reason: 'allow-acl',
  entry: 'User:alice * TOPIC:orders LITERAL WRITE ALLOW',
};
const deny: AuditEvent = { ...allow, decision: 'deny', reason: 'no-acl', entry: undefined };
const authFail: AuditEvent = {
  time: allow.time,
  kind: 'authentication',
  principal: 'User:bob',
  client: '10.0.0.8',
  listener: 'edge',
  protocol: 'kafka',
  api: 'PLAIN',
  operation: 'Authenticate',
  decision: 'failure',
  reason: 'bad password',
};

function collect(): { stream: PassThrough; lines: () => Array<Record<string, unknown>> } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return {
    stream,
    lines: () =>
      Buffer.concat(chunks)
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

t.test('a record holds exactly the documented fields, in order, and nothing else', async (t) => {
  const sneaky = { ...allow, password: 'hunter2', saslBytes: 'AGFsaWNlAGh1bnRlcjI=', resource: { type: 'TOPIC', name: 'orders', extra: 'x' } } as AuditEvent;
  const line = formatAuditRecord(sneaky);
  t.ok(line.endsWith('\n'), 'one line');
  const rec = JSON.parse(line);
  t.same(
    Object.keys(rec),
    AUDIT_FIELDS.filter((f) => f in rec),
    'documented order',
  );
  t.same(Object.keys(rec), ['time', 'kind', 'principal', 'client', 'listener', 'protocol', 'api', 'operation', 'resource', 'decision', 'reason', 'entry']);
  t.notMatch(line, /hunter2|AGFsaWNl|extra/, 'no secret or undocumented field gets out');
  t.same(rec.resource, { type: 'TOPIC', name: 'orders' });
  t.notOk('entry' in JSON.parse(formatAuditRecord(deny)), 'absent fields are left out');
});

t.test('policy: denials and authentications always, allows by setting', async (t) => {
  const r = (v: number) => () => v;
  for (const allows of ['all', 'sampled', 'none'] as const) {
    t.ok(shouldWrite(deny, { allows, sampleRate: 0 }, r(0.9)), `deny written with allows=${allows}`);
    t.ok(shouldWrite({ ...deny, decision: 'shadow-deny' }, { allows, sampleRate: 0 }, r(0.9)), `shadow-deny written with allows=${allows}`);
    t.ok(shouldWrite(authFail, { allows, sampleRate: 0 }, r(0.9)), `authentication written with allows=${allows}`);
  }
  t.ok(shouldWrite(allow, { allows: 'all', sampleRate: 0 }, r(0.9)));
  t.notOk(shouldWrite(allow, { allows: 'none', sampleRate: 1 }, r(0)));
  t.ok(shouldWrite(allow, { allows: 'sampled', sampleRate: 0.25 }, r(0.2)), 'below the rate: written');
  t.notOk(shouldWrite(allow, { allows: 'sampled', sampleRate: 0.25 }, r(0.3)), 'above the rate: skipped');
});

t.test('sampling writes about sampleRate of the allows; configure() changes the policy', async (t) => {
  const { stream, lines } = collect();
  const metrics = new Metrics();
  let seed = 1;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const log = new AuditLog({ destination: stream, allows: 'sampled', sampleRate: 0.1, random, metrics });
  for (let i = 0; i < 2000; i++) log.record(allow);
  log.record(deny);
  await new Promise((r) => setImmediate(r));
  const allows = lines().filter((l) => l.decision === 'allow').length;
  t.ok(allows > 140 && allows < 260, `about 10% of 2000 allows written (${allows})`);
  t.equal(lines().filter((l) => l.decision === 'deny').length, 1);
  const counted = (await metrics.registry.getSingleMetric('streamward_audit_records_total')!.get()).values;
  t.equal(counted.find((v) => v.labels.decision === 'allow')?.value, allows, 'records counted by decision');
  log.configure({ allows: 'none', sampleRate: 1 });
  t.same(log.current, { allows: 'none', sampleRate: 1 });
  const before = lines().length;
  for (let i = 0; i < 50; i++) log.record(allow);
  await new Promise((r) => setImmediate(r));
  t.equal(lines().length, before, 'allows: none writes no allow');
});

t.test('file destination: appended, reopened after rotation, closed', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-audit-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'audit.log');
  fs.writeFileSync(file, '{"earlier":true}\n');
  const log = new AuditLog({ destination: file, allows: 'all', sampleRate: 0 });
  log.record(allow);
  log.record(authFail);
  await new Promise((r) => setTimeout(r, 100)); // the stream opens (and writes) asynchronously
  fs.renameSync(file, `${file}.1`);
  await log.reopen();
  log.record(deny);
  await log.close();
  const rotated = fs
    .readFileSync(`${file}.1`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.same(
    rotated.map((r) => r.decision ?? 'earlier'),
    ['earlier', 'allow', 'failure'],
    'appended to the existing file',
  );
  const fresh = fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.same(
    fresh.map((r) => r.decision),
    ['deny'],
    'after reopen, records go to the new file',
  );
});

t.test('a write failure is reported once', async (t) => {
  const errors: Error[] = [];
  const log = new AuditLog({ destination: '/nonexistent-dir-sw/audit.log', allows: 'all', sampleRate: 0, onError: (e) => errors.push(e) });
  log.record(deny);
  log.record(deny);
  await new Promise((r) => setTimeout(r, 50));
  t.equal(errors.length, 1);
  t.match(errors[0].message, /ENOENT/);
  await log.close();
});

t.test("audit to stdout shares the log's output stream (no interleaving of two writers)", async (t) => {
  const { log, lines } = createMemoryLogger();
  const audit = auditLogFromConfig({ file: 'stdout', allows: 'none', sampleRate: 0 }, new Metrics(), log);
  log.info('before');
  audit.record(deny);
  log.info('after');
  t.same(
    lines.map((l) => l.msg ?? l.decision),
    ['before', 'deny', 'after'],
    "audit records go through the logger's stream, in order",
  );
  t.notOk('level' in lines[1], 'the audit record itself is not wrapped in a log line');
});
