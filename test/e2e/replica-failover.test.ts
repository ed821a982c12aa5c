// Replica failover: three gateway replicas (separate `streamward run` processes) of ONE config,
// bound to 127.0.0.1, .2 and .3 on the same ports with one deterministic nodePorts map, each
// advertising its own address, in front of the 3-broker librdkafka mock over TLS + SASL/PLAIN.
// A librdkafka producer (python confluent_kafka, acks=all) with all three replicas in its
// bootstrap list streams numbered messages; mid-stream the replica it produces through is
// SIGKILLed. The client must fail over (metadata refresh through another replica) and keep
// producing, and every message whose delivery was acknowledged must be in the topic, read
// straight from the mock afterwards. The failover gap (last ack before the kill -> first ack
// after) is printed.
import t from 'tap';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writePki } from '../../src/tls/certs.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { runProcess } from '../helpers/kafka/run-process.js';
import { SYSTEM_PYTHON } from '../helpers/kafka/python.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'src/main.ts');
const CLIENT = path.join(ROOT, 'test/helpers/kafka/failover_client.py');
const HOSTS = ['127.0.0.1', '127.0.0.2', '127.0.0.3'] as const;
const TOPIC = 'failover';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<V>(what: string, probe: () => Promise<V | undefined> | V | undefined, ms = 60_000): Promise<V> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await Promise.resolve()
      .then(probe)
      .catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, host, () => s.close(() => resolve(true)));
  });
}

/** A block of `count` consecutive ports free on all three addresses. */
async function freeBlock(count: number): Promise<number> {
  for (;;) {
    const first = 20000 + Math.floor(Math.random() * 30000);
    let ok = true;
    for (let p = first; ok && p < first + count; p++) for (const h of HOSTS) if (ok) ok = await portFree(h, p);
    if (ok) return first;
  }
}

interface Replica {
  host: string;
  child: ChildProcess;
  log: string;
}

/** Produce requests a replica has answered so far, from its own /metrics. */
async function produceCount(host: string, admin: number): Promise<number> {
  const text = await (await fetch(`http://${host}:${admin}/metrics`, { signal: AbortSignal.timeout(2000) })).text();
  let n = 0;
  for (const m of text.matchAll(/^streamward_requests_total\{[^}]*api="Produce"[^}]*\} (\d+)/gm)) n += Number(m[1]);
  return n;
}

