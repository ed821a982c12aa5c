/**
 * The audit log: one JSON line per authentication and per authorization decision, written to
 * its own destination: a file opened for append, or `stdout`, which means the log's own output
 * stream (one writer per file descriptor, so audit and log lines never interleave mid-line).
 * Every denial and every authentication is written; allowed authorization decisions are written
 * all, sampled (`sampleRate`), or not at all. Records are built field by field from a fixed list
 * (docs/operations.md, "Audit log"), so nothing else on an event (and never a secret) gets out.
 */
import fs from 'node:fs';
import { pino } from 'pino';
import type { AuditEvent, AuditSink } from './adapters/authz.js';
import type { AuditConfig } from './config/types.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';

export type AuditAllows = 'all' | 'sampled' | 'none';

export interface AuditPolicy {
  allows: AuditAllows;
  /** Fraction (0..1) of allowed decisions written when allows is `sampled`. */
  sampleRate: number;
}

/** Where lines go: anything with write(line). */
export interface LineSink {
  write(line: string): unknown;
}

export interface AuditLogOptions extends AuditPolicy {
  /** 'stdout' (process.stdout), an absolute file path (appended to), or a line sink. */
  destination: string | LineSink;
  metrics?: Metrics;
  /** Random source in [0, 1) for sampling (tests pin it). */
  random?: () => number;
  /** A write to the destination failed (the file is gone, the disk is full, ...). */
  onError?: (error: Error) => void;
}

/** The fields of an audit record, in the order they are written. */
export const AUDIT_FIELDS = ['time', 'kind', 'principal', 'client', 'listener', 'protocol', 'api', 'operation', 'resource', 'decision', 'reason', 'entry'] as const;

/** The JSON line for one event: only the documented fields, absent ones left out. */
export function formatAuditRecord(event: AuditEvent): string {
  const out: Record<string, unknown> = {};
  for (const f of AUDIT_FIELDS) {
    const v = event[f];
    if (v === undefined) continue;
    out[f] = f === 'resource' && v !== null && typeof v === 'object' ? { type: (v as { type: string }).type, name: (v as { name: string }).name } : v;
  }
  return `${JSON.stringify(out)}\n`;
}

/** Whether an event is written under a policy (denials and authentications always are). */
export function shouldWrite(event: AuditEvent, policy: AuditPolicy, random: () => number): boolean {
  if (event.kind !== 'authorization' || event.decision !== 'allow') return true;
  if (policy.allows === 'all') return true;
  if (policy.allows === 'none') return false;
  return random() < policy.sampleRate;
}

export class AuditLog implements AuditSink {
  private policy: AuditPolicy;
  private stream: LineSink;
  private file: fs.WriteStream | null = null;
  private readonly random: () => number;
  private failed = false;

  constructor(private readonly options: AuditLogOptions) {
    this.policy = { allows: options.allows, sampleRate: options.sampleRate };
    this.random = options.random ?? Math.random;
    this.stream = this.open();
  }

  private open(): LineSink {
    const d = this.options.destination;
    if (typeof d !== 'string') return d;
    if (d === 'stdout') return process.stdout;
    this.file = fs.createWriteStream(d, { flags: 'a', mode: 0o640 });
    this.file.on('error', (e) => this.fail(e));
    return this.file;
  }

  private fail(e: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.options.onError?.(e);
  }

  get current(): AuditPolicy {
    return { ...this.policy };
  }

  /** Change which allowed decisions are written (a config reload). */
  configure(policy: AuditPolicy): void {
    this.policy = { ...policy };
  }

  writesAllows(): boolean {
    return this.policy.allows !== 'none';
  }

  record(event: AuditEvent): void {
    if (!shouldWrite(event, this.policy, this.random)) return;
    this.stream.write(formatAuditRecord(event));
    this.options.metrics?.auditRecords.inc({ kind: event.kind, decision: event.decision });
  }

  /** Reopen the file (after an outside rotation moved it away); a no-op for streams. */
  async reopen(): Promise<void> {
    const old = this.file;
    if (!old) return;
    this.failed = false;
    this.stream = this.open();
    await endStream(old);
  }

  async close(): Promise<void> {
    if (this.file) await endStream(this.file);
  }
}

function endStream(s: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed || s.writableFinished) return resolve();
    s.once('error', () => resolve());
    s.end(() => resolve());
  });
}

/** The output stream of a pino logger, when it has one we can write lines to. */
function logStream(log: Logger): LineSink | null {
  const stream = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as LineSink | undefined;
  return stream && typeof stream.write === 'function' ? stream : null;
}

/** The audit log a gateway config asks for (`stdout`: the log's stream); write errors are logged (SW_ERR_INTERNAL). */
export function auditLogFromConfig(audit: AuditConfig, metrics: Metrics, log: Logger): AuditLog {
  return new AuditLog({
    destination: audit.file === 'stdout' ? (logStream(log) ?? 'stdout') : audit.file,
    allows: audit.allows,
    sampleRate: audit.sampleRate,
    metrics,
    onError: (e) => log.error({ err: 'SW_ERR_INTERNAL', detail: e.message, file: audit.file }, 'audit log write failed'),
  });
}
