/**
 * The one Produce request field the proxy needs before authorization: Acks. With acks=0 the
 * broker sends no response at all, so the proxy must not wait for one (and must close rather
 * than answer when it denies).
 *
 * Request body: v0-2 start with Acks int16; v3+ start with TransactionalId (nullable string,
 * compact from v9 on) followed by Acks.
 */
import { isFlexible } from './api-table.js';
import { KafkaReader } from './reader.js';

const PRODUCE = 0;

/** Acks of a Produce request frame whose body starts at `bodyOffset` (from parseRequestHeader). */
export function produceAcks(frame: Buffer, bodyOffset: number, apiVersion: number): number {
  const r = new KafkaReader(frame, bodyOffset);
  if (apiVersion >= 3) {
    if (isFlexible(PRODUCE, apiVersion)) r.compactNullableString();
    else r.nullableString();
  }
  return r.int16();
}
