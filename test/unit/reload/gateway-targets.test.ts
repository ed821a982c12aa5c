// Reloaded config settings reach every part that holds them: logger levels (root and listeners),
// each authorizer's super users, allowIfNoAcl and enforcement, and the audit policy.
import t from 'tap';
import { applySettings, type ReloadParts } from '../../../src/reload/gateway-targets.js';
import { Authorizer, MemoryAclState } from '../../../src/adapters/authz.js';
import { AuditLog } from '../../../src/audit.js';
import { Metrics } from '../../../src/metrics.js';
import { createMemoryLogger } from '../../../src/log.js';
import { PassThrough } from 'node:stream';
import type { Listener } from '../../../src/proxy/listener.js';

t.test('applySettings', async (t) => {
  const metrics = new Metrics();
  const { log } = createMemoryLogger('info');
  const listenerLog = log.child({ listener: 'edge' });
  const listeners = new Map([['edge', { log: listenerLog } as unknown as Listener]]);
  const authorizer = (protocol: 'kafka' | 'fluss', enforcement: 'enforce' | 'shadow') =>
    new Authorizer({ protocol, acls: new MemoryAclState(), decide: { superUsers: ['User:admin'], allowIfNoAcl: false, principalIgnoreCase: true }, enforcement, metrics, audit: null });
  const authorizers = new Map([
    ['edge', authorizer('kafka', 'enforce')],
    ['fl', authorizer('fluss', 'shadow')],
  ]);
  const audit = new AuditLog({ destination: new PassThrough(), allows: 'sampled', sampleRate: 0.01 });
  const httpSettings: unknown[] = [];
  const selfApplying = new Map([['web', { applySettings: (x: unknown) => void httpSettings.push(x) }]]);
  const parts = { log, listeners, authorizers, audit, selfApplying } as unknown as ReloadParts;
  const notes = applySettings(parts, { logLevel: 'debug', superUsers: ['User:ops'], allowIfNoAcl: true, enforcement: { edge: 'shadow', web: 'enforce' }, audit: { allows: 'all', sampleRate: 0.5 } });
  t.same(httpSettings, [{ logLevel: 'debug', superUsers: ['User:ops'], enforcement: 'enforce', audit: { allows: 'all', sampleRate: 0.5 } }], 'HTTP listeners get their settings');
  t.same(notes, [{ field: 'allowIfNoAcl', listeners: ['fl', 'web'], reason: notes[0]?.reason }], 'allowIfNoAcl is reported as not applying to fluss and http listeners');
  t.equal(log.level, 'debug', 'root logger');
  t.equal(listenerLog.level, 'debug', 'listener loggers (their connections inherit it)');
  t.same(authorizers.get('edge')!.options.decide, { superUsers: ['User:ops'], allowIfNoAcl: true, principalIgnoreCase: true }, 'decide options replaced, others kept');
  t.equal(authorizers.get('edge')!.options.enforcement, 'shadow');
  t.equal(authorizers.get('fl')!.options.enforcement, 'shadow', 'a listener not named keeps its enforcement');
  t.same(authorizers.get('fl')!.options.decide.superUsers, ['User:ops']);
  t.same(audit.current, { allows: 'all', sampleRate: 0.5 });
});
