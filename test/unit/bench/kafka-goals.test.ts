// The Kafka suite's goal rows: haproxy's threads stated, consume and CPU-per-MB rows against
// haproxy TLS, paired per-round ratios.
import t from 'tap';
import { goals } from '../../../bench/kafka/kafka-goals.js';
import type { Measurement } from '../../../bench/kafka/load.js';

function m(produceMBps: number, consumeMBps: number, produceCpuMsPerMB: number, consumeCpuMsPerMB: number): Measurement {
  const lat = { count: 100, p50: 300, p90: 500, p99: 900, max: 1000, mean: 320 };
  return {
    produce: { mbPerSec: produceMBps, msgsPerSec: produceMBps * 1000, proxyCpuPct: 80, proxyCpuMsPerMB: produceCpuMsPerMB },
    consume: { mbPerSec: consumeMBps, msgsPerSec: consumeMBps * 1000, proxyCpuPct: 70, proxyCpuMsPerMB: consumeCpuMsPerMB },
    latency: lat,
  } as unknown as Measurement;
}

t.test('TLS goals name haproxy threads; CPU per MB rows compare haproxy to the gateway', async (t) => {
  const g = goals({ 'gateway-tls': [m(200, 190, 4, 4), m(180, 200, 5, 4)], 'haproxy-tls': [m(220, 270, 3, 2), m(200, 250, 3, 2)] }, 1);
  const byName = new Map(g.map((x) => [x.name, x]));
  const produce = byName.get('produce throughput, gateway TLS (1 worker) / haproxy TLS (nbthread 1)')!;
  t.equal(produce.value, 190 / 210);
  t.same(produce.perRound, { median: (200 / 220 + 180 / 200) / 2, min: 180 / 200, max: 200 / 220 });
  t.equal(produce.reached, false);
  t.equal(produce.target, '≥ 1.0× every round', 'the issue asks it of every round');
  t.equal(byName.get('consume throughput, gateway TLS (1 worker) / haproxy TLS (nbthread 1)')!.value, 195 / 260);
  const cpu = byName.get('proxy CPU ms per MB produced, haproxy TLS (nbthread 1) / gateway TLS (≥ 1 = gateway costs no more)')!;
  t.equal(cpu.value, 3 / 4.5);
  t.equal(cpu.target, '≥ 1.0×');
  t.equal(byName.get('proxy CPU ms per MB consumed, haproxy TLS (nbthread 1) / gateway TLS (≥ 1 = gateway costs no more)')!.value, 0.5);
  t.ok(byName.has('added p99 produce latency, gateway TLS over haproxy TLS (nbthread 1)'));
  t.ok(goals({ 'gateway-tls': [m(1, 1, 1, 1)], 'haproxy-tls': [m(1, 1, 1, 1)] }, 2).some((x) => x.name.includes('(nbthread 2)')));
});

t.test('small-message rows: msg/s ratios when every round has the small step', async (t) => {
  const withSmall = (mbps: number, msgs: number): Measurement =>
    ({ ...m(mbps, mbps, 1, 1), small: { mbPerSec: msgs / 10_000, msgsPerSec: msgs, proxyCpuPct: 50, proxyCpuMsPerMB: 10 } }) as unknown as Measurement;
  const g = goals(
    {
      direct: [withSmall(900, 1_000_000)],
      'gateway-plain': [withSmall(300, 600_000)],
      'gateway-tls': [withSmall(200, 300_000)],
      'haproxy-tls': [withSmall(220, 400_000)],
    },
    1,
  );
  const byName = new Map(g.map((x) => [x.name, x]));
  t.equal(byName.get('small messages: produce msg/s, gateway TLS (1 worker) / haproxy TLS (nbthread 1)')!.value, 0.75);
  t.equal(byName.get('small messages: produce msg/s, gateway plaintext / direct')!.value, 0.6);
  t.equal(byName.get('small messages: produce msg/s, gateway plaintext / direct')!.reached, false);
  t.notOk(
    goals({ 'gateway-tls': [m(1, 1, 1, 1)], 'haproxy-tls': [m(1, 1, 1, 1)] }, 1).some((x) => x.name.startsWith('small')),
    'no small step, no row',
  );
});

t.test('every goal row of the issue for Kafka, with paired per-round figures', async (t) => {
  const all = (mbps: number): Measurement => ({ ...m(mbps, mbps, 2, 2), small: { mbPerSec: 1, msgsPerSec: mbps * 100, proxyCpuPct: 50, proxyCpuMsPerMB: 10 } }) as unknown as Measurement;
  const rounds = (mbps: number): Measurement[] => [all(mbps), all(mbps * 1.1)];
  const g = goals({ direct: rounds(900), 'gateway-plain': rounds(700), 'gateway-tls': rounds(210), 'haproxy-tls': rounds(200) }, 1);
  const names = g.map((x) => x.name);
  for (const want of [
    /^produce throughput, gateway TLS .* \/ haproxy TLS/,
    /^consume throughput, gateway TLS .* \/ haproxy TLS/,
    /^proxy CPU ms per MB produced, haproxy TLS/,
    /^proxy CPU ms per MB consumed, haproxy TLS/,
    /^produce throughput, gateway plaintext \/ direct/,
    /^consume throughput, gateway plaintext \/ direct/,
    /^added p99 produce latency, gateway TLS over haproxy TLS/,
    /^small messages: produce msg\/s, gateway TLS/,
    /^small messages: produce msg\/s, gateway plaintext \/ direct/,
  ])
    t.ok(
      names.some((n) => want.test(n)),
      `row ${want}`,
    );
  const p99 = g.find((x) => x.name.startsWith('added p99'))!;
  t.same([p99.value, p99.target, p99.reached], [0, '≤ 0.5 ms', true]);
  t.same(p99.perRound, { median: 0, min: 0, max: 0 }, 'paired per round');
  t.equal(g.find((x) => x.name.startsWith('produce throughput, gateway TLS'))!.reached, true, '1.05× in both rounds');
});
