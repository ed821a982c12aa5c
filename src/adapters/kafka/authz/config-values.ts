/**
 * DescribeConfigs answers without backend addresses or secrets (issue 12, point 10). The mode is
 * per listener (`configValues`):
 *   rewrite (default)  `advertised.listeners` of a broker becomes that broker's gateway endpoint
 *                      (`NAME://gateway-host:node-port` per entry, the address Metadata gives the
 *                      client); any other host-bearing value, or one that cannot be mapped, is
 *                      redacted. Default because it is as safe as redact (nothing unmapped passes)
 *                      and keeps `kafka-configs --describe` consistent with what clients connect to.
 *   redact             every host-bearing value becomes null.
 *   pass               host-bearing values pass unchanged (a trusted operator listener).
 * In every mode, a credential-bearing value (ConfigType PASSWORD, or a name the gateway's one
 * secret-key rule names, protocol/config-secrets.ts) is null with IsSensitive true, synonyms
 * included, as a broker answers for its sensitive configs.
 */
import type { ConnectionContext } from '../../../proxy/protocol.js';
import { items, num, str, type Msg } from '../../../protocol/kafka/schema/message.js';
import { isSecretConfigKey } from '../../../protocol/config-secrets.js';

import type { ConfigValuesMode } from '../../../config/types.js';
export type { ConfigValuesMode };

const PASSWORD_TYPE = 9;
const BROKER = 4;
const HOST_NAME = /(^|\.)(advertised\.)?listeners$|bootstrap\.servers$|quorum\.voters$|^zookeeper\.connect$|\.connect$|(^|\.)(endpoint|endpoints|url|urls|host|hosts|hostname)$|host\.name$/i;

export function isCredentialConfig(name: string, configType: number): boolean {
  return configType === PASSWORD_TYPE || isSecretConfigKey(name);
}

export function isHostConfig(name: string): boolean {
  return HOST_NAME.test(name);
}

/** `NAME://host:port,...` with each host:port replaced by the gateway endpoint of `broker`, or null. */
function rewriteListeners(value: string, broker: number, ctx: ConnectionContext): string | null {
  const out: string[] = [];
  for (const part of value.split(',')) {
    const m = /^\s*([A-Za-z0-9_-]+):\/\/(\[[^\]]*\]|[^:/\s]*):(\d{1,5})\s*$/.exec(part);
    if (!m) return null;
    const host = m[2].replace(/^\[|\]$/g, '');
    const endpoint = ctx.nodes.lookup({ key: `broker:${broker}`, host, port: Number(m[3]) });
    if (!endpoint) continue; // a listener this gateway does not front: not shown
    out.push(`${m[1]}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`);
  }
  return out.length > 0 ? out.join(',') : null;
}

function cleanValue(name: string, value: string | null, resource: Msg, mode: ConfigValuesMode, ctx: ConnectionContext): string | null {
  if (value === null || mode === 'pass' || !isHostConfig(name)) return value;
  const broker = Number(str(resource, 'ResourceName'));
  if (mode === 'rewrite' && name === 'advertised.listeners' && num(resource, 'ResourceType') === BROKER && Number.isInteger(broker)) {
    return rewriteListeners(value, broker, ctx);
  }
  return null;
}

/** Redact or rewrite the values of a DescribeConfigs answer in place; returns how many changed. */
export function cleanConfigValues(answer: Msg, mode: ConfigValuesMode, ctx: ConnectionContext): number {
  let changed = 0;
  for (const r of items(answer, 'Results')) {
    for (const c of items(r, 'Configs')) {
      const name = str(c, 'Name') ?? '';
      const secret = isCredentialConfig(name, typeof c.ConfigType === 'number' ? c.ConfigType : 0);
      const before = str(c, 'Value');
      const after = secret ? null : cleanValue(name, before, r, mode, ctx);
      if (secret) c.IsSensitive = true;
      if (after !== before) {
        c.Value = after;
        changed++;
      }
      for (const s of items(c, 'Synonyms')) {
        const sv = str(s, 'Value');
        const sn = str(s, 'Name') ?? name;
        const clean = secret || isCredentialConfig(sn, 0) ? null : cleanValue(sn, sv, r, mode, ctx);
        if (clean !== sv) {
          s.Value = clean;
          changed++;
        }
      }
    }
  }
  return changed;
}
