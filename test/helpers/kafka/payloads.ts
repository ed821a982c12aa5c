// Test payloads shared by the real-client helpers (kcat, kafkajs, confluent_kafka):
// deterministic binary payload generation, an order-independent digest that the Python
// script computes identically, and a length-prefixed file format to hand payloads over.
import { createHash } from 'node:crypto';

export interface PayloadOptions {
  /** PRNG seed; the same seed always yields the same payloads. */
  seed?: number;
  minBytes?: number;
  maxBytes?: number;
  /** Bytes never to emit (e.g. a kcat delimiter's first byte); replaced deterministically. */
  avoidBytes?: number[];
}

/** mulberry32: tiny deterministic PRNG, good enough for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Makes `count` non-empty binary payloads with sizes in [minBytes, maxBytes]. Every payload
 * starts with its index in ASCII (so all are distinct) followed by random bytes that include
 * newlines and NULs, which line-oriented tooling would mangle.
 */
export function makePayloads(count: number, opts: PayloadOptions = {}): Buffer[] {
  const { seed = 1, minBytes = 16, maxBytes = 512, avoidBytes = [] } = opts;
  if (minBytes < 8 || maxBytes < minBytes) throw new Error('payload sizes must satisfy 8 <= min <= max');
  const avoid = new Set(avoidBytes);
  const rand = prng(seed);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const size = minBytes + Math.floor(rand() * (maxBytes - minBytes + 1));
    const buf = Buffer.alloc(size);
    const label = Buffer.from(`#${i}:`, 'ascii');
    label.copy(buf, 0, 0, Math.min(label.length, size));
    for (let j = label.length; j < size; j++) {
      let b = Math.floor(rand() * 256);
      while (avoid.has(b)) b = (b + 1) & 0xff;
      buf[j] = b;
    }
    if (size > label.length + 2) {
      buf[label.length] = 0x0a; // a newline and a NUL in every payload
      buf[label.length + 1] = 0x00;
    }
    out.push(buf);
  }
  return out;
}

/**
 * Order-independent digest of a multiset of payloads: sha256 over the payloads sorted
 * bytewise, each prefixed with its 4-byte big-endian length. confluent_produce_consume.py
 * computes the same value, so digests from different clients compare directly.
 */
export function digestPayloads(payloads: readonly Buffer[]): string {
  const sorted = [...payloads].sort(Buffer.compare);
  const hash = createHash('sha256');
  const len = Buffer.alloc(4);
  for (const p of sorted) {
    len.writeUInt32BE(p.length, 0);
    hash.update(len);
    hash.update(p);
  }
  return hash.digest('hex');
}

/** Serialises payloads as consecutive (uint32 BE length, bytes) records. */
export function encodeLengthPrefixed(payloads: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const p of payloads) {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(p.length, 0);
    parts.push(len, p);
  }
  return Buffer.concat(parts);
}

/** Inverse of encodeLengthPrefixed; throws on a truncated record. */
export function decodeLengthPrefixed(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let off = 0;
  while (off < data.length) {
    if (off + 4 > data.length) throw new Error('truncated length prefix');
    const len = data.readUInt32BE(off);
    off += 4;
    if (off + len > data.length) throw new Error('truncated payload');
    out.push(data.subarray(off, off + len));
    off += len;
  }
  return out;
}
