// Runs confluent_produce_consume.py with Debian's /usr/bin/python3 and confluent_kafka 1.7
// (librdkafka 2.0.2): produce N messages and consume them back, returning the script's JSON
// summary. librdkafka properties (TLS, SASL) go in `config`; they travel as JSON on argv.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeLengthPrefixed } from './payloads.js';
import { runProcess } from './run-process.js';

export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'confluent_produce_consume.py');

export type LibrdkafkaConfig = Record<string, string | number | boolean>;

export interface PythonRoundTripOptions {
  bootstrap: string;
  topic: string;
  mode?: 'both' | 'produce' | 'consume';
  /** Exact payloads to produce; otherwise `count` generated from `seed` inside Python. */
  payloads?: readonly Buffer[];
  count?: number;
  seed?: number;
  /** Messages to consume in 'consume' mode. */
  expect?: number;
  config?: LibrdkafkaConfig;
  producerConfig?: LibrdkafkaConfig;
  consumerConfig?: LibrdkafkaConfig;
  groupId?: string;
  /** Assign all partitions instead of joining a consumer group. */
  assign?: boolean;
  compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  /** Budget inside the script; the process itself is killed 5 s later. */
  timeoutMs?: number;
}

export interface PythonRoundTripSummary {
  ok: boolean;
  produced: number;
  consumed: number;
  producedSha256: string | null;
  consumedSha256: string | null;
  clientErrors: string[];
  error: string | null;
  elapsedMs: number;
}

export interface PythonRoundTripResult {
  /** Null when the script printed no parsable summary (crash or timeout). */
  summary: PythonRoundTripSummary | null;
  exitCode: number | null;
  stderr: string;
  timedOut: boolean;
}

export async function runConfluentRoundTrip(opts: PythonRoundTripOptions): Promise<PythonRoundTripResult> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const { payloads, timeoutMs: _t, ...rest } = opts;
  const cfg: Record<string, unknown> = { ...rest, timeoutSec: timeoutMs / 1000 };
  let dir: string | undefined;
  try {
    if (payloads) {
      dir = await mkdtemp(join(tmpdir(), 'sw-py-'));
      cfg.payloadFile = join(dir, 'payloads.bin');
      await writeFile(cfg.payloadFile as string, encodeLengthPrefixed(payloads));
    }
    const r = await runProcess(SYSTEM_PYTHON, [SCRIPT, JSON.stringify(cfg)], { timeoutMs: timeoutMs + 5000 });
    const lastLine = r.stdout.toString('utf8').trim().split('\n').pop() ?? '';
    let summary: PythonRoundTripSummary | null = null;
    try {
      summary = JSON.parse(lastLine) as PythonRoundTripSummary;
    } catch {
      summary = null;
    }
    return { summary, exitCode: r.code, stderr: r.stderr, timedOut: r.timedOut };
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}
