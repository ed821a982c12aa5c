/**
 * http-load: the HTTP benchmark's client, in its own process: undici with keep-alive
 * connections, GET requests with HTTP Basic credentials on every request (as a browser on the
 * Flink web UI sends them).
 *
 * Usage: node dist/bench/http/http-load.js --url http://HOST:PORT [--path /jobs/overview]
 *          [--concurrency 16] [--duration-ms 2000] [--latency 500] [--user NAME] [--samples 1]
 * The password comes from the environment variable BENCH_LOAD_PASSWORD (never the command line).
 *
 * Steps: warm-up (opens the connections, and the gateway's Basic cache fills; not timed), then
 *   latency     `latency` requests one at a time; µs per request
 *   throughput  `concurrency` requests in flight over as many kept-alive connections, for
 *               duration-ms; requests/s and µs per request under that load
 * Every answer must be 200 (else exit 1). `MARK <step>:start|end` around each step, one JSON
 * line at the end (with --samples 1, the one-at-a-time latencies in µs too, for the CDF plot).
 */
import { Pool } from 'undici';
import { intOption, parseOptions, stringOption } from '../common/cli-args.js';
import { latencyFigures } from '../common/stats.js';

const mark = (what: string): void => void process.stdout.write(`MARK ${what}\n`);

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const url = stringOption(o, 'url');
  const path = stringOption(o, 'path', '/jobs/overview');
  const concurrency = intOption(o, 'concurrency', 16, 1);
  const durationMs = intOption(o, 'duration-ms', 2000, 1);
  const latencyCount = intOption(o, 'latency', 500, 0);
  const user = o.get('user');
  const withSamples = o.get('samples') === '1';
  const headers: Record<string, string> = user ? { authorization: `Basic ${Buffer.from(`${user}:${process.env.BENCH_LOAD_PASSWORD ?? ''}`).toString('base64')}` } : {};
  const pool = new Pool(url, { connections: concurrency, pipelining: 1, keepAliveTimeout: 60_000 });
  const once = async (): Promise<number> => {
    const t = performance.now();
    const { statusCode, body } = await pool.request({ path, method: 'GET', headers });
    await body.text();
    if (statusCode !== 200) throw new Error(`GET ${path}: status ${statusCode}`);
    return (performance.now() - t) * 1000;
  };
  try {
    await Promise.all(Array.from({ length: concurrency * 2 }, once));
    mark('latency:start');
    const seq: number[] = [];
    for (let i = 0; i < latencyCount; i++) seq.push(await once());
    mark('latency:end');
    const loaded: number[] = [];
    const t0 = performance.now();
    const deadline = t0 + durationMs;
    let last = t0;
    const worker = async (): Promise<void> => {
      while (performance.now() < deadline) {
        loaded.push(await once());
        last = performance.now();
      }
    };
    mark('throughput:start');
    await Promise.all(Array.from({ length: concurrency }, worker));
    mark('throughput:end');
    const seconds = (last - t0) / 1000;
    process.stdout.write(
      `${JSON.stringify({
        latency: { ...latencyFigures(seq), ...(withSamples ? { samples: seq.map((v) => Math.round(v)) } : {}) },
        throughput: { requests: loaded.length, seconds, requestsPerSec: loaded.length / seconds, concurrency, ...latencyFigures(loaded) },
      })}\n`,
    );
  } finally {
    await pool.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`http-load: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
