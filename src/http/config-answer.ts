/**
 * Filtering of Flink JSON answers that carry configuration, environment and addresses
 * (/jobmanager/config, /jobmanager/environment, /taskmanagers, /jobs/:id/config, ...; the routes
 * flagged `filtered` in flink-routes.ts). Two kinds of values are found, by key and by shape:
 *
 * - credential-bearing: the key (a JSON property name, the `key` of Flink's `{key, value}` config
 *   entries, or the name in a `-Dname=value` JVM option) names a password, secret, token, API or
 *   access key, JAAS config, ... (protocol/config-secrets.ts, a superset of Flink's own
 *   GlobalConfiguration sensitive keys),
 *   or the text itself holds `password=`. ALWAYS replaced by `******` (Flink's hidden-value text),
 *   whatever `configValues` says.
 * - host-bearing: the key names an address, host, quorum, URL, endpoint, location or path, or
 *   the text holds `scheme://host`, `user@host:port` or `host:port`. With `configValues`:
 *     rewrite  the backend's own address becomes the listener's public one (as in headers); a
 *              value that still names another host (TaskManagers, ZooKeeper, HDFS, databases:
 *              the gateway fronts none of them) is redacted
 *     redact   always `******`
 *     pass     left as Flink wrote it
 * Numbers and booleans under non-secret keys are kept (ports, slot counts).
 */
import type { AddressRewriter } from './headers.js';
import { isSecretConfigKey } from '../protocol/config-secrets.js';

import type { ConfigValuesMode } from '../config/types.js';
export type { ConfigValuesMode };

export const REDACTED = '******';

const SECRET_IN_TEXT = /(password|passwd|secret|token)\s*[=:]/i;
const HOST_KEY = /(^|[._-])(address|addresses|host|hosts|hostname|bind-host|quorum|servers|url|uri|endpoint|location|path)$|location$|^host$/i;
/** scheme://authority (not file:///), user@host:port (Pekko/Akka RPC), host:port (lists too). */
const HOST_IN_TEXT = [/[a-z][a-z0-9+.-]*:\/\/[^\s/'"@]*@?[^\s/'"]+/i, /@[a-z0-9.-]+:\d{1,5}/i, /^[a-z0-9._-]+:\d{1,5}(\s*,\s*[a-z0-9._-]+:\d{1,5})*$/i];
const JVM_OPTION = /^(-D)([^=]+)=(.*)$/s;

/** The gateway's one secret-key rule (protocol/config-secrets.ts). */
export const isSecretKey = isSecretConfigKey;

export function namesHost(text: string): boolean {
  return HOST_IN_TEXT.some((re) => re.test(text.trim()));
}

export interface ConfigAnswerOptions {
  mode: ConfigValuesMode;
  rewriter: AddressRewriter;
  /** Host name of the backend URL (a bare `rest.address: <it>` becomes the public host). */
  backendHost: string;
  /** The listener's public `host:port` and host name. */
  publicAuthority: string;
  publicHost: string;
}

export class ConfigAnswerFilter {
  constructor(private readonly o: ConfigAnswerOptions) {}

  /** The filtered copy of a parsed JSON answer. */
  filter(node: unknown, key = ''): unknown {
    if (isSecretKey(key) && node !== null && node !== '') return REDACTED;
    if (Array.isArray(node)) return node.map((x) => this.filter(x, key));
    if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      const entryKey = typeof obj.key === 'string' && 'value' in obj ? obj.key : null;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) {
        if (entryKey !== null) out[k] = k === 'key' ? v : k === 'value' ? this.filter(v, entryKey) : this.filter(v, k);
        else out[k] = this.filter(v, k);
      }
      return out;
    }
    return typeof node === 'string' ? this.text(node, key) : node;
  }

  text(value: string, key: string): string {
    const jvm = JVM_OPTION.exec(value);
    if (jvm) return `${jvm[1]}${jvm[2]}=${isSecretKey(jvm[2]) ? REDACTED : this.text(jvm[3], jvm[2])}`;
    if (SECRET_IN_TEXT.test(value)) return REDACTED;
    const hostBearing = namesHost(value) || (HOST_KEY.test(key) && value.trim() !== '' && !/^(\/|file:)/i.test(value.trim()));
    if (!hostBearing || this.o.mode === 'pass') return value;
    if (this.o.mode === 'redact') return REDACTED;
    if (value.trim().toLowerCase() === this.o.backendHost.toLowerCase()) return this.o.publicHost;
    const rewritten = this.o.rewriter.rewrite(value);
    if (rewritten === value) return REDACTED;
    const rest = rewritten.split(this.o.publicAuthority).join('');
    return namesHost(rest) ? REDACTED : rewritten;
  }
}
