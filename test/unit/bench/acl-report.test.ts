import t from 'tap';
import { aclGoals, aclSection, ACL_RATIO_TARGET } from '../../../bench/acl/acl-report.js';
import type { Measurement } from '../../../bench/kafka/load.js';
import { workloadFromEnv } from '../../../bench/common/env.js';
import type { Machine } from '../../../bench/common/machine.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };

function m(mbPerSec: number, p50: number, cpuMsPerMB: number | null = 2): Measurement {
  return {
    produce: { msgsPerSec: mbPerSec * 1000, mbPerSec, seconds: 3, proxyCpuPct: cpuMsPerMB === null ? null : 40, proxyCpuMsPerMB: cpuMsPerMB },
    consume: null,
    latency: { p50, p90: p50 * 2, p99: p50 * 4, max: p50 * 10, mean: p50 },
  };
}

t.test('aclGoals: ratio of ACLs on over off against 0.95, and added latency', async (t) => {
  const goals = aclGoals({ 'acl-off': [m(100, 400), m(110, 500), m(90, 450)], 'acl-on': [m(97, 420, 2.5), m(104, 520, 2), m(80, 460, 2.5)] });
  t.equal(ACL_RATIO_TARGET, 0.95);
  t.equal(goals[0].name, 'produce throughput, ACLs on / ACLs off');
  t.equal(goals[0].value, 0.97);
  t.equal(goals[0].reached, true);
  t.equal(goals[0].target, '≥ 0.95×');
  t.equal(goals[0].perRound.min, 80 / 90);
  t.match(goals[1].name, /^gateway CPU ms per MB, ACLs off \/ ACLs on/);
  t.equal(goals[1].value, 0.8, 'median 2 ms/MB off over median 2.5 ms/MB on');
  t.equal(goals[1].target, '–', 'informational');
  t.equal(goals[2].value, 0.01, 'median p50 460 µs over 450 µs = 0.01 ms');
  t.notOk(
    aclGoals({ 'acl-off': [m(100, 400, null)], 'acl-on': [m(97, 400)] }).some((g) => g.name.startsWith('gateway CPU')),
    'no CPU figures, no CPU row',
  );
  const low = aclGoals({ 'acl-off': [m(100, 400)], 'acl-on': [m(94, 400)] });
  t.equal(low[0].reached, false, '0.94 misses the target');
  t.same(aclGoals({ 'acl-off': [m(100, 400)] }), [], 'one side missing: no goals');
});

t.test('aclSection: both targets, entry count, goal table', async (t) => {
  const text = aclSection({ machine, workload: workloadFromEnv(2), rounds: 1, entries: 10_000, results: { 'acl-off': [m(100, 400)], 'acl-on': [m(96, 450, null)] }, seconds: 60, load: 2 });
  t.match(text, /^## Kafka: ACLs on vs off/);
  t.match(text, '| acl-off: SASL/PLAIN listener, empty ACL store, `allowIfNoAcl: true` | 100.0 (100.0–100.0) | 100000 | 40% | 2.00 | 0.400 |');
  t.match(text, '| acl-on: SASL/PLAIN listener, 10000 ACL entries, `allowIfNoAcl: false` | 96.0 (96.0–96.0) | 96000 | – | – | 0.450 |');
  t.match(text, '| produce throughput, ACLs on / ACLs off | 0.960× | 0.960× (0.960× – 0.960×) | ≥ 0.95× | **yes** |');
  t.match(text, 'The machine is shared');
});
