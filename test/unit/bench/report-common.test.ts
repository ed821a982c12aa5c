import t from 'tap';
import { goalRows, msOfUs, orDash, pct, range, runLines, utcStamp } from '../../../bench/common/report-common.js';
import type { Machine } from '../../../bench/common/machine.js';

const machine: Machine = { cpus: 2, cpuModel: 'Test CPU', memoryGiB: 8, kernel: 'Linux 6', node: 'v20.0.0', haproxy: '2.6', librdkafka: '2.0.2', openssl: 'OpenSSL 3', loadAtStart: 3 };

t.test('number formats', async (t) => {
  t.equal(msOfUs(1234.5), '1.234');
  t.equal(msOfUs(NaN), 'n/a');
  t.equal(pct(41.6), '42%');
  t.equal(pct(null), '–');
  t.equal(
    orDash(null, (v) => v.toFixed(1)),
    '–',
  );
  t.equal(
    orDash(2, (v) => v.toFixed(1)),
    '2.0',
  );
  t.equal(
    range({ median: 2, min: 1, max: 3 }, (v) => v.toFixed(1)),
    '2.0 (1.0–3.0)',
  );
  t.equal(utcStamp(new Date('2026-01-02T03:04:59Z')), '2026-01-02 03:04 UTC');
});

t.test('goalRows: header, values by unit, verdicts', async (t) => {
  const rows = goalRows([
    { name: 'ratio', value: 0.9, unit: '×', target: '≥ 0.95×', reached: false, perRound: { median: 0.9, min: 0.8, max: 1 } },
    { name: 'added', value: 0.25, unit: 'ms', target: '–', reached: true, perRound: { median: 0.25, min: 0.1, max: 0.4 } },
  ]);
  t.equal(rows.length, 4);
  t.equal(rows[2], '| ratio | 0.900× | 0.900× (0.800× – 1.000×) | ≥ 0.95× | **no** |');
  t.equal(rows[3], '| added | 0.250 ms | 0.250 ms (0.100 ms – 0.400 ms) | – | – |');
});

t.test('runLines: when, how long, the machine and that it is shared', async (t) => {
  const text = runLines(machine, { rounds: 5, seconds: 61.4, load: 7.25, at: new Date('2026-01-02T03:04:00Z') }).join('\n');
  t.match(text, 'Last run: 2026-01-02 03:04 UTC, 5 rounds, 61 s for this part.');
  t.match(text, '2 CPUs (Test CPU)');
  t.match(text, 'Load average when this part started: 7.25');
  t.match(text, 'The machine is shared');
  t.match(runLines(machine, { rounds: 1, seconds: 1, load: 0 }).join('\n'), '1 round,');
});
