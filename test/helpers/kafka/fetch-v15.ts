/**
 * Hand-built Fetch v15 request frames for the parser-differential attack tests, and a reader
 * that reads the body's tagged section the way Kafka's generated FetchRequestData reader does
 * (generator/src/main/java/org/apache/kafka/message/MessageDataGenerator.java): a KNOWN tag is
 * read by its schema, whatever size it declares; only unknown tags are skipped by size; bytes
 * after the body are ignored. It is what the broker would act on.
 */
import { KafkaReader } from '../../../src/protocol/kafka/reader.js';
import { KafkaWriter } from '../../../src/protocol/kafka/writer.js';

/** The untagged part of a Fetch v15 body: one topic (by id) with partition 0, no session. */
export function fetchV15Fields(topicId: Buffer): KafkaWriter {
  return new KafkaWriter(128)
    .int32(500)
    .int32(1)
    .int32(1 << 20)
    .int8(0)
    .int32(0)
    .int32(-1) // MaxWait MinBytes MaxBytes Isolation SessionId SessionEpoch
    .uvarint(2)
    .uuid(topicId)
    .uvarint(2)
    .int32(0)
    .int32(-1)
    .int64(0n)
    .int32(-1)
    .int64(-1n)
    .int32(1 << 20)
    .uvarint(0) // one partition
    .uvarint(0) // topic tags
    .uvarint(1) // ForgottenTopicsData: empty
    .compactString(''); // RackId
}

/** A ReplicaState struct: ReplicaId, ReplicaEpoch, empty tagged section (13 bytes + 1). */
export function replicaState(replicaId: number, epoch = 1n): Buffer {
  return new KafkaWriter(16).int32(replicaId).int64(epoch).uvarint(0).toBuffer();
}

/** A Fetch v15 frame (header v2) with `fields` and then the raw tagged section `tags`. */
export function fetchV15Frame(fields: KafkaWriter, tags: Buffer, correlationId = 9): Buffer {
  return new KafkaWriter(256).int16(1).int16(15).int32(correlationId).nullableString('attacker').uvarint(0).raw(fields.toBuffer()).raw(tags).frame();
}

/** ReplicaId the broker's generated reader would see (-1 when no ReplicaState is read). */
export function brokerReplicaId(frame: Buffer): number {
  const r = new KafkaReader(frame, 4);
  r.int16();
  r.int16();
  r.int32();
  r.nullableString();
  r.skipTaggedFields();
  r.skip(4 * 3 + 1 + 4 * 2);
  for (let t = r.compactArrayLength() ?? 0; t > 0; t--) {
    r.uuid();
    for (let p = r.compactArrayLength() ?? 0; p > 0; p--) {
      r.skip(4 + 4 + 8 + 4 + 8 + 4);
      r.skipTaggedFields();
    }
    r.skipTaggedFields();
  }
  r.compactArrayLength();
  r.compactString();
  let replicaId = -1;
  for (let n = r.uvarint(); n > 0; n--) {
    const tag = r.uvarint();
    const size = r.uvarint();
    if (tag === 0)
      r.compactNullableString(); // ClusterId, read by its schema
    else if (tag === 1) {
      replicaId = r.int32();
      r.int64();
      r.skipTaggedFields();
    } // ReplicaState
    else r.skip(size);
  }
  return replicaId;
}
