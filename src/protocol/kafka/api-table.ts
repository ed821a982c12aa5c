/**
 * Every Kafka api key (0..92) with the request versions the gateway accepts, the first flexible
 * version and whether clients may use it, plus the header-version rules derived from them.
 *
 * Version ranges are the union of two Kafka snapshots, so both 4.x clients and older 3.x
 * clients keep working: Kafka 4.2 (KIP-896 raised several floors and removed keys 4..7) and
 * trunk of October 2024 (4.0-SNAPSHOT, still with the ZooKeeper-era keys and old floors).
 * Keys that never existed (none in 0..92 today) are simply absent from the map.
 *
 * clientFacing = false marks inter-broker and controller-only apis: the ZooKeeper-era controller
 * requests (4..7), the KRaft quorum and registration apis, Envelope, WriteTxnMarkers and the
 * share-group state apis a broker sends to the share coordinator (83..87).
 */
export interface ApiSpec {
  key: number;
  name: string;
  minVersion: number;
  maxVersion: number;
  /** First flexible (compact encoding, tagged fields) version; null = never flexible. */
  flexibleFrom: number | null;
  clientFacing: boolean;
}

type Row = [key: number, name: string, min: number, max: number, flexibleFrom: number | null, clientFacing: boolean];

const ROWS: readonly Row[] = [
  [0, 'Produce', 0, 13, 9, true],
  [1, 'Fetch', 0, 18, 12, true],
  [2, 'ListOffsets', 0, 11, 6, true],
  [3, 'Metadata', 0, 13, 9, true],
  [4, 'LeaderAndIsr', 0, 7, 4, false],
  [5, 'StopReplica', 0, 4, 2, false],
  [6, 'UpdateMetadata', 0, 8, 6, false],
  [7, 'ControlledShutdown', 0, 3, 3, false],
  [8, 'OffsetCommit', 0, 10, 8, true],
  [9, 'OffsetFetch', 0, 10, 6, true],
  [10, 'FindCoordinator', 0, 6, 3, true],
  [11, 'JoinGroup', 0, 9, 6, true],
  [12, 'Heartbeat', 0, 4, 4, true],
  [13, 'LeaveGroup', 0, 5, 4, true],
  [14, 'SyncGroup', 0, 5, 4, true],
  [15, 'DescribeGroups', 0, 6, 5, true],
  [16, 'ListGroups', 0, 5, 3, true],
  [17, 'SaslHandshake', 0, 1, null, true],
  [18, 'ApiVersions', 0, 4, 3, true],
  [19, 'CreateTopics', 0, 7, 5, true],
  [20, 'DeleteTopics', 0, 6, 4, true],
  [21, 'DeleteRecords', 0, 2, 2, true],
  [22, 'InitProducerId', 0, 6, 2, true],
  [23, 'OffsetForLeaderEpoch', 0, 4, 4, true],
  [24, 'AddPartitionsToTxn', 0, 5, 3, true], // v4+ is broker-to-broker; the caller checks the version
  [25, 'AddOffsetsToTxn', 0, 4, 3, true],
  [26, 'EndTxn', 0, 5, 3, true],
  [27, 'WriteTxnMarkers', 0, 2, 1, false],
  [28, 'TxnOffsetCommit', 0, 5, 3, true],
  [29, 'DescribeAcls', 0, 3, 2, true],
  [30, 'CreateAcls', 0, 3, 2, true],
  [31, 'DeleteAcls', 0, 3, 2, true],
  [32, 'DescribeConfigs', 0, 4, 4, true],
  [33, 'AlterConfigs', 0, 2, 2, true],
  [34, 'AlterReplicaLogDirs', 0, 2, 2, true],
  [35, 'DescribeLogDirs', 0, 4, 2, true],
  [36, 'SaslAuthenticate', 0, 2, 2, true],
  [37, 'CreatePartitions', 0, 3, 2, true],
  [38, 'CreateDelegationToken', 0, 3, 2, true],
  [39, 'RenewDelegationToken', 0, 2, 2, true],
  [40, 'ExpireDelegationToken', 0, 2, 2, true],
  [41, 'DescribeDelegationToken', 0, 3, 2, true],
  [42, 'DeleteGroups', 0, 2, 2, true],
  [43, 'ElectLeaders', 0, 2, 2, true],
  [44, 'IncrementalAlterConfigs', 0, 1, 1, true],
  [45, 'AlterPartitionReassignments', 0, 1, 0, true],
  [46, 'ListPartitionReassignments', 0, 0, 0, true],
  [47, 'OffsetDelete', 0, 0, null, true],
  [48, 'DescribeClientQuotas', 0, 1, 1, true],
  [49, 'AlterClientQuotas', 0, 1, 1, true],
  [50, 'DescribeUserScramCredentials', 0, 0, 0, true],
  [51, 'AlterUserScramCredentials', 0, 0, 0, true],
  [52, 'Vote', 0, 2, 0, false],
  [53, 'BeginQuorumEpoch', 0, 1, 1, false],
  [54, 'EndQuorumEpoch', 0, 1, 1, false],
  [55, 'DescribeQuorum', 0, 2, 0, true],
  [56, 'AlterPartition', 0, 3, 0, false],
  [57, 'UpdateFeatures', 0, 2, 0, true],
  [58, 'Envelope', 0, 0, 0, false],
  [59, 'FetchSnapshot', 0, 1, 0, false],
  [60, 'DescribeCluster', 0, 2, 0, true],
  [61, 'DescribeProducers', 0, 0, 0, true],
  [62, 'BrokerRegistration', 0, 4, 0, false],
  [63, 'BrokerHeartbeat', 0, 1, 0, false],
  [64, 'UnregisterBroker', 0, 0, 0, true],
  [65, 'DescribeTransactions', 0, 0, 0, true],
  [66, 'ListTransactions', 0, 2, 0, true],
  [67, 'AllocateProducerIds', 0, 0, 0, false],
  [68, 'ConsumerGroupHeartbeat', 0, 1, 0, true],
  [69, 'ConsumerGroupDescribe', 0, 1, 0, true],
  [70, 'ControllerRegistration', 0, 0, 0, false],
  [71, 'GetTelemetrySubscriptions', 0, 0, 0, true],
  [72, 'PushTelemetry', 0, 0, 0, true],
  [73, 'AssignReplicasToDirs', 0, 0, 0, false],
  [74, 'ListConfigResources', 0, 1, 0, true], // called ListClientMetricsResources before 4.1
  [75, 'DescribeTopicPartitions', 0, 0, 0, true],
  [76, 'ShareGroupHeartbeat', 0, 1, 0, true],
  [77, 'ShareGroupDescribe', 0, 1, 0, true],
  [78, 'ShareFetch', 0, 2, 0, true],
  [79, 'ShareAcknowledge', 0, 2, 0, true],
  [80, 'AddRaftVoter', 0, 1, 0, true],
  [81, 'RemoveRaftVoter', 0, 0, 0, true],
  [82, 'UpdateRaftVoter', 0, 0, 0, false],
  [83, 'InitializeShareGroupState', 0, 0, 0, false],
  [84, 'ReadShareGroupState', 0, 0, 0, false],
  [85, 'WriteShareGroupState', 0, 1, 0, false],
  [86, 'DeleteShareGroupState', 0, 0, 0, false],
  [87, 'ReadShareGroupStateSummary', 0, 1, 0, false],
  [88, 'StreamsGroupHeartbeat', 0, 0, 0, true],
  [89, 'StreamsGroupDescribe', 0, 0, 0, true],
  [90, 'DescribeShareGroupOffsets', 0, 1, 0, true],
  [91, 'AlterShareGroupOffsets', 0, 0, 0, true],
  [92, 'DeleteShareGroupOffsets', 0, 0, 0, true],
];

