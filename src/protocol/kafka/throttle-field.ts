/**
 * ThrottleTimeMs in Produce and Fetch answers, edited in place (the answer keeps its original
 * bytes otherwise: no decode, no re-encode). Where the field sits (schema/layouts/data.ts, from
 * Kafka's ProduceResponse.json / FetchResponse.json):
 *
 *   Fetch v1+    the first field of the body (after the response header, whose tagged section
 *                comes first from v12, the flexible versions)
 *   Produce v1+  the last untagged field of the body: after every topic and partition answer, and
 *                before the top-level tagged section from v9 (so it is found by skipping the
 *                Responses array by the layout, which a Produce answer makes short)
 *   v0           no field: the answer cannot carry a throttle time
 *
 * stampThrottle writes max(the value the backend sent, `throttleMs`) and returns the offset it
 * wrote at, or -1 when the version has no field. A frame that cannot be walked throws
 * KafkaDecodeError (the caller forwards such an answer unstamped: the mute still holds).
 */
import { isFlexible } from './api-table.js';
import { KafkaDecodeError } from './codec-errors.js';
import { responseBodyOffset } from './header.js';
import { KafkaReader } from './reader.js';
import { responseSpec } from './schema/frames.js';
import { skipFieldsBefore } from './schema/skip.js';

const PRODUCE = 0;
const FETCH = 1;

/** Whether answers of this api and version carry ThrottleTimeMs where stampThrottle finds it. */
export function hasThrottleField(apiKey: number, apiVersion: number): boolean {
  return (apiKey === PRODUCE || apiKey === FETCH) && apiVersion >= 1;
}

/** Absolute offset of ThrottleTimeMs in a Produce or Fetch answer frame (length prefix included). */
export function throttleFieldOffset(frame: Buffer, apiKey: number, apiVersion: number): number {
  if (!hasThrottleField(apiKey, apiVersion)) return -1;
  const body = responseBodyOffset(frame, apiKey, apiVersion);
  if (apiKey === FETCH) {
    if (body + 4 > frame.length) throw new KafkaDecodeError('Fetch answer too short for ThrottleTimeMs', body);
    return body;
  }
  const r = new KafkaReader(frame, body);
  skipFieldsBefore(r, responseSpec(PRODUCE), apiVersion, isFlexible(PRODUCE, apiVersion), 'ThrottleTimeMs');
  if (r.offset + 4 > frame.length) throw new KafkaDecodeError('Produce answer too short for ThrottleTimeMs', r.offset);
  return r.offset;
}

/** Puts max(backend's value, throttleMs) into the answer's ThrottleTimeMs, in place. */
export function stampThrottle(frame: Buffer, apiKey: number, apiVersion: number, throttleMs: number): number {
  const at = throttleFieldOffset(frame, apiKey, apiVersion);
  if (at < 0) return -1;
  const ms = Math.min(Math.max(0, Math.round(throttleMs)), 0x7fffffff);
  if (frame.readInt32BE(at) < ms) frame.writeInt32BE(ms, at);
  return at;
}
