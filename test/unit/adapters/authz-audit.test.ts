// Authorizer.record (src/adapters/authz.ts, the Kafka and Fluss stages' authorizer) and the audit
// sink: an allowed decision the sink says it never writes (writesAllows() false: AuditLog with
// allows none) is not built or handed over; denials and shadow denials always are; a sink without
// writesAllows, or one that writes allows, gets every decision.
import t from 'tap';
import pino from 'pino';
import { Authorizer, MemoryAclState, type AuditEvent, type AuditSink } from '../../../src/adapters/authz.js';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { Metrics } from '../../../src/metrics.js';
import type { ConnectionContext } from '../../../src/proxy/protocol.js';

const index = new AclIndex();
index.add('kafka', { principal: 'User:alice', host: '*', resourceType: 'TOPIC', resourceName: 'orders', patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW' });
const ctx = { principal: 'User:alice', remoteAddress: '10.0.0.7', listener: 'kafka-sasl', log: pino({ level: 'silent' }) } as unknown as ConnectionContext;

function run(sink: AuditSink, enforcement: 'enforce' | 'shadow' = 'enforce'): { allowed: boolean; denied: boolean } {
  const a = new Authorizer({ protocol: 'kafka', acls: new MemoryAclState(index), decide: {}, enforcement, metrics: new Metrics(), audit: sink });
  return { allowed: a.authorize(ctx, 'Produce', 'TOPIC', 'orders', 'WRITE'), denied: a.authorize(ctx, 'Produce', 'TOPIC', 'payroll', 'WRITE') };
}

function sink(writesAllows?: boolean): AuditSink & { events: AuditEvent[] } {
  const events: AuditEvent[] = [];
  return { events, record: (e) => events.push(e), ...(writesAllows === undefined ? {} : { writesAllows: () => writesAllows }) };
}

t.test('a sink that never writes allows gets only the denials', async (t) => {
  const s = sink(false);
  t.same(run(s), { allowed: true, denied: false }, 'the decisions themselves are unchanged');
  t.same(
    s.events.map((e) => `${e.decision} ${e.resource?.name}`),
    ['deny payroll'],
  );
});

t.test('shadow denials are always handed over', async (t) => {
  const s = sink(false);
  t.same(run(s, 'shadow'), { allowed: true, denied: true });
  t.same(
    s.events.map((e) => `${e.decision} ${e.resource?.name}`),
    ['shadow-deny payroll'],
  );
});

t.test('a sink that writes allows, or does not say, gets every decision', async (t) => {
  for (const s of [sink(true), sink()]) {
    run(s);
    t.same(
      s.events.map((e) => `${e.decision} ${e.resource?.name}`),
      ['allow orders', 'deny payroll'],
    );
  }
});
