// Attack: an operator removes a super user (or turns shadow mode off) in the config file and the
// reload says "applied", but the HTTP listener keeps the old settings: the removed super user
// still drives Flink, shadow mode still lets everything through (fail open).
// Every listener kind - Kafka, Fluss, HTTP - must apply every reloadable field (log.level,
// principals.superUsers, acls.allowIfNoAcl, listeners[].enforcement, audit.allows,
// audit.sampleRate) to the next request; a field a kind cannot apply is reported by a warning
// naming the listeners, never silently listed as applied. One gateway per field, one case per
// field and listener kind, each observing the listener's behaviour before and after the reload.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { startFlinkBackend, type FlinkBackend } from '../../testkit/http/flink-backend.js';
import { tempDir } from '../integration/ops/setup.js';
import { loadConfig } from '../../src/config/parse.js';
import { createMemoryLogger } from '../../src/log.js';
import { startGateway, type RunningGateway } from '../../src/gateway.js';
import type { ConnectionContext } from '../../src/proxy/protocol.js';

interface Settings {
  level: 'info' | 'debug';
  superUsers: string[];
  allowIfNoAcl: boolean;
  enforcement: 'enforce' | 'shadow';
  allows: 'all' | 'sampled' | 'none';
  sampleRate: number;
}
const BASE: Settings = { level: 'info', superUsers: ['User:ANONYMOUS'], allowIfNoAcl: false, enforcement: 'enforce', allows: 'all', sampleRate: 1 };
const KINDS = ['kafka', 'fluss', 'http'] as const;
type Kind = (typeof KINDS)[number];
const LISTENER: Record<Kind, string> = { kafka: 'kf', fluss: 'fl', http: 'web' };

const configText = (flink: string, s: Settings) => `
clusters:
  kafka: { protocol: kafka, bootstrap: ["127.0.0.1:9"] }
  fluss: { protocol: fluss, bootstrap: ["127.0.0.1:9"] }
  flink: { protocol: http, url: "${flink}" }
listeners:
  - { name: kf, cluster: kafka, bind: 127.0.0.1:0, nodePorts: auto, enforcement: ${s.enforcement} }
  - { name: fl, cluster: fluss, bind: 127.0.0.1:0, nodePorts: auto, enforcement: ${s.enforcement} }
  - { name: web, cluster: flink, bind: 127.0.0.1:0, enforcement: ${s.enforcement} }
principals: { superUsers: [${s.superUsers.join(', ')}] }
acls: { allowIfNoAcl: ${s.allowIfNoAcl} }
log: { level: ${s.level} }
audit: { file: stdout, allows: ${s.allows}, sampleRate: ${s.sampleRate} }
`;

interface Running {
  gw: RunningGateway;
  lines: Array<Record<string, unknown>>;
  /** Rewrites the config file and reloads it (what SIGHUP does). */
  reload(s: Settings): Promise<void>;
  /** One request of `kind` as User:ANONYMOUS: was it let through? */
  request(kind: Kind): Promise<boolean>;
  /** Opens a connection / sends a request to the listener so it has something to log at debug. */
  touch(kind: Kind): Promise<void>;
}

let flink: FlinkBackend;
t.before(async () => {
  flink = await startFlinkBackend();
});
t.teardown(() => flink.close());

async function start(t: Test, s: Settings): Promise<Running> {
  const { dir, remove } = tempDir('sw-reload-kinds-');
  const file = path.join(dir, 'config.yaml');
  fs.writeFileSync(file, configText(flink.url, s));
  const config = await loadConfig(file, { env: {} });
  const { log, lines } = createMemoryLogger(config.log.level);
  const gw = await startGateway(config, { log, admin: false, reload: { debounceMs: 20 }, probe: { intervalMs: 600_000 } });
  t.teardown(async () => {
    await gw.close();
    remove();
  });
  const ctx = (listener: string) => ({ principal: 'User:ANONYMOUS', remoteAddress: '127.0.0.1', listener, log: log.child({ listener }) }) as unknown as ConnectionContext;
  const request = async (kind: Kind): Promise<boolean> => {
    if (kind === 'kafka') return gw.authorizers.get('kf')!.authorize(ctx('kf'), 'Produce', 'TOPIC', 'orders', 'WRITE');
    if (kind === 'fluss') return gw.authorizers.get('fl')!.authorize(ctx('fl'), 'CreateDatabase', 'CLUSTER', 'fluss-cluster', 'CREATE');
    const r = await fetch(`http://127.0.0.1:${gw.http.get('web')!.port}/overview`);
    await r.arrayBuffer();
    return r.status === 200;
  };
  const touch = async (kind: Kind): Promise<void> => {
    if (kind === 'http') return void (await request('http'));
    const port = gw.listeners.get(LISTENER[kind])!.boundPort;
    await new Promise<void>((resolve) => {
      // the first bytes decide plain or TLS; only then is the connection accepted (and logged)
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.write(Buffer.from([0, 0, 0, 8, 0, 18, 0, 0, 0, 0, 0, 1]));
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 100);
      });
      s.on('error', () => resolve());
    });
  };
  const reload = async (next: Settings): Promise<void> => {
    fs.writeFileSync(file, configText(flink.url, next));
    await gw.reload();
  };
  return { gw, lines, reload, request, touch };
}

