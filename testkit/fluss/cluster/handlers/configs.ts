/**
 * DESCRIBE_CLUSTER_CONFIGS (1045) of the Fluss test cluster, as RpcServiceBase.describeClusterConfigs
 * answers it: every initial server config not overridden by a dynamic one (source
 * INITIAL_SERVER_CONFIG), then the dynamic ones (DYNAMIC_SERVER_CONFIG), each value passed through
 * DynamicServerConfig.redactConfigValue: only `security.sasl.plain.credentials` (map values
 * masked, user names kept) and PLAIN JAAS configs (whole value masked) are hidden. Everything
 * else, `bind.listeners` with this node's own address included, goes out as configured.
 */
import { encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { DescribeClusterConfigsResponse } from '../../../../src/protocol/fluss/messages/configs.js';
import type { HandlerContext } from '../node.js';

const HIDDEN = '******';

function redact(key: string, value: string): string {
  if (key === 'security.sasl.plain.credentials') {
    return value
      .split(',')
      .map((entry) => (entry.includes(':') ? `${entry.slice(0, entry.indexOf(':'))}:${HIDDEN}` : entry))
      .join(',');
  }
  if (/^security\.sasl\.(listener\.name\.[^.]+\.)?plain\.jaas\.config$/.test(key)) return HIDDEN;
  return value;
}

export function describeClusterConfigs(ctx: HandlerContext): Buffer {
  const initial = new Map(ctx.state.initialConfigs);
  initial.set('bind.listeners', `FLUSS://${ctx.node.host}:${ctx.node.port}`);
  const configs: Array<{ config_key: string; config_value?: string; config_source: string }> = [];
  for (const [key, value] of initial) {
    if (!ctx.state.dynamicConfigs.has(key)) configs.push({ config_key: key, config_value: redact(key, value), config_source: 'INITIAL_SERVER_CONFIG' });
  }
  for (const [key, value] of ctx.state.dynamicConfigs) configs.push({ config_key: key, config_value: redact(key, value), config_source: 'DYNAMIC_SERVER_CONFIG' });
  return encodeMessage(DescribeClusterConfigsResponse, { configs });
}