export const API_SPECS: ReadonlyMap<number, ApiSpec> = new Map(
  ROWS.map(([key, name, minVersion, maxVersion, flexibleFrom, clientFacing]) => [key, Object.freeze({ key, name, minVersion, maxVersion, flexibleFrom, clientFacing })]),
);

export const API_KEY_API_VERSIONS = 18;
export const API_KEY_CONTROLLED_SHUTDOWN = 7;

function specOf(apiKey: number): ApiSpec {
  const spec = API_SPECS.get(apiKey);
  if (!spec) throw new RangeError(`unknown Kafka api key ${apiKey}`);
  return spec;
}

/** True when `apiVersion` of `apiKey` uses compact encodings and tagged fields. */
export function isFlexible(apiKey: number, apiVersion: number): boolean {
  const from = specOf(apiKey).flexibleFrom;
  return from !== null && apiVersion >= from;
}

/**
 * Request header version: 2 for flexible versions, else 1; ControlledShutdown v0 alone uses 0.
 * Versions outside the accepted range follow the same rule (ApiVersions must be parsable at any
 * version). Throws RangeError for an unknown api key.
 */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 | 2 {
  if (apiKey === API_KEY_CONTROLLED_SHUTDOWN && apiVersion === 0) return 0;
  return isFlexible(apiKey, apiVersion) ? 2 : 1;
}

/** Response header version: 1 for flexible versions, else 0; ApiVersions always 0 (KIP-511). */
export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {
  if (apiKey === API_KEY_API_VERSIONS) return 0;
  return isFlexible(apiKey, apiVersion) ? 1 : 0;
}

/** The api's name, or `Unknown(<key>)` for keys outside the table (for logs and metrics). */
export function apiName(apiKey: number): string {
  return API_SPECS.get(apiKey)?.name ?? `Unknown(${apiKey})`;
}
