/**
 * Fluss error codes (all 75 of Fluss Errors at the time of writing: -1, 0 and 1..73), with the
 * default message of each, and the ApiError rule for what goes on the wire.
 *
 * Wire rule (Fluss ApiError): an ErrorResponse carries `error_message` only when the message
 * differs from the code's default text; code -1 carries a (truncated) stack trace.
 */

export interface FlussErrorInfo {
  readonly code: number;
  readonly name: string;
  /** Default message; null only for NONE. */
  readonly message: string | null;
}

type Row = [number, string, string | null];

const ROWS: Row[] = [
  [-1, 'UNKNOWN_SERVER_ERROR', 'The server experienced an unexpected error when processing the request.'],
  [0, 'NONE', null],
  [1, 'NETWORK_EXCEPTION', 'The server disconnected before a response was received.'],
  [2, 'UNSUPPORTED_VERSION', 'The version of API is not supported.'],
  [3, 'CORRUPT_MESSAGE', 'This message has failed its CRC checksum, exceeds the valid size, has a null key for a primary key table, or is otherwise corrupt.'],
  [4, 'DATABASE_NOT_EXIST', 'The database does not exist.'],
  [5, 'DATABASE_NOT_EMPTY', 'The database is not empty.'],
  [6, 'DATABASE_ALREADY_EXIST', 'The database already exists.'],
  [7, 'TABLE_NOT_EXIST', 'The table does not exist.'],
  [8, 'TABLE_ALREADY_EXIST', 'The table already exists.'],
  [9, 'SCHEMA_NOT_EXIST', 'The schema does not exist.'],
  [10, 'LOG_STORAGE_EXCEPTION', 'Exception occur while storage data for log in server.'],
  [11, 'KV_STORAGE_EXCEPTION', 'Exception occur while storage data for kv in server.'],
  [12, 'NOT_LEADER_OR_FOLLOWER', 'Not leader or follower.'],
  [13, 'RECORD_TOO_LARGE_EXCEPTION', 'The record is too large.'],
  [14, 'CORRUPT_RECORD_EXCEPTION', 'The record is corrupt.'],
  [15, 'INVALID_TABLE_EXCEPTION', 'The client has attempted to perform an operation on an invalid table.'],
  [16, 'INVALID_DATABASE_EXCEPTION', 'The client has attempted to perform an operation on an invalid database.'],
  [17, 'INVALID_REPLICATION_FACTOR', 'The replication factor is larger then the number of available tablet servers.'],
  [18, 'INVALID_REQUIRED_ACKS', 'Produce request specified an invalid value for required acks.'],
  [19, 'LOG_OFFSET_OUT_OF_RANGE_EXCEPTION', 'The log offset is out of range.'],
  [20, 'NON_PRIMARY_KEY_TABLE_EXCEPTION', 'The table is not primary key table.'],
  [21, 'UNKNOWN_TABLE_OR_BUCKET_EXCEPTION', 'The table or bucket does not exist.'],
  [22, 'INVALID_UPDATE_VERSION_EXCEPTION', 'The update version is invalid.'],
  [23, 'INVALID_COORDINATOR_EXCEPTION', 'The coordinator is invalid.'],
  [24, 'FENCED_LEADER_EPOCH_EXCEPTION', 'The leader epoch is invalid.'],
  [25, 'REQUEST_TIME_OUT', 'The request time out.'],
  [26, 'STORAGE_EXCEPTION', 'The general storage exception.'],
  [27, 'OPERATION_NOT_ATTEMPTED_EXCEPTION', 'The server did not attempt to execute this operation.'],
  [28, 'NOT_ENOUGH_REPLICAS_AFTER_APPEND_EXCEPTION', 'Records are written to the server already, but to fewer in-sync replicas than required.'],
  [29, 'NOT_ENOUGH_REPLICAS_EXCEPTION', 'Messages are rejected since there are fewer in-sync replicas than required.'],
  [30, 'SECURITY_TOKEN_EXCEPTION', 'Get file access security token exception.'],
  [31, 'OUT_OF_ORDER_SEQUENCE_EXCEPTION', 'The tablet server received an out of order sequence batch.'],
  [32, 'DUPLICATE_SEQUENCE_EXCEPTION', 'The tablet server received a duplicate sequence batch.'],
  [33, 'UNKNOWN_WRITER_ID_EXCEPTION', 'This exception is raised by the tablet server if it could not locate the writer metadata.'],
  [34, 'INVALID_COLUMN_PROJECTION', 'The requested column projection is invalid.'],
  [35, 'INVALID_TARGET_COLUMN', 'The requested target column to write is invalid.'],
  [36, 'PARTITION_NOT_EXISTS', 'The partition does not exist.'],
  [37, 'TABLE_NOT_PARTITIONED_EXCEPTION', 'The table is not partitioned.'],
  [38, 'INVALID_TIMESTAMP_EXCEPTION', 'The timestamp is invalid.'],
  [39, 'INVALID_CONFIG_EXCEPTION', 'The config is invalid.'],
  [40, 'LAKE_STORAGE_NOT_CONFIGURED_EXCEPTION', 'The lake storage is not configured.'],
  [41, 'KV_SNAPSHOT_NOT_EXIST', 'The kv snapshot is not exist.'],
  [42, 'PARTITION_ALREADY_EXISTS', 'The partition already exists.'],
  [43, 'PARTITION_SPEC_INVALID_EXCEPTION', 'The partition spec is invalid.'],
  [44, 'LEADER_NOT_AVAILABLE_EXCEPTION', 'There is no currently available leader for the given partition.'],
  [45, 'PARTITION_MAX_NUM_EXCEPTION', 'Exceed the maximum number of partitions.'],
  [46, 'AUTHENTICATE_EXCEPTION', 'Authentication failed.'],
  [47, 'SECURITY_DISABLED_EXCEPTION', 'Security is disabled.'],
  [48, 'AUTHORIZATION_EXCEPTION', 'Authorization failed'],
  [49, 'BUCKET_MAX_NUM_EXCEPTION', 'Exceed the maximum number of buckets'],
  [50, 'FENCED_TIERING_EPOCH_EXCEPTION', 'The tiering epoch is invalid.'],
  [51, 'RETRIABLE_AUTHENTICATE_EXCEPTION', 'Authentication failed with retriable exception. '],
  [52, 'INVALID_SERVER_RACK_INFO_EXCEPTION', 'The server rack info is invalid.'],
  [53, 'LAKE_SNAPSHOT_NOT_EXIST', 'The lake snapshot is not exist.'],
  [54, 'LAKE_TABLE_ALREADY_EXIST', 'The lake table already exists.'],
  [55, 'INELIGIBLE_REPLICA_EXCEPTION', 'The new ISR contains at least one ineligible replica.'],
  [56, 'INVALID_ALTER_TABLE_EXCEPTION', 'The alter table is invalid.'],
  [57, 'DELETION_DISABLED_EXCEPTION', 'Deletion operations are disabled on this table.'],
  [58, 'SERVER_NOT_EXIST_EXCEPTION', 'The server is not exist.'],
  [59, 'SEVER_TAG_ALREADY_EXIST_EXCEPTION', 'The server tag already exist.'],
  [60, 'SEVER_TAG_NOT_EXIST_EXCEPTION', 'The server tag not exist.'],
  [61, 'REBALANCE_FAILURE_EXCEPTION', 'The rebalance task failure.'],
  [62, 'NO_REBALANCE_IN_PROGRESS_EXCEPTION', 'No rebalance task in progress.'],
  [63, 'INVALID_PRODUCER_ID_EXCEPTION', 'The client has attempted to perform an operation with an invalid producer ID.'],
  [64, 'CONFIG_EXCEPTION', 'A configuration error occurred.'],
  [65, 'NOT_COORDINATOR_LEADER_EXCEPTION', 'The coordinator is not a leader and cannot process request.'],
  [66, 'SCANNER_EXPIRED', 'The scanner session has expired due to inactivity.'],
  [67, 'UNKNOWN_SCANNER_ID', 'The scanner id is not recognized by the server.'],
  [68, 'INVALID_SCAN_REQUEST', 'The scan request is invalid.'],
  [69, 'TOO_MANY_SCANNERS', 'The per-bucket or per-server scanner session limit has been reached.'],
  [70, 'DISK_WRITE_LOCKED', 'The tablet server has rejected writes because its data disk usage reached the configured write-limit ratio.'],
  [71, 'INSUFFICIENT_KV_LEADER_REPLICA_CAPACITY', 'The cluster does not have enough KV leader replica capacity.'],
  [72, 'STORAGE_BACKPRESSURE_EXCEPTION', 'The tablet server has rejected the write because the KV storage engine has reached its write-pressure threshold.'],
  [73, 'HISTORICAL_PARTITION_THROTTLED', 'Historical partition request is throttled because too many historical requests are in flight.'],
];

