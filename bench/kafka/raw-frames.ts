/**
 * The Kafka frames of the many-connections load tool (many-load.ts), built once and sent as raw
 * bytes: ApiVersions v3 and Metadata v4 (what a client sends first on a connection), and
 * Produce v7 carrying one record batch (magic 2, one record, no compression, CRC-32C), whose
 * correlation id is patched in place before each send. Requests are encoded with the gateway's
 * own schema layouts; the mock broker (librdkafka) is the independent reader that checks them.
 * Answers: Metadata through the schema decoder (once per connection); ApiVersions and Produce
 * by small readers of their error code (the Produce one thousands of times per second).
 */
import { isFlexible, requestHeaderVersion } from '../../src/protocol/kafka/api-table.js';
import { requestSpec, readResponse } from '../../src/protocol/kafka/schema/frames.js';
import { encodeBody } from '../../src/protocol/kafka/schema/encode.js';
import { items, num, str, type Msg } from '../../src/protocol/kafka/schema/message.js';
import { KafkaWriter, withSizePrefix } from '../../src/protocol/kafka/writer.js';
import { crc32c } from '../../src/protocol/fluss/records/crc32c.js';

export const API_VERSIONS = { key: 18, version: 3 } as const;
export const METADATA = { key: 3, version: 4 } as const;
export const PRODUCE = { key: 0, version: 7 } as const;

/** Offset of the correlation id in a request frame (after size, api key and version). */
const CORRELATION_AT = 8;

/** A complete request frame (size prefix included). */
export function requestFrame(apiKey: number, version: number, correlationId: number, clientId: string, body: Msg): Buffer {
  const head = new KafkaWriter(64).int16(apiKey).int16(version).int32(correlationId).nullableString(clientId);
  if (requestHeaderVersion(apiKey, version) === 2) head.taggedFields([]);
  return withSizePrefix(head.toBuffer(), encodeBody(requestSpec(apiKey), body, version, isFlexible(apiKey, version)));
}

export function setCorrelationId(frame: Buffer, id: number): void {
  frame.writeInt32BE(id, CORRELATION_AT);
}

/** ApiVersions v3 (what current clients send first), or an older version after UNSUPPORTED_VERSION. */
export function apiVersionsRequest(correlationId: number, clientId: string, version: number = API_VERSIONS.version): Buffer {
  const body: Msg = version >= 3 ? { ClientSoftwareName: 'streamward-many-load', ClientSoftwareVersion: '1.0' } : {};
  return requestFrame(API_VERSIONS.key, version, correlationId, clientId, body);
}

export function metadataRequest(correlationId: number, clientId: string, topic: string): Buffer {
  return requestFrame(METADATA.key, METADATA.version, correlationId, clientId, { Topics: [{ Name: topic }], AllowAutoTopicCreation: false });
}

/** One record batch (magic 2) holding one record with `value` and no key, created at `timestampMs`. */
export function recordBatch(value: Buffer, timestampMs: bigint): Buffer {
  const record = new KafkaWriter(value.length + 16).int8(0).varint(0).varint(0).varint(-1).varint(value.length).raw(value).varint(0).toBuffer();
  const afterCrc = new KafkaWriter(record.length + 64)
    .int16(0) // attributes: no compression, CreateTime, not transactional
    .int32(0) // lastOffsetDelta
    .int64(timestampMs)
    .int64(timestampMs)
    .int64(-1n) // producerId: not idempotent
    .int16(-1)
    .int32(-1)
    .int32(1) // record count
    .varint(record.length)
    .raw(record)
    .toBuffer();
  return new KafkaWriter(afterCrc.length + 32)
    .int64(0n)
    .int32(4 + 1 + 4 + afterCrc.length) // from partitionLeaderEpoch to the end
    .int32(-1)
    .int8(2)
    .uint32(crc32c(afterCrc))
    .raw(afterCrc)
    .toBuffer();
}

export function produceRequest(o: { correlationId: number; clientId: string; topic: string; partition: number; acks: number; batch: Buffer }): Buffer {
  return requestFrame(PRODUCE.key, PRODUCE.version, o.correlationId, o.clientId, {
    TransactionalId: null,
    Acks: o.acks,
    TimeoutMs: 30_000,
    TopicData: [{ Name: o.topic, PartitionData: [{ Index: o.partition, Records: o.batch }] }],
  });
}

/**
 * The error code of an ApiVersions answer: the first body field in every version, after a v0
 * response header (KIP-511), so it is read even from the older-format answer a broker gives to a
 * version it does not support. -1 for a frame too short to hold it.
 */
export function apiVersionsError(frame: Buffer): number {
  return frame.length >= 10 ? frame.readInt16BE(8) : -1;
}

/** UNSUPPORTED_VERSION: the broker's answer to an ApiVersions version it does not know. */
export const UNSUPPORTED_VERSION = 35;

export interface TopicLayout {
  /** Broker address by node id. */
  brokers: Map<number, { host: string; port: number }>;
  /** Leader node id by partition. */
  leaders: Map<number, number>;
}

/** The brokers and partition leaders of `topic` from a Metadata v4 answer; throws on a topic error. */
export function topicLayout(frame: Buffer, topic: string): TopicLayout {
  const body = readResponse(frame, METADATA.key, METADATA.version).body;
  const brokers = new Map(items(body, 'Brokers').map((b) => [num(b, 'NodeId'), { host: str(b, 'Host') ?? '', port: num(b, 'Port') }]));
  const t = items(body, 'Topics').find((x) => str(x, 'Name') === topic);
  if (!t) throw new Error(`metadata: topic ${topic} missing from the answer`);
  if (num(t, 'ErrorCode') !== 0) throw new Error(`metadata: topic ${topic} error ${num(t, 'ErrorCode')}`);
  const leaders = new Map(items(t, 'Partitions').map((p) => [num(p, 'PartitionIndex'), num(p, 'LeaderId')]));
  return { brokers, leaders };
}

/**
 * The error code of the first partition of the first topic of a Produce v7 answer (the tool
 * sends one of each), or -1 when the answer is shorter than that (a malformed answer).
 */
export function produceError(frame: Buffer): number {
  let at = 8; // size, correlation id
  if (frame.length < at + 6 || frame.readInt32BE(at) < 1) return -1;
  const nameLen = frame.readInt16BE(at + 4);
  at += 6 + Math.max(0, nameLen);
  if (frame.length < at + 10 || frame.readInt32BE(at) < 1) return -1;
  return frame.readInt16BE(at + 8);
}
