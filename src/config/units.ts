/**
 * The config file's small value languages: durations (`250ms`, `30s`, `5m`, `1h`, `1d`), sizes
 * (`512`, `1KiB`, `100MiB`, `1GB`), `host:port` addresses and port ranges (`9124-9199`). Each
 * parser returns undefined for text it does not accept; each formatter is its inverse, choosing
 * the largest unit that represents the value exactly.
 */
import type { HostPort } from './types.js';

const DURATION_UNITS: Array<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
];
const SIZE_UNITS: Array<[string, number]> = [
  ['GiB', 1024 ** 3],
  ['MiB', 1024 ** 2],
  ['KiB', 1024],
  ['GB', 1e9],
  ['MB', 1e6],
  ['KB', 1e3],
  ['B', 1],
];

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
const SIZE_RE = /^(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|KB|MB|GB)?$/;

/** Milliseconds for `250ms`, `30s`, `1.5h`...; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const m = DURATION_RE.exec(text.trim());
  if (!m) return undefined;
  const unit = DURATION_UNITS.find(([u]) => u === m[2]);
  const ms = Number(m[1]) * unit![1];
  const whole = Math.round(ms);
  // fractions are fine (`1.5h`) as long as they land on a whole millisecond
  return Number.isSafeInteger(whole) && Math.abs(whole - ms) < 1e-6 ? whole : undefined;
}

/** Bytes for `512`, `1KiB`, `100MiB`, `2GB` (or a plain non-negative integer); undefined if invalid. */
export function parseSize(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  const m = SIZE_RE.exec(value.trim());
  if (!m) return undefined;
  const factor = SIZE_UNITS.find(([u]) => u === (m[2] ?? 'B'))![1];
  const bytes = Number(m[1]) * factor;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  for (const [unit, factor] of DURATION_UNITS) if (ms % factor === 0) return `${ms / factor}${unit}`;
  return `${ms}ms`;
}

export function formatSize(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [unit, factor] of SIZE_UNITS) {
    if (unit !== 'B' && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

/**
 * `host:port`, `[v6addr]:port` or `:port` (host empty = all interfaces, read as 0.0.0.0).
 * Ports 0..65535; undefined when the text does not have that shape.
 */
export function parseHostPort(text: string): HostPort | undefined {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^\s:[\]/]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port > 65535) return undefined;
  const host = m[1] ?? (m[2] === '' ? '0.0.0.0' : m[2]!);
  return { host, port };
}

export function formatHostPort(hp: HostPort): string {
  return hp.host.includes(':') ? `[${hp.host}]:${hp.port}` : `${hp.host}:${hp.port}`;
}

/** `9124-9199` → {first, last}; a single port `9124` is a range of one. Undefined when invalid. */
export function parsePortRange(text: string): { first: number; last: number } | undefined {
  const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(text.trim());
  if (!m) return undefined;
  const first = Number(m[1]);
  const last = m[2] === undefined ? first : Number(m[2]);
  if (first < 1 || last > 65535 || first > last) return undefined;
  return { first, last };
}

/** True for addresses that mean "every interface". */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '' || host === '[::]';
}