export const FLUSS_ERRORS: readonly FlussErrorInfo[] = ROWS.map(([code, name, message]) => Object.freeze({ code, name, message }));

const BY_CODE = new Map(FLUSS_ERRORS.map((e) => [e.code, e]));

/** Codes the gateway and the test cluster use by name. */
export const FlussError = {
  UNKNOWN_SERVER_ERROR: -1,
  NONE: 0,
  NETWORK_EXCEPTION: 1,
  UNSUPPORTED_VERSION: 2,
  CORRUPT_MESSAGE: 3,
  DATABASE_NOT_EXIST: 4,
  DATABASE_NOT_EMPTY: 5,
  DATABASE_ALREADY_EXIST: 6,
  TABLE_NOT_EXIST: 7,
  TABLE_ALREADY_EXIST: 8,
  SCHEMA_NOT_EXIST: 9,
  NOT_LEADER_OR_FOLLOWER: 12,
  CORRUPT_RECORD_EXCEPTION: 14,
  INVALID_TABLE_EXCEPTION: 15,
  INVALID_DATABASE_EXCEPTION: 16,
  INVALID_REQUIRED_ACKS: 18,
  LOG_OFFSET_OUT_OF_RANGE_EXCEPTION: 19,
  NON_PRIMARY_KEY_TABLE_EXCEPTION: 20,
  UNKNOWN_TABLE_OR_BUCKET_EXCEPTION: 21,
  REQUEST_TIME_OUT: 25,
  PARTITION_NOT_EXISTS: 36,
  AUTHENTICATE_EXCEPTION: 46,
  SECURITY_DISABLED_EXCEPTION: 47,
  AUTHORIZATION_EXCEPTION: 48,
  RETRIABLE_AUTHENTICATE_EXCEPTION: 51,
  NOT_COORDINATOR_LEADER_EXCEPTION: 65,
} as const;

export function errorInfo(code: number): FlussErrorInfo | undefined {
  return BY_CODE.get(code);
}

/** The error's name, or `UNKNOWN_ERROR_CODE(<code>)`. */
export function errorName(code: number): string {
  return BY_CODE.get(code)?.name ?? `UNKNOWN_ERROR_CODE(${code})`;
}

/** The default message of a code (undefined for NONE and unknown codes). */
export function defaultErrorMessage(code: number): string | undefined {
  return BY_CODE.get(code)?.message ?? undefined;
}

/** What Fluss puts in `error_message`: nothing when the text equals the code's default. */
export function wireErrorMessage(code: number, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  return message === defaultErrorMessage(code) ? undefined : message;
}
