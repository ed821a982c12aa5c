/**
 * fluss-load: the Fluss benchmark's client, in its own process (the Fluss test client from
 * testkit/fluss/client, so the same TypeScript client for every target).
 *
 * Usage: node dist/bench/fluss/fluss-load.js --bootstrap HOST:PORT --database D --table T --buckets B
 *          [--records 100] [--size 1024] [--inflight 4] [--produce-ms 2000] [--fetch-ms 2000]
 *          [--fetch-bytes 1048576] [--latency 300] [--user NAME]
 * With --user the client authenticates with SASL/PLAIN; the password comes from the
 * environment variable BENCH_LOAD_PASSWORD (never from the command line).
 *
 * Steps (each timed one between `MARK <step>:start` / `MARK <step>:end`):
 *   warm-up  connect, handshake, SASL, metadata, one small batch per bucket (not timed)
 *   produce  `inflight` requests in flight, each one PRODUCE_LOG with one batch of `records`
 *            records of `size` bytes to the next bucket in turn (acks -1), for produce-ms;
 *            batches are built before the step (a small pool, reused) so the client's own
 *            batch building and CRC are not timed
 *   fetch    one reader per bucket, FETCH_LOG from offset 0 up to the high watermark and round
 *            again (passes over what produce left), fetch-bytes per request, for fetch-ms
 *   latency  `latency` PRODUCE_LOG requests of one record, one at a time (figures, and the sorted
 *            latencies thinned to at most 2,000 for the CDF plot)
 * Throughput counts record payload bytes (MB = 10^6 bytes). One JSON line at the end; exit 1 on
 * any error (a bucket error in a response included).
 */
import { randomBytes } from 'node:crypto';
import { FlussTestClient, type TablePath } from '../../testkit/fluss/client/index.js';
import { buildLogBatch, readLogBatches } from '../../src/protocol/fluss/records/log-batch.js';
import { intOption, parseOptions, stringOption } from '../common/cli-args.js';
import { latencyFigures, thinSorted } from '../common/stats.js';

interface Options {
  bootstrap: string;
  path: TablePath;
  buckets: number;
  records: number;
  size: number;
  inflight: number;
  produceMs: number;
  fetchMs: number;
  fetchBytes: number;
  latency: number;
  user: string | null;
}

export interface StepFigures {
  records: number;
  requests: number;
  seconds: number;
  mbPerSec: number;
  recordsPerSec: number;
}

const mark = (what: string): void => void process.stdout.write(`MARK ${what}\n`);

function figures(records: number, requests: number, size: number, ms: number): StepFigures {
  const seconds = ms / 1000;
  return { records, requests, seconds, mbPerSec: (records * size) / 1e6 / seconds, recordsPerSec: records / seconds };
}

function checkBuckets(results: Iterable<{ bucket_id: number; error_code?: number; error_message?: string }>): void {
  for (const r of results) if (r.error_code) throw new Error(`bucket ${r.bucket_id}: error ${r.error_code} ${r.error_message ?? ''}`);
}

async function produceStep(client: FlussTestClient, o: Options): Promise<StepFigures> {
  const pool = Array.from({ length: 8 }, () => buildLogBatch({ records: Array.from({ length: o.records }, () => randomBytes(o.size)) }));
  let sent = 0;
  let records = 0;
  const t0 = performance.now();
  const deadline = t0 + o.produceMs;
  let last = t0;
  const worker = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const n = sent++;
      checkBuckets((await client.log.produce(o.path, new Map([[n % o.buckets, pool[n % pool.length]]]))).values());
      records += o.records;
      last = performance.now();
    }
  };
  mark('produce:start');
  await Promise.all(Array.from({ length: o.inflight }, worker));
  mark('produce:end');
  return figures(records, sent, o.size, last - t0);
}

async function fetchStep(client: FlussTestClient, o: Options): Promise<StepFigures> {
  let records = 0;
  let requests = 0;
  const t0 = performance.now();
  const deadline = t0 + o.fetchMs;
  let last = t0;
  const reader = async (bucket: number): Promise<void> => {
    let offset = 0n;
    while (performance.now() < deadline) {
      const r = await client.log.fetch(o.path, bucket, offset, { maxBytes: o.fetchBytes });
      checkBuckets([r]);
      requests++;
      const batches = r.records ? readLogBatches(r.records) : [];
      for (const h of batches) records += h.recordCount;
      const end = batches.at(-1);
      offset = end ? end.baseOffset + BigInt(end.lastOffsetDelta) + 1n : offset;
      if (r.high_watermark !== undefined && offset >= r.high_watermark) offset = 0n;
      last = performance.now();
    }
  };
  mark('fetch:start');
  await Promise.all(Array.from({ length: o.buckets }, (_, b) => reader(b)));
  mark('fetch:end');
  return figures(records, requests, o.size, last - t0);
}

async function latencyStep(client: FlussTestClient, o: Options) {
  const batch = buildLogBatch({ records: [randomBytes(o.size)] });
  const us: number[] = [];
  for (let i = 0; i < o.latency; i++) {
    const t = performance.now();
    checkBuckets((await client.log.produce(o.path, new Map([[i % o.buckets, batch]]))).values());
    us.push((performance.now() - t) * 1000);
  }
  const sorted = us.sort((a, b) => a - b);
  return { ...latencyFigures(sorted), cdf: thinSorted(sorted, 2000).map((v) => Math.round(v)) };
}

function options(argv: string[]): Options {
  const o = parseOptions(argv);
  return {
    bootstrap: stringOption(o, 'bootstrap'),
    path: { database_name: stringOption(o, 'database'), table_name: stringOption(o, 'table') },
    buckets: intOption(o, 'buckets', 4, 1),
    records: intOption(o, 'records', 100, 1),
    size: intOption(o, 'size', 1024, 1),
    inflight: intOption(o, 'inflight', 4, 1),
    produceMs: intOption(o, 'produce-ms', 2000, 1),
    fetchMs: intOption(o, 'fetch-ms', 2000, 0),
    fetchBytes: intOption(o, 'fetch-bytes', 1024 * 1024, 1),
    latency: intOption(o, 'latency', 300, 0),
    user: o.get('user') ?? null,
  };
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const password = process.env.BENCH_LOAD_PASSWORD ?? '';
  const auth = o.user ? { username: o.user, password, style: 'java' as const } : undefined;
  const client = await FlussTestClient.connect(o.bootstrap, { auth, requestTimeoutMs: 30_000 });
  try {
    await client.updateMetadata([o.path]);
    if (!client.tables.has(`${o.path.database_name}.${o.path.table_name}`)) {
      throw new Error(`table ${o.path.database_name}.${o.path.table_name} is not in the metadata answer (missing, or not authorized)`);
    }
    const warm = buildLogBatch({ records: [Buffer.alloc(16)] });
    for (let b = 0; b < o.buckets; b++) checkBuckets((await client.log.produce(o.path, new Map([[b, warm]]))).values());
    const produce = await produceStep(client, o);
    const fetch = o.fetchMs > 0 ? await fetchStep(client, o) : null;
    const latency = o.latency > 0 ? await latencyStep(client, o) : null;
    process.stdout.write(`${JSON.stringify({ produce, fetch, latency })}\n`);
  } finally {
    client.close();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`fluss-load: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
