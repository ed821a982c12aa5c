/**
 * Small Fluss messages shared by many requests: table paths, table buckets, key/values,
 * partition specs, and ErrorResponse (the body of every ERROR_RESPONSE / SERVER_FAILURE frame).
 * Field numbers are facts from FlussApi.proto; names keep the proto's snake_case.
 */
import { message } from '../proto-message.js';

export const ErrorResponse = message('ErrorResponse', {
  error_code: { no: 1, type: 'int32', required: true },
  error_message: { no: 2, type: 'string' },
});

export const PbTablePath = message('PbTablePath', {
  database_name: { no: 1, type: 'string', required: true },
  table_name: { no: 2, type: 'string', required: true },
});

export const PbPhysicalTablePath = message('PbPhysicalTablePath', {
  database_name: { no: 1, type: 'string', required: true },
  table_name: { no: 2, type: 'string', required: true },
  partition_name: { no: 3, type: 'string' },
});

export const PbTableBucket = message('PbTableBucket', {
  table_id: { no: 1, type: 'int64', required: true },
  partition_id: { no: 2, type: 'int64' },
  bucket_id: { no: 3, type: 'int32', required: true },
});

export const PbKeyValue = message('PbKeyValue', {
  key: { no: 1, type: 'string', required: true },
  value: { no: 2, type: 'string', required: true },
});

export const PbPartitionSpec = message('PbPartitionSpec', {
  partition_key_values: { no: 1, type: PbKeyValue, repeated: true },
});
