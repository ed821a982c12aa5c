/**
 * Skippers for the parts of response bodies that sit in front of address fields. They only
 * advance the reader (validating lengths as they go) so the rewriter can reach NodeEndpoints at
 * the end of Produce, Fetch, ShareFetch and ShareAcknowledge responses and the Nodes of
 * DescribeQuorum. All of these versions are flexible: compact encodings, and every struct ends
 * with a tagged-field section.
 */
import type { KafkaReader } from './reader.js';

/** Compact array of structs, each read by `item`, then followed by its own tagged fields. */
function skipStructs(r: KafkaReader, item: (r: KafkaReader) => void): void {
  const n = r.compactArrayLength() ?? 0;
  for (let i = 0; i < n; i++) {
    item(r);
    r.skipTaggedFields();
  }
}

/** Produce response v9+ `Responses` (topics with their partition results). */
export function skipProduceTopics(r: KafkaReader, version: number): void {
  skipStructs(r, () => {
    if (version >= 13) r.uuid();
    else r.compactString();
    skipStructs(r, () => {
      r.int32(); // Index
      r.int16(); // ErrorCode
      r.int64(); // BaseOffset
      r.int64(); // LogAppendTimeMs
      r.int64(); // LogStartOffset
      skipStructs(r, () => {
        r.int32(); // BatchIndex
        r.compactNullableString(); // BatchIndexErrorMessage
      });
      r.compactNullableString(); // ErrorMessage
    });
  });
}

/** Fetch response v13+ `Responses` (topics by id with partition data and records). */
export function skipFetchTopics(r: KafkaReader): void {
  skipStructs(r, () => {
    r.uuid(); // TopicId
    skipStructs(r, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      r.int64(); // HighWatermark
      r.int64(); // LastStableOffset
      r.int64(); // LogStartOffset
      skipStructs(r, () => {
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
  skipStructs(r, () => {
    r.uuid(); // TopicId
    skipStructs(r, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      r.compactNullableString(); // ErrorMessage
      r.int16(); // AcknowledgeErrorCode
      r.compactNullableString(); // AcknowledgeErrorMessage
      skipLeaderIdAndEpoch(r); // CurrentLeader
      r.compactNullableBytes(); // Records
      skipStructs(r, () => {
        r.int64(); // FirstOffset
        r.int64(); // LastOffset
        r.int16(); // DeliveryCount
      });
    });
  });
}

/** ShareAcknowledge response `Responses`. */
export function skipShareAcknowledgeTopics(r: KafkaReader): void {
  skipStructs(r, () => {
    r.uuid(); // TopicId
    skipStructs(r, () => {
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
  skipStructs(r, () => {
    r.compactString(); // TopicName
    skipStructs(r, () => {
      r.int32(); // PartitionIndex
      r.int16(); // ErrorCode
      if (version >= 2) r.compactNullableString(); // ErrorMessage
      r.int32(); // LeaderId
      r.int32(); // LeaderEpoch
      r.int64(); // HighWatermark
      skipStructs(r, replicaState); // CurrentVoters
      skipStructs(r, replicaState); // Observers
    });
  });
}
