/**
 * many-load: the many-connections load tool, in its own process: CLIENTS Kafka producer
 * connections multiplexed on one Node event loop (raw frames, many-client.ts), each sending one
 * record of SIZE bytes RATE times a second, spread evenly over the period (many-schedule.ts).
 *
 * Usage: node dist/bench/kafka/many-load.js --bootstrap HOST:PORT --topic T [--tls-ca CA.pem]
 *          [--clients 1000] [--rate 10] [--size 1024] [--acks -1] [--duration-ms 5000]
 *          [--connect-concurrency 32] [--drain-ms 5000]
 *
 * Steps, each between `MARK <step>:start` / `MARK <step>:end`:
 *   connect  every client connects and sets up (ApiVersions, Metadata, leader connection, one
 *            Produce), at most connect-concurrency at a time (a burst of 1,000 would overflow
 *            a listen backlog, the mock broker's is 5, and measure SYN retries)
 *   produce  duration-ms of scheduled sends; a client whose previous request is still
 *            unanswered skips its turn (counted); then up to drain-ms for the last answers
 * Latency is per request, send -> answer, in µs. One JSON line at the end: counts, errors by
 * kind, latency figures and the sorted latencies thinned to at most 2,000 (for the CDF plot).
 * Exits 1 only when no client could connect.
 */
import { readFileSync } from 'node:fs';
import { intOption, parseOptions, stringOption } from '../common/cli-args.js';
import { latencyFigures, thinSorted } from '../common/stats.js';
import { ProducerConnection, type Endpoint } from './many-client.js';
import { plannedTurns, runSchedule } from './many-schedule.js';
import { recordBatch } from './raw-frames.js';

const mark = (what: string): void => void process.stdout.write(`MARK ${what}\n`);

export interface ManyErrors {
  /** Clients that could not connect and set up. */
  connect: number;
  /** Answers with a non-zero error code (or unreadable, or to another request). */
  produce: number;
  /** Requests whose connection closed before the answer. */
  closed: number;
  /** Requests still unanswered after the drain. */
  timeout: number;
}

export interface ManyJson {
  clients: number;
  connected: number;
  connectSeconds: number;
  /** Sends the schedule asked for, sends made, and turns skipped (previous request unanswered). */
  planned: number;
  sent: number;
  skipped: number;
  answered: number;
  seconds: number;
  requestsPerSec: number;
  /** Record payload bytes acknowledged without error, per second, MB = 10^6 bytes. */
  mbPerSec: number;
  bytes: number;
  errors: ManyErrors;
  firstError: string | null;
  latency: ReturnType<typeof latencyFigures>;
  /** Sorted latencies (µs), thinned. */
  cdf: number[];
}

function endpoint(s: string): Endpoint {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i), port: Number(s.slice(i + 1)) };
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const bootstrap = endpoint(stringOption(o, 'bootstrap'));
  const caFile = o.get('tls-ca');
  const clients = intOption(o, 'clients', 1000, 1);
  const rate = intOption(o, 'rate', 10, 1);
  const size = intOption(o, 'size', 1024, 1);
  const acks = Number(stringOption(o, 'acks', '-1'));
  if (acks !== -1 && acks !== 1) throw new Error('--acks must be -1 or 1 (acks=0 has no answer to time)');
  const durationMs = intOption(o, 'duration-ms', 5000, 1);
  const concurrency = intOption(o, 'connect-concurrency', 32, 1);
  const drainMs = intOption(o, 'drain-ms', 5000, 0);
  const batch = recordBatch(Buffer.alloc(size, 'x'), BigInt(Date.now()));
  const settings = { tlsCa: caFile ? readFileSync(caFile) : null, topic: stringOption(o, 'topic'), acks, batch, timeoutMs: 30_000 };
  const conns = Array.from({ length: clients }, (_, i) => new ProducerConnection(i, settings));
  const errors: ManyErrors = { connect: 0, produce: 0, closed: 0, timeout: 0 };
  let firstError: string | null = null;
  const note = (e: string): void => void (firstError ??= e);

  mark('connect:start');
  const c0 = performance.now();
  let next = 0;
  const setUpWorker = async (): Promise<void> => {
    while (next < conns.length) {
      const c = conns[next++];
      await c.setUp(bootstrap).catch((e: unknown) => {
        errors.connect++;
        note(`connect: ${e instanceof Error ? e.message : String(e)}`);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clients) }, setUpWorker));
  const connectSeconds = (performance.now() - c0) / 1000;
  mark('connect:end');
  const connected = conns.filter((c) => c.ready).length;
  if (connected === 0) throw new Error(`no client connected (${firstError ?? 'no error recorded'})`);

  const samples: number[] = [];
  let sent = 0;
  let skipped = 0;
  let answered = 0;
  let okBytes = 0;
  let outstanding = 0;
  let lastAnswer = 0;
  const onAnswer = (us: number, error: number): void => {
    outstanding--;
    if (error === -2) return void errors.closed++;
    lastAnswer = performance.now();
    answered++;
    if (error !== 0) {
      errors.produce++;
      note(`produce: error code ${error}`);
    } else {
      okBytes += size;
      samples.push(us);
    }
  };
  const schedule = { clients, rate, durationMs };
  mark('produce:start');
  const t0 = performance.now();
  await runSchedule(schedule, (i) => {
    const c = conns[i];
    if (!c.ready) return;
    if (c.inFlight) return void skipped++;
    sent++;
    outstanding++;
    c.produce(onAnswer);
  });
  const drainEnd = performance.now() + drainMs;
  while (outstanding > 0 && performance.now() < drainEnd) await new Promise((r) => setTimeout(r, 5));
  mark('produce:end');
  // From the first send to the last answer (the drain wait after it is not the target's time).
  const seconds = (Math.max(lastAnswer, t0 + durationMs) - t0) / 1000;
  errors.timeout = outstanding;
  const sorted = samples.sort((a, b) => a - b);
  const out: ManyJson = {
    clients,
    connected,
    connectSeconds,
    planned: plannedTurns(schedule),
    sent,
    skipped,
    answered,
    seconds,
    requestsPerSec: answered / seconds,
    mbPerSec: okBytes / 1e6 / seconds,
    bytes: okBytes,
    errors,
    firstError,
    latency: latencyFigures(sorted),
    cdf: thinSorted(sorted, 2000).map((v) => Math.round(v)),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
  for (const c of conns) c.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`many-load: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
