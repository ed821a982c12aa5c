/**
 * Skippers for the parts of response bodies that sit in front of address fields. They only
 * advance the reader (validating lengths as they go) so the rewriter can reach NodeEndpoints at
 * the end of Produce, Fetch, ShareFetch and ShareAcknowledge responses and the Nodes of
 * DescribeQuorum. All of these versions are flexible: compact encodings, and every struct ends
 * with a tagged-field section.
 *
 * Every array count is checked against the bytes left before its loop, with the fewest bytes
 * one element takes (the `min` argument: its untagged fields at their smallest encoding, 1 per
 * compact string/bytes/array, plus 1 for its tagged section).
 */
import type { KafkaReader } from './reader.js';

/**
 * Compact array of structs, each at least `min` bytes, each read by `item`, then followed by its
 * own tagged fields.
 */
function skipStructs(r: KafkaReader, min: number, item: (r: KafkaReader) => void): void {
  const n = r.compactArrayLength(min) ?? 0;
  for (let i = 0; i < n; i++) {
    item(r);
    r.skipTaggedFields();
  }
}

/** Produce response v9+ `Responses` (topics with their partition results). */
export function skipProduceTopics(r: KafkaReader, version: number): void {
  // Topic: TopicId 16 (v13+) or Name 1, Partitions 1, tagged 1.
  skipStructs(r, version >= 13 ? 18 : 3, () => {
    if (version >= 13) r.uuid();
    else r.compactString();
    // Partition: 4 + 2 + 8 + 8 + 8, RecordErrors 1, ErrorMessage 1, tagged 1.
    skipStructs(r, 33, () => {
      r.int32(); // Index
      r.int16(); // ErrorCode
      r.int64(); // BaseOffset
      r.int64(); // LogAppendTimeMs
      r.int64(); // LogStartOffset
      skipStructs(r, 6, () => {
        r.int32(); // BatchIndex
        r.compactNullableString(); // BatchIndexErrorMessage
      });
      r.compactNullableString(); // ErrorMessage
    });
  });
}

/** Fetch response v13+ `Responses` (topics by id with partition data and records). */
export function skipFetchTopics(r: KafkaReader): void {
  skipStructs(r, 18, () => {
    r.uuid(); // TopicId
    // Partition: 4 + 2 + 8 + 8 + 8, AbortedTransactions 1, PreferredReadReplica 4, Records 1, tagged 1.
    skipStructs(r, 37, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      r.int64(); // HighWatermark
      r.int64(); // LastStableOffset
      r.int64(); // LogStartOffset
      skipStructs(r, 17, () => {
        r.int64(); // ProducerId
        r.int64(); // FirstOffset
      });
      r.int32(); // PreferredReadReplica
      r.compactNullableBytes(); // Records
    });
  });
}

/** LeaderIdAndEpoch, a plain (untagged) nested struct in the share responses. */
function skipLeaderIdAndEpoch(r: KafkaReader): void {
  r.int32();
  r.int32();
  r.skipTaggedFields();
}

/** ShareFetch response `Responses`. */
export function skipShareFetchTopics(r: KafkaReader): void {
  skipStructs(r, 18, () => {
    r.uuid(); // TopicId
    // Partition: 4 + 2, ErrorMessage 1, 2, AcknowledgeErrorMessage 1, CurrentLeader 9, Records 1,
    // AcquiredRecords 1, tagged 1.
    skipStructs(r, 22, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      r.compactNullableString(); // ErrorMessage
      r.int16(); // AcknowledgeErrorCode
      r.compactNullableString(); // AcknowledgeErrorMessage
      skipLeaderIdAndEpoch(r); // CurrentLeader
      r.compactNullableBytes(); // Records
      skipStructs(r, 19, () => {
        r.int64(); // FirstOffset
        r.int64(); // LastOffset
        r.int16(); // DeliveryCount
      });
    });
  });
}

/** ShareAcknowledge response `Responses`. */
export function skipShareAcknowledgeTopics(r: KafkaReader): void {
  skipStructs(r, 18, () => {
    r.uuid(); // TopicId
    // Partition: 4 + 2, ErrorMessage 1, CurrentLeader 9, tagged 1.
    skipStructs(r, 17, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      r.compactNullableString(); // ErrorMessage
      skipLeaderIdAndEpoch(r); // CurrentLeader
    });
  });
}

/** DescribeQuorum response `Topics` (version 2 and later carry the fields below). */
export function skipDescribeQuorumTopics(r: KafkaReader, version: number): void {
  const replicaState = (): void => {
    r.int32(); // ReplicaId
    if (version >= 2) r.uuid(); // ReplicaDirectoryId
    r.int64(); // LogEndOffset
    if (version >= 1) {
      r.int64(); // LastFetchTimestamp
      r.int64(); // LastCaughtUpTimestamp
    }
  };
  // ReplicaState: 4, ReplicaDirectoryId 16 (v2+), 8, two timestamps 16 (v1+), tagged 1.
  const minReplica = 13 + (version >= 2 ? 16 : 0) + (version >= 1 ? 16 : 0);
  skipStructs(r, 3, () => {
    r.compactString(); // TopicName
    // Partition: 4 + 2, ErrorMessage 1 (v2+), 4 + 4 + 8, CurrentVoters 1, Observers 1, tagged 1.
    skipStructs(r, 25 + (version >= 2 ? 1 : 0), () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      if (version >= 2) r.compactNullableString(); // ErrorMessage
      r.int32(); // LeaderId
      r.int32(); // LeaderEpoch
      r.int64(); // HighWatermark
      skipStructs(r, minReplica, replicaState); // CurrentVoters
      skipStructs(r, minReplica, replicaState); // Observers
    });
  });
}
