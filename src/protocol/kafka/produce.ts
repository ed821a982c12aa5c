/**
 * The one Produce request field the proxy needs before authorization: Acks. With acks=0 the
 * broker sends no response at all, so the proxy must not wait for one (and must close rather
 * than answer when it denies).
 *
 * The fields in front of Acks (TransactionalId from v3, compact from v9) are skipped by the
 * Produce request layout of the schema (schema/layouts/data.ts): nothing is decoded or built.
 */
import { isFlexible } from './api-table.js';
import { KafkaReader } from './reader.js';
import { requestSpec } from './schema/frames.js';
import { skipFieldsBefore } from './schema/skip.js';

const PRODUCE = 0;

/** Acks of a Produce request frame whose body starts at `bodyOffset` (from parseRequestHeader). */
export function produceAcks(frame: Buffer, bodyOffset: number, apiVersion: number): number {
  const r = new KafkaReader(frame, bodyOffset);
  skipFieldsBefore(r, requestSpec(PRODUCE), apiVersion, isFlexible(PRODUCE, apiVersion), 'Acks');
  return r.int16();
}
