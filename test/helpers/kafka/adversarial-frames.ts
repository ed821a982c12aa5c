/**
 * Adversarial Kafka request frames built from the gateway's own schemas (so every api the
 * authorization stage decodes gets them, none hand-picked), and a raw client that logs in with
 * SASL PLAIN first. Frames are built by bytes (Buffer.fill repeats an element), never as
 * millions of objects in the test process.
 *
 * Kinds: 'trailing' (a valid body padded with zeros to the frame limit), 'huge-count' (the first
 * array declares 50,000,000 elements, zeros follow to the frame limit), 'tiny-elements' (the
 * first array filled to the frame limit with its smallest element).
 */
import { encodeBody } from '../../../src/protocol/kafka/schema/encode.js';
import { requestDefaults, requestSpec } from '../../../src/protocol/kafka/schema/frames.js';
import { entry, present, type Msg, type Value } from '../../../src/protocol/kafka/schema/message.js';
import { isFlexible, requestHeaderVersion } from '../../../src/protocol/kafka/api-table.js';
import { KafkaWriter } from '../../../src/protocol/kafka/writer.js';
import { connectRaw, type RawClient } from '../raw-client.js';

export type AttackKind = 'trailing' | 'huge-count' | 'tiny-elements';

function header(key: number, version: number, id: number): Buffer {
  const w = new KafkaWriter(32).int16(key).int16(version).int32(id).nullableString('attacker');
  if (requestHeaderVersion(key, version) === 2) w.uvarint(0);
  return w.toBuffer();
}

function frameOf(parts: Buffer[], total: number): Buffer {
  const out = Buffer.alloc(total);
  let at = 4;
  for (const p of parts) at += p.copy(out, at);
  out.writeInt32BE(total - 4, 0);
  return out;
}

/** The frame, `total` bytes long, or null when the api has no array at this version. */
export function attackFrame(kind: AttackKind, key: number, version: number, total: number, id = 1): Buffer | null {
  const flexible = isFlexible(key, version);
  const spec = requestSpec(key);
  const base: Msg = requestDefaults(key, version);
  const head = header(key, version, id);
  if (kind === 'trailing') return frameOf([head, encodeBody(spec, base, version, flexible)], total);
  const arr = spec.find((f) => f.array && f.tag === null && present(f, version, flexible));
  if (!arr) return null;
  const empty = encodeBody(spec, { ...base, [arr.name]: [] as Value[] }, version, flexible);
  const one = encodeBody(
    spec,
    { ...base, [arr.name]: [arr.type === 'struct' ? entry(arr.fields, version, flexible, {}) : arr.type === 'string' ? '' : arr.type === 'int64' ? 0n : arr.type === 'bool' ? false : 0] as Value[] },
    version,
    flexible,
  );
  let diff = 0;
  while (empty[diff] === one[diff]) diff++;
  const countAt = flexible ? diff : diff - 3;
  const countLen = flexible ? 1 : 4;
  const prefix = empty.subarray(0, countAt);
  const suffix = empty.subarray(countAt + countLen);
  const element = one.subarray(countAt + countLen, countAt + countLen + (one.length - empty.length));
  if (kind === 'huge-count') {
    const count = flexible ? new KafkaWriter(8).uvarint(50_000_001).toBuffer() : new KafkaWriter(4).int32(50_000_000).toBuffer();
    return frameOf([head, prefix, count, suffix], total);
  }
  const room = total - 4 - head.length - prefix.length - suffix.length - 5;
  const n = Math.floor(room / element.length);
  const elements = Buffer.alloc(n * element.length);
  elements.fill(element);
  const count = flexible ? new KafkaWriter(8).uvarint(n + 1).toBuffer() : new KafkaWriter(4).int32(n).toBuffer();
  const body = Buffer.concat([prefix, count, elements, suffix]);
  const out = Buffer.alloc(4 + head.length + body.length);
  out.writeInt32BE(out.length - 4, 0);
  head.copy(out, 4);
  body.copy(out, 4 + head.length);
  return out;
}

/** A raw connection logged in with SASL PLAIN (SaslHandshake v1, SaslAuthenticate v1). */
export async function rawLogin(port: number, user: string, password: string): Promise<RawClient> {
  const c = await connectRaw(port);
  c.send(new KafkaWriter(64).int16(17).int16(1).int32(1).nullableString('c').string('PLAIN').frame());
  await c.waitFrames(1, 10_000);
  const token = Buffer.from(`\u0000${user}\u0000${password}`);
  c.send(new KafkaWriter(64).int16(36).int16(1).int32(2).nullableString('c').bytes(token).frame());
  const [, auth] = await c.waitFrames(2, 10_000);
  if (auth.readInt16BE(8) !== 0) throw new Error(`login of ${user} failed: error ${auth.readInt16BE(8)}`);
  c.frames.length = 0;
  return c;
}
