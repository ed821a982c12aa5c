/**
 * ApiVersions (key 18) handling: trim the backend's advertised api list to what the gateway
 * handles, and build the reply a broker gives to an unsupported ApiVersions version.
 *
 * Body: ErrorCode int16, ApiKeys[] {ApiKey, MinVersion, MaxVersion int16}, ThrottleTimeMs (v1+),
 * then (v3+, flexible) a tagged section with the features. The response header is always v0
 * (correlation id only), even for flexible versions. A broker that does not support the
 * requested version answers with UNSUPPORTED_VERSION and a v0 body (KIP-511), whatever the
 * request version was.
 */
import { KAFKA_ERRORS } from './errors.js';
import { frameReader } from './header.js';
import { KafkaWriter, withSizePrefix } from './writer.js';

export interface VersionRange {
  min: number;
  max: number;
}

interface ApiEntry {
  key: number;
  min: number;
  max: number;
  /** The entry's raw tagged-field section (flexible versions), copied as it was. */
  tagged: Buffer | null;
}

/**
 * A new ApiVersions response frame whose ApiKeys list keeps only the keys `supported` knows,
 * each clamped to the intersection of the backend's and the gateway's range (entries whose
 * ranges do not overlap are dropped). Every byte before and after the list is kept as is.
 * Throws KafkaDecodeError on undecodable input.
 */
export function trimApiVersionsResponse(
  frame: Buffer,
  requestVersion: number,
  supported: (apiKey: number) => VersionRange | undefined,
  /** Apis the gateway answers itself: advertised with exactly these ranges, added if missing. */
  gatewayOwned: ReadonlyMap<number, VersionRange> = new Map(),
): Buffer {
  const r = frameReader(frame);
  r.int32(); // CorrelationId (response header v0)
  const errorCode = r.int16();
  const version = errorCode === KAFKA_ERRORS.UNSUPPORTED_VERSION ? 0 : requestVersion;
  const flexible = version >= 3;
  const listStart = r.offset;
  // An entry is ApiKey, MinVersion, MaxVersion (6 bytes) plus its tagged section (1) when flexible.
  const n = flexible ? r.compactArrayLength(7) : r.arrayLength(6);
  if (n === null) return frame;
  const entries: ApiEntry[] = [];
  for (let i = 0; i < n; i++) {
    const key = r.int16();
    const min = r.int16();
    const max = r.int16();
    let tagged: Buffer | null = null;
    if (flexible) {
      const from = r.offset;
      r.skipTaggedFields();
      tagged = frame.subarray(from, r.offset);
    }
    entries.push({ key, min, max, tagged });
  }
  const listEnd = r.offset;

  const kept: ApiEntry[] = [];
  for (const e of entries) {
    const own = gatewayOwned.get(e.key);
    if (own) {
      kept.push({ ...e, min: own.min, max: own.max });
      continue;
    }
    const gw = supported(e.key);
    if (!gw) continue;
    const min = Math.max(e.min, gw.min);
    const max = Math.min(e.max, gw.max);
    if (min > max) continue;
    kept.push({ ...e, min, max });
  }
  for (const [key, own] of gatewayOwned) {
    if (!entries.some((e) => e.key === key)) kept.push({ key, min: own.min, max: own.max, tagged: flexible ? Buffer.from([0]) : null });
  }
  kept.sort((a, b) => a.key - b.key);
  const w = new KafkaWriter(6 * kept.length + 8);
  const writeEntry = (x: KafkaWriter, e: ApiEntry): void => {
    x.int16(e.key).int16(e.min).int16(e.max);
    if (e.tagged) x.raw(e.tagged);
  };
  if (flexible) w.compactArray(kept, writeEntry);
  else w.array(kept, writeEntry);
  return withSizePrefix(frame.subarray(4, listStart), w.toBuffer(), frame.subarray(listEnd));
}

/**
 * What a broker sends for an ApiVersions request whose version it does not support: response
 * header v0 and a v0 body with `errorCode` and only the ApiVersions entry.
 */
export function apiVersionsErrorResponse(correlationId: number, errorCode: number, apiVersionsRange: VersionRange): Buffer {
  return new KafkaWriter(24)
    .int32(correlationId)
    .int16(errorCode)
    .array([apiVersionsRange], (w, range) => {
      w.int16(18).int16(range.min).int16(range.max);
    })
    .frame();
}
