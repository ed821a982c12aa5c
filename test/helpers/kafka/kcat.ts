// Drives Debian's kcat (librdkafka 2.0.2 inside) as a real Kafka producer/consumer in tests.
// Messages travel byte-exact: they are framed with a 4-byte delimiter (-D) that the helper
// proves unambiguous before producing. kcat skips empty messages, so those are rejected.
// Extra librdkafka properties go in `props` (-X), e.g. security.protocol=ssl,
// ssl.ca.location=..., sasl.mechanisms=..., so the same helper serves TLS/SASL tests.
import { runProcess, type ProcessResult } from './run-process.js';

export type KcatCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
export const KCAT_CODECS: readonly KcatCodec[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** Record separator bytes; payloads made with avoidBytes: [0x1e] can never contain it. */
export const KCAT_DELIMITER = Buffer.from([0x1e, 0x1f, 0x1e, 0x1f]);
const KCAT_DELIMITER_ARG = '\\x1e\\x1f\\x1e\\x1f';

export interface KcatCommonOptions {
  bootstrap: string;
  /** librdkafka properties passed as -X key=value. */
  props?: Record<string, string | number | boolean>;
  /** Hard limit for the kcat process (default 20 s). */
  timeoutMs?: number;
}

export interface KcatProduceOptions extends KcatCommonOptions {
  topic: string;
  messages: readonly Buffer[];
  /** Partition; default -1 = random partitioner, spreading messages over all brokers. */
  partition?: number;
  compression?: KcatCodec;
  /** Fixed key for every message (-k). */
  key?: string;
}

export interface KcatConsumeOptions extends KcatCommonOptions {
  topic: string;
  /** Stop after exactly this many messages (-c); -e also stops at end of partitions. */
  count: number;
  partition?: number;
  /** Use a balanced consumer group (-G) instead of a plain partition consumer. */
  group?: string;
}

export type KcatResult = ProcessResult;
export interface KcatConsumeResult extends KcatResult {
  messages: Buffer[];
}

function propArgs(props: KcatCommonOptions['props']): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(props ?? {})) out.push('-X', `${k}=${String(v)}`);
  return out;
}

/** Runs kcat with raw arguments; `-F /dev/null` keeps any user kcat.conf out of tests. */
export function runKcat(args: readonly string[], opts: { stdin?: Buffer; timeoutMs?: number } = {}): Promise<KcatResult> {
  return runProcess('kcat', ['-F', '/dev/null', ...args], { stdin: opts.stdin, timeoutMs: opts.timeoutMs ?? 20_000 });
}

/** Splits delimiter-terminated kcat output back into messages. */
export function splitDelimited(data: Buffer, delimiter: Buffer = KCAT_DELIMITER): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const at = data.indexOf(delimiter, start);
    if (at < 0) break;
    out.push(data.subarray(start, at));
    start = at + delimiter.length;
  }
  if (start < data.length) out.push(data.subarray(start)); // unterminated tail
  return out;
}

/** Frames messages for kcat -P -D; throws if any message would not split back unchanged. */
export function frameMessages(messages: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of messages) {
    if (m.length === 0) throw new Error('kcat: empty messages are skipped by kcat -P; not supported');
    parts.push(m, KCAT_DELIMITER);
  }
  const framed = Buffer.concat(parts);
  const back = splitDelimited(framed);
  if (back.length !== messages.length || back.some((b, i) => !b.equals(messages[i]))) {
    throw new Error('kcat: a message contains the delimiter; generate payloads with avoidBytes: [0x1e]');
  }
  return framed;
}

export function kcatProduce(opts: KcatProduceOptions): Promise<KcatResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const args = ['-b', opts.bootstrap, '-P', '-t', opts.topic, '-p', String(opts.partition ?? -1)];
  args.push('-D', KCAT_DELIMITER_ARG, '-z', opts.compression ?? 'none');
  if (opts.key !== undefined) args.push('-k', opts.key);
  // Fail deliveries before the process timeout so a failing run exits non-zero on its own.
  const props = { 'message.timeout.ms': Math.max(1000, timeoutMs - 2000), ...opts.props };
  args.push(...propArgs(props));
  return runKcat(args, { stdin: frameMessages(opts.messages), timeoutMs });
}

export async function kcatConsume(opts: KcatConsumeOptions): Promise<KcatConsumeResult> {
  const args = ['-b', opts.bootstrap, '-D', KCAT_DELIMITER_ARG, '-c', String(opts.count), '-e'];
  if (opts.group !== undefined) {
    args.push('-G', opts.group, '-X', 'auto.offset.reset=earliest', ...propArgs(opts.props), opts.topic);
  } else {
    args.push('-C', '-t', opts.topic, '-o', 'beginning', ...propArgs(opts.props));
    if (opts.partition !== undefined) args.push('-p', String(opts.partition));
  }
  const result = await runKcat(args, { timeoutMs: opts.timeoutMs });
  return { ...result, messages: splitDelimited(result.stdout) };
}

export interface KcatMetadata {
  brokers: Array<{ id: number; name: string }>;
  topics: Array<{ topic: string; error?: string; partitions: Array<{ partition: number; leader: number }> }>;
}

/** kcat -L -J: cluster metadata as the client sees it (broker addresses, partitions). */
export async function kcatMetadata(opts: KcatCommonOptions & { topic?: string }): Promise<KcatMetadata> {
  const args = ['-b', opts.bootstrap, '-L', '-J', '-m', '5', ...propArgs(opts.props)];
  if (opts.topic !== undefined) args.push('-t', opts.topic);
  const r = await runKcat(args, { timeoutMs: opts.timeoutMs });
  if (r.code !== 0) throw new Error(`kcat -L failed (code ${r.code}): ${r.stderr.trim().slice(-500)}`);
  return JSON.parse(r.stdout.toString('utf8')) as KcatMetadata;
}
