/**
 * DESCRIBE_CLUSTER_CONFIGS (1045) messages (FlussApi.proto): the request is empty; the response
 * lists every server config entry with its value (optional; may name hosts or hold secrets) and
 * its source (INITIAL_SERVER_CONFIG or DYNAMIC_SERVER_CONFIG).
 */
import { message } from '../proto-message.js';

export const PbDescribeConfig = message('PbDescribeConfig', {
  config_key: { no: 1, type: 'string', required: true },
  config_value: { no: 2, type: 'string' },
  config_source: { no: 3, type: 'string', required: true },
});

export const DescribeClusterConfigsResponse = message('DescribeClusterConfigsResponse', {
  configs: { no: 1, type: PbDescribeConfig, repeated: true },
});