t.test('a replica SIGKILLed mid-stream loses no acknowledged message; the client fails over', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-failover-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const pki = await writePki(path.join(dir, 'tls'), { sans: ['DNS:localhost', ...HOSTS.map((h) => `IP:${h}`)] });
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await users.addUser('producer', 'producer-pw', { mechanisms: ['PLAIN'] });
  fs.writeFileSync(
    path.join(dir, 'acls.yaml'),
    ['version: 1', 'acls:', ...['WRITE', 'DESCRIBE'].map((op) => `  - { protocol: kafka, principal: "User:producer", resourceType: TOPIC, resourceName: ${TOPIC}, operation: ${op} }`)].join('\n') +
      '\n',
  );
  const cluster = await startMockCluster({ brokers: 3, flavor: '2.0', topics: [{ name: TOPIC, partitions: 3 }] });
  t.teardown(() => cluster.stop());

  // ports: bootstrap, admin, then the map: brokers 0..3 at base..base+3, controllers at base+4..7
  const first = await freeBlock(10);
  const [port, admin, base] = [first, first + 1, first + 2];
  // ONE config for every replica; only the bind host differs (each advertises its own address).
  const configOf = (host: string) => `
clusters:
  kafka: { protocol: kafka, bootstrap: ["${cluster.bootstrap.split(',')[0]}"] }
listeners:
  - name: kafka
    cluster: kafka
    bind: ${host}:${port}
    nodePorts: { base: ${base}, maxId: 3 }
    tls: { cert: ${pki.server.cert}, key: ${pki.server.key} }
    authentication: [sasl]
    sasl: { mechanisms: [PLAIN] }
credentials: users.yaml
acls: { store: acls.yaml }
admin: { bind: ${host}:${admin} }
log: { level: info }
`;
  const replicas: Replica[] = HOSTS.map((host) => {
    const config = path.join(dir, `gateway-${host}.yaml`);
    fs.writeFileSync(config, configOf(host));
    const child = spawn(process.execPath, ['--import=tsx', MAIN, 'run', '-c', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    const r: Replica = { host, child, log: '' };
    child.stdout?.on('data', (d: Buffer) => {
      r.log = (r.log + d.toString()).slice(-16000);
    });
    child.stderr?.on('data', (d: Buffer) => {
      r.log = (r.log + d.toString()).slice(-16000);
    });
    t.teardown(async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    });
    return r;
  });
  for (const r of replicas) {
    await until(`replica ${r.host} ready (${r.log})`, async () => {
      const res = await fetch(`http://${r.host}:${admin}/readyz`, { signal: AbortSignal.timeout(2000) });
      return ((await res.json()) as { ready: boolean }).ready ? true : undefined;
    });
  }

  const clientConfig = {
    'security.protocol': 'sasl_ssl',
    'ssl.ca.location': pki.ca,
    'sasl.mechanisms': 'PLAIN',
    'sasl.username': 'producer',
    'sasl.password': 'producer-pw',
    acks: 'all',
    'enable.idempotence': false,
    'linger.ms': 0,
    'reconnect.backoff.max.ms': 1000,
  };
  const bootstrap = HOSTS.map((h) => `${h}:${port}`).join(',');
  const producer = spawn(SYSTEM_PYTHON, [CLIENT, 'produce', JSON.stringify({ bootstrap, topic: TOPIC, config: clientConfig, intervalMs: 10 })], { stdio: ['pipe', 'pipe', 'pipe'] });
  let clientErrors = '';
  producer.stderr?.on('data', (d: Buffer) => {
    clientErrors = (clientErrors + d.toString()).slice(-8000);
  });
  t.teardown(() => {
    if (producer.exitCode === null) producer.kill('SIGKILL');
  });
  const acked = new Map<number, number>(); // message number -> ack time
  const failed: Array<{ fail: number; err: string }> = [];
  let done: { sent: number; unflushed: number } | undefined;
  readline.createInterface({ input: producer.stdout! }).on('line', (line) => {
    const m = JSON.parse(line) as { ack?: number; fail?: number; t: number; err?: string; done?: boolean; sent?: number; unflushed?: number };
    if (m.ack !== undefined) acked.set(m.ack, m.t);
    else if (m.fail !== undefined) failed.push({ fail: m.fail, err: m.err ?? '' });
    else if (m.done) done = { sent: m.sent!, unflushed: m.unflushed! };
  });

  await until(`200 acknowledged messages (client: ${clientErrors})`, () => (acked.size >= 200 ? true : undefined));
  // The replica the client produces through: the one whose Produce count grows.
  const counts = async () => Promise.all(replicas.map((r) => produceCount(r.host, admin)));
  const before = await counts();
  await sleep(500);
  const after = await counts();
  const growing = replicas.filter((_, i) => after[i]! > before[i]!);
  t.equal(growing.length, 1, `the client produces through exactly one replica (Produce counts ${before} -> ${after})`);
  const victim = growing[0]!;
  const acksBeforeKill = acked.size;
  const killedAt = Date.now();
  const exited = new Promise((res) => victim.child.once('exit', res));
  victim.child.kill('SIGKILL');
  await exited;
  t.comment(`SIGKILLed replica ${victim.host} after ${acksBeforeKill} acknowledged messages`);

  const ackedAfterKill = () => [...acked.values()].filter((at) => at > killedAt).length;
  await until(`200 messages acknowledged after the kill (client: ${clientErrors})`, () => (ackedAfterKill() >= 200 ? true : undefined), 90_000);
  producer.stdin!.end();
  await until('the producer flushed and exited', () => (done ? true : undefined), 60_000);

  const times = [...acked.values()];
  const lastBefore = Math.max(...times.filter((at) => at <= killedAt));
  const firstAfter = Math.min(...times.filter((at) => at > killedAt));
  // Acks are timestamped when the client's callback runs (10 ms poll): the longest silence from
  // 1 s before the kill on is the outage as the client saw it, even if an answer already on the
  // wire is reported just after the kill.
  const around = times.filter((at) => at >= killedAt - 1000).sort((x, y) => x - y);
  const silence = Math.max(...around.slice(1).map((at, i) => at - around[i]!));
  t.comment(
    `failover gap: ${firstAfter - lastBefore} ms from the last ack before the kill to the first ack after (${firstAfter - killedAt} ms after the kill); longest silence between acks around the kill: ${silence} ms`,
  );
  t.ok(ackedAfterKill() > 0, `messages acknowledged after the kill: ${ackedAfterKill()}`);
  const others = replicas.filter((r) => r !== victim);
  const taken = await Promise.all(others.map((r) => produceCount(r.host, admin)));
  t.ok(
    taken.some((n) => n > 0),
    `a surviving replica carries the Produce traffic now (${others.map((r, i) => `${r.host}: ${taken[i]}`).join(', ')})`,
  );
  t.comment(`client errors logged by librdkafka: ${clientErrors.split('\n').filter(Boolean).length}`);

  // Every acknowledged message is in the topic, read straight from the mock.
  const dumped = await runProcess(SYSTEM_PYTHON, [CLIENT, 'dump', JSON.stringify({ bootstrap: cluster.bootstrap, topic: TOPIC })], { timeoutMs: 60_000 });
  const { values, complete } = JSON.parse(dumped.stdout.toString().trim().split('\n').pop()!) as { values: string[]; complete: boolean };
  t.ok(complete, 'the whole topic was read');
  const stored = new Map<number, number>();
  for (const v of values) stored.set(Number(v.slice(1)), (stored.get(Number(v.slice(1))) ?? 0) + 1);
  const lost = [...acked.keys()].filter((n) => !stored.has(n));
  t.same(lost, [], `every acknowledged message is stored (${acked.size} acknowledged of ${done!.sent} sent, ${failed.length} delivery failures reported)`);
  // Each message is produced once; a second copy can only come from a retry of a request in
  // flight when the connection died, so it must have been acknowledged after the kill.
  const duplicated = [...stored.entries()].filter(([, c]) => c > 1).map(([n]) => n);
  t.same(
    duplicated.filter((n) => !(acked.get(n)! > killedAt)),
    [],
    'duplicates only among messages in flight at the kill (client retries)',
  );
  t.comment(`stored records ${values.length}, distinct ${stored.size}, duplicated ${duplicated.length} (retried after the kill; not idempotent)`);
  t.equal(done!.unflushed, 0, 'nothing left unflushed');
});