const count = (lines: Array<Record<string, unknown>>, f: (l: Record<string, unknown>) => boolean) => lines.filter(f).length;
const debugLine = (kind: Kind) => (l: Record<string, unknown>) => l.listener === LISTENER[kind] && l.level === 20 && (l.msg === 'connection accepted' || l.msg === 'http request forwarded');
const auditAllow = (kind: Kind) => (l: Record<string, unknown>) => l.kind === 'authorization' && l.decision === 'allow' && l.listener === LISTENER[kind];
const httpAllowLine = (l: Record<string, unknown>) => l.msg === 'http request allowed' && l.listener === 'web';
const settle = () => new Promise((r) => setTimeout(r, 150));

/** Allowed-decision records for one request, in the audit log (and, for HTTP, its own allow log line too). */
async function auditedAllows(r: Running, kind: Kind): Promise<number> {
  const before = count(r.lines, auditAllow(kind)) + (kind === 'http' ? count(r.lines, httpAllowLine) : 0);
  if (!(await r.request(kind))) throw new Error('the request was expected to be allowed');
  await settle();
  return count(r.lines, auditAllow(kind)) + (kind === 'http' ? count(r.lines, httpAllowLine) : 0) - before;
}

const FIELDS: Array<{ field: string; from: Partial<Settings>; to: Partial<Settings>; check(t: Test, r: Running, kind: Kind, phase: 'before' | 'after'): Promise<void> }> = [
  {
    field: 'log.level',
    from: { level: 'info' },
    to: { level: 'debug' },
    async check(t, r, kind, phase) {
      const before = count(r.lines, debugLine(kind));
      await r.touch(kind);
      await settle();
      t.equal(count(r.lines, debugLine(kind)) - before > 0, phase === 'after', `${phase}: debug lines of the ${kind} listener`);
    },
  },
  {
    field: 'principals.superUsers (removing a super user)',
    from: { superUsers: ['User:ANONYMOUS'] },
    to: { superUsers: [] },
    async check(t, r, kind, phase) {
      t.equal(await r.request(kind), phase === 'before', `${phase}: the super user is ${phase === 'before' ? 'allowed' : 'denied'}`);
    },
  },
  {
    field: 'acls.allowIfNoAcl',
    from: { superUsers: [], allowIfNoAcl: false },
    to: { superUsers: [], allowIfNoAcl: true },
    async check(t, r, kind, phase) {
      const allowed = await r.request(kind);
      if (kind === 'kafka') return void t.equal(allowed, phase === 'after', `${phase}: no ACL on the topic is ${phase === 'after' ? 'allowed' : 'denied'}`);
      t.equal(allowed, false, `${phase}: Fluss and Flink deny without an ACL either way`);
      if (phase === 'after') {
        t.ok(
          r.lines.some((l) => l.level === 40 && Array.isArray(l.fields) && l.fields.includes('allowIfNoAcl') && Array.isArray(l.listeners) && l.listeners.includes(LISTENER[kind])),
          `the reload warns that allowIfNoAcl does not apply to ${LISTENER[kind]}`,
        );
      }
    },
  },
  {
    field: 'listeners[].enforcement (shadow -> enforce)',
    from: { superUsers: [], enforcement: 'shadow' },
    to: { superUsers: [], enforcement: 'enforce' },
    async check(t, r, kind, phase) {
      t.equal(await r.request(kind), phase === 'before', `${phase}: a denied request ${phase === 'before' ? 'goes through (shadow)' : 'is refused (enforce)'}`);
    },
  },
  {
    field: 'audit.allows',
    from: { allows: 'none' },
    to: { allows: 'all' },
    async check(t, r, kind, phase) {
      const n = await auditedAllows(r, kind);
      t.equal(n > 0, phase === 'after', `${phase}: allowed decisions of ${kind} are ${phase === 'after' ? '' : 'not '}audited`);
      if (kind === 'http' && phase === 'after') t.ok(r.lines.some(httpAllowLine), 'the HTTP listener logs its allows too');
    },
  },
  {
    field: 'audit.sampleRate',
    from: { allows: 'sampled', sampleRate: 0 },
    to: { allows: 'sampled', sampleRate: 1 },
    async check(t, r, kind, phase) {
      const n = await auditedAllows(r, kind);
      t.equal(n > 0, phase === 'after', `${phase}: sampled allows of ${kind} are ${phase === 'after' ? '' : 'not '}written`);
      if (kind === 'http' && phase === 'after') t.ok(r.lines.some(httpAllowLine), 'the HTTP listener samples with the new rate');
    },
  },
];

for (const f of FIELDS) {
  t.test(f.field, async (t) => {
    const r = await start(t, { ...BASE, ...f.from });
    for (const kind of KINDS) await t.test(`${kind} before`, (tt) => f.check(tt, r, kind, 'before'));
    await r.reload({ ...BASE, ...f.to });
    for (const kind of KINDS) await t.test(`${kind} listener applies ${f.field}`, (tt) => f.check(tt, r, kind, 'after'));
  });
}
