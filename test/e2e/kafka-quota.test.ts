// Per-principal quotas through a real gateway (config file, SASL/PLAIN listener) in front of the
// librdkafka mock, with Debian's python3 confluent_kafka producing flat out: alice, capped at
// producerByteRate 1 MB/s, gets 1 MB/s +-10% after a 3 s warm-up, while bob (no quota) at the
// same time gets far more; the throttle time shows per principal in /metrics. Then the quota is
// raised in the config file, the gateway reloads it, and alice's rate follows.
//
// Measured over 11 s, not 10: with Kafka's default window (11 samples of 1 s) a client producing
// flat out is let through in refills: the padded start-up window allows 10 s of quota at once,
// and each time the oldest sample expires (every 11 s) another ~10 s worth goes through, little
// in between. Any 11 s span (samples x window, what the quota is defined over) holds exactly one
// refill, so it reads the quota; a 10 s span reads either about 1.1x or almost nothing depending
// on where it falls (a broker behaves the same way; measured: 1.10 MB/s over 3 s to 13 s).
import fs from 'node:fs';
import path from 'node:path';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { runProcess } from '../helpers/kafka/run-process.js';
import { SYSTEM_PYTHON } from '../helpers/kafka/python.js';
import { sample, startOpsGateway, tempDir } from '../integration/ops/setup.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../helpers/kafka/quota_produce.py');
const PASSWORDS = { alice: 'alice-quota-pw', bob: 'bob-quota-pw' };
const MB = 1_000_000;
/** 3 s warm-up, then one full quota window (11 x 1 s). */
const SPAN_END = 14_000;

interface ProduceRun {
  samples: Array<[number, number]>;
  errors: string[];
  throttleEvents: number;
}

/** Runs the flat-out producer as `user` for `seconds`. */
async function produceFlatOut(bootstrap: string, user: keyof typeof PASSWORDS, seconds: number): Promise<ProduceRun> {
  const cfg = {
    bootstrap,
    topic: 'quota-t',
    seconds,
    size: 10_000,
    config: { 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'PLAIN', 'sasl.username': user, 'sasl.password': PASSWORDS[user], 'client.id': `${user}-app` },
  };
  const r = await runProcess(SYSTEM_PYTHON, [SCRIPT, JSON.stringify(cfg)], { timeoutMs: (seconds + 30) * 1000 });
  const line = r.stdout.toString().trim().split('\n').pop() ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`quota_produce.py failed (${r.code}): ${r.stderr.slice(-800)}`);
  return JSON.parse(line) as ProduceRun;
}

/** Acknowledged bytes per second between fromMs and toMs (the samples' nearest points). */
function rateBetween(run: ProduceRun, fromMs: number, toMs: number): number {
  const at = (ms: number) => run.samples.reduce((best, s) => (Math.abs(s[0] - ms) < Math.abs(best[0] - ms) ? s : best));
  const a = at(fromMs);
  const b = at(toMs);
  return ((b[1] - a[1]) * 1000) / (b[0] - a[0]);
}

const config = (bootstrap: string, aliceRate: string) => `
clusters: { k: { protocol: kafka, bootstrap: "${bootstrap}" } }
listeners:
  - { name: kafka-sasl, cluster: k, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN] } }
credentials: users.yaml
acls: { allowIfNoAcl: true }
quotas:
  entries:
    - { user: alice, producerByteRate: ${aliceRate} }
admin: { bind: 127.0.0.1:0 }
log: { level: info }
`;

t.test('two principals producing flat out, one capped at 1 MB/s', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'quota-t', partitions: 1 }] });
  const { dir, remove } = tempDir();
  t.teardown(async () => {
    await cluster.stop();
    remove();
  });
  const users = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 } });
  for (const [u, p] of Object.entries(PASSWORDS)) await users.addUser(u, p, { mechanisms: ['PLAIN'] });
  const ops = await startOpsGateway(dir, config(cluster.bootstrap, '1MB'), { audit: null });
  t.teardown(() => ops.stop());
  const bootstrap = `127.0.0.1:${ops.port('kafka-sasl')}`;

  t.test('alice gets 1 MB/s +-10% over one quota window (11 s), bob is unaffected', async (t) => {
    const [alice, bob] = await Promise.all([produceFlatOut(bootstrap, 'alice', 14.5), produceFlatOut(bootstrap, 'bob', 14.5)]);
    t.same(alice.errors, [], 'alice: no delivery errors');
    t.same(bob.errors, [], 'bob: no delivery errors');
    const aliceRate = rateBetween(alice, 3000, SPAN_END);
    const bobRate = rateBetween(bob, 3000, SPAN_END);
    t.comment(`alice ${(aliceRate / MB).toFixed(3)} MB/s, bob ${(bobRate / MB).toFixed(3)} MB/s (value bytes acknowledged, 3 s to 14 s)`);
    t.ok(Math.abs(aliceRate / MB - 1) <= 0.1, `alice within 1 MB/s +-10%: ${(aliceRate / MB).toFixed(3)}`);
    t.ok(bobRate > 3 * MB, `bob far above alice's cap: ${(bobRate / MB).toFixed(3)} MB/s`);
    t.ok(alice.throttleEvents > 0, 'librdkafka saw throttle_time_ms in the answers');
    const m = await ops.scrape();
    t.ok(sample(m, 'streamward_quota_throttle_ms_total', { principal: 'User:alice', quota: 'producer_byte_rate' }) > 0, 'throttle time counted for alice');
    t.equal(sample(m, 'streamward_quota_throttle_ms_total', { principal: 'User:bob' }), 0, 'none for bob');
    const lines = ops.lines.filter((l) => l.msg === 'principal throttled by its quota');
    t.equal(lines.length, 1, 'one log line when alice was first throttled, not one per request');
  });

  t.test('a reload raises the quota and the rate follows', async (t) => {
    fs.writeFileSync(ops.configFile, config(cluster.bootstrap, '2MB'));
    const outcomes = await ops.gw.reload();
    t.ok(
      outcomes.some((o) => o.what === 'config' && o.outcome === 'success'),
      'the config reload applied the change',
    );
    const alice = await produceFlatOut(bootstrap, 'alice', 14.5);
    const rate = rateBetween(alice, 3000, SPAN_END);
    t.comment(`alice after the reload: ${(rate / MB).toFixed(3)} MB/s`);
    t.ok(Math.abs(rate / (2 * MB) - 1) <= 0.15, `alice follows the new 2 MB/s quota: ${(rate / MB).toFixed(3)} MB/s`);
  });
});
