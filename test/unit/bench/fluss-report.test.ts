import t from 'tap';
import { flussGoals, flussSection, summariseFluss } from '../../../bench/fluss/fluss-report.js';
import type { FlussMeasurement } from '../../../bench/fluss/fluss-suite.js';
import type { Machine } from '../../../bench/common/machine.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };
const SIZE = 1000;

function step(mbPerSec: number, gatewaySeconds: number | null) {
  const seconds = 2;
  const records = (mbPerSec * 1e6 * seconds) / SIZE;
  const cpu: Record<string, { seconds: number; pct: number }> = { backend: { seconds: 1, pct: 50 }, client: { seconds: 0.5, pct: 25 } };
  if (gatewaySeconds !== null) cpu.gateway = { seconds: gatewaySeconds, pct: (100 * gatewaySeconds) / seconds };
  return { records, requests: records / 100, seconds, mbPerSec, recordsPerSec: records / seconds, cpu };
}

function m(produce: number, fetch: number, p50: number, gw: number | null): FlussMeasurement {
  return { produce: step(produce, gw), fetch: step(fetch, gw), latency: { p50, p90: p50, p99: p50 * 3, max: p50 * 5, mean: p50 } };
}

const settings = {
  rounds: 2,
  size: SIZE,
  stepMs: 2000,
  records: 100,
  inflight: 4,
  fetchBytes: 1024 * 1024,
  latencyRequests: 300,
  tablets: 1,
  buckets: 4,
  database: 'bench',
  table: 'events',
  aclEntries: 10_000,
};

t.test('summariseFluss: spreads, CPU % and CPU ms per MB of each role', async (t) => {
  const s = summariseFluss([m(100, 400, 300, 1), m(80, 200, 500, 1)], SIZE);
  t.same(s.produceMBps, { median: 90, min: 80, max: 100 });
  t.same(s.fetchMBps, { median: 300, min: 200, max: 400 });
  t.equal(s.produceCpu.gateway.pct, 50);
  t.equal(s.produceCpu.gateway.msPerUnit, (5 + 6.25) / 2, '1 s over 200 MB and over 160 MB');
  t.equal(s.p50!.median, 400);
  t.equal(summariseFluss([{ ...m(1, 1, 1, null), fetch: null, latency: null }], SIZE).fetchMBps, null);
});

t.test('flussGoals: ratios through the gateway against direct and ACLs on against off', async (t) => {
  const goals = flussGoals({
    'fluss-direct': [m(100, 400, 300, null), m(100, 400, 300, null)],
    'fluss-gateway-sasl': [m(80, 300, 500, 1), m(90, 340, 500, 1)],
    'fluss-gateway-acl': [m(76, 300, 600, 1), m(80, 320, 700, 1)],
  });
  const byName = new Map(goals.map((g) => [g.name, g]));
  t.equal(byName.get('produce throughput, gateway SASL / direct')!.value, 0.85);
  t.equal(byName.get('produce throughput, gateway SASL + ACLs / gateway SASL, ACLs off')!.value, 78 / 85);
  t.equal(byName.get('fetch throughput, gateway SASL / direct')!.value, 320 / 400);
  t.equal(byName.get('added p50 produce latency (one record), gateway SASL + ACLs over direct')!.value, 0.35);
  t.same(
    goals.filter((g) => g.target !== '–').map((g) => [g.name, g.target]),
    [
      ['produce throughput, gateway SASL + ACLs / direct', '≥ 0.8×'],
      ['fetch throughput, gateway SASL + ACLs / direct', '≥ 0.8×'],
    ],
    'the issue sets >= 0.8x for produce and fetch through SASL + ACLs',
  );
  t.same(flussGoals({ 'fluss-direct': [m(1, 1, 1, null)] }), []);
});

t.test('flussSection: a row per target with CPU, settings in the text', async (t) => {
  const text = flussSection({ machine, settings, results: { 'fluss-direct': [m(100, 400, 300, null)], 'fluss-gateway-acl': [m(80, 300, 500, 1)] }, seconds: 90, load: 1 });
  t.match(text, /^## Fluss: streamward vs direct/);
  t.match(text, '| fluss-direct: direct to the Fluss test cluster (plaintext) | 100.0 (100.0–100.0) | 100000 | 400.0 (400.0–400.0) | – / – | – / – | 50% / 5.00 | 25% / 2.50 | 0.300 |');
  t.match(text, '| fluss-gateway-acl: streamward, SASL/PLAIN listener, 10000 ACL entries | 80.0 (80.0–80.0) | 80000 | 300.0 (300.0–300.0) | 50% / 50% | 6.25 / 1.67 |');
  t.notMatch(text, 'fluss-gateway-sasl:', 'a target without figures has no row');
  t.match(text, 'one batch of 100 records × 1000 B');
  t.match(text, '| produce throughput, gateway SASL + ACLs / direct | 0.800× |');
  t.match(text, '![Fluss produce MB/s per target and round](BENCHMARKS-fluss-produce.svg)', 'plots linked');
  t.match(text, '![Fluss fetch MB/s per target and round](BENCHMARKS-fluss-fetch.svg)');
});

t.test('flussSection: the gateway profile when one was taken, a line saying so when not', async (t) => {
  const results = { 'fluss-direct': [m(100, 400, 300, null)], 'fluss-gateway-acl': [m(70, 300, 500, 1)] };
  const breakdown = {
    busyMs: 900,
    totalMs: 2000,
    categories: [{ name: 'native / program', pct: 40 }],
    top: [{ name: 'writeBuffer', selfPct: 25.5 }],
    srcInclusive: [{ name: 'push framer.js:53', selfPct: 60 }],
  };
  const profiled = flussSection({ machine, settings, results, profile: { target: 'fluss-gateway-acl', measurement: m(60, 250, 500, 1), breakdown }, seconds: 90, load: 1 });
  t.match(profiled, '### Gateway CPU profile');
  t.match(profiled, "**fluss-gateway-acl** with V8's CPU profiler (produce 60.0 MB/s, fetch 250.0 MB/s while profiled");
  t.match(profiled, '`writeBuffer` 25.5%');
  t.match(profiled, '`.cache/bench-profiles/fluss-gateway-acl.cpuprofile`');
  t.match(flussSection({ machine, settings, results, seconds: 90, load: 1 }), 'Not profiled in this run');
});
