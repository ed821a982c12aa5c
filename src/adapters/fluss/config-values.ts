/**
 * Config values in DESCRIBE_CLUSTER_CONFIGS answers, before they reach a client. A Fluss server
 * masks only its SASL credentials map and PLAIN JAAS configs (DynamicServerConfig
 * .registerDefaultRedactors); every other initial server config passes with its value, including
 * `bind.listeners` / `advertised.listeners` (backend addresses a client could use to bypass the
 * gateway), `zookeeper.address`, storage URIs and secret keys of file systems.
 *
 * Credential-bearing keys (the gateway's one secret-key rule, protocol/config-secrets.ts: Fluss's
 * own ConfigurationUtils sensitive key parts among them) are always masked with Fluss's hidden-content marker. Host-bearing values follow
 * `configValues`:
 *   rewrite  every backend address in the value that the gateway fronts (learned from metadata
 *            answers) becomes its gateway endpoint; a value naming any other host is masked
 *   redact   masked
 *   pass     unchanged
 */
import { decodeMessage, encodeMessage } from '../../protocol/fluss/proto-message.js';
import { DescribeClusterConfigsResponse } from '../../protocol/fluss/messages/configs.js';
import { readResponseHeader, replaceResponseBody } from '../../protocol/fluss/frame.js';
import { isSecretConfigKey } from '../../protocol/config-secrets.js';

import type { ConfigValuesMode } from '../../config/types.js';
export type { ConfigValuesMode };

/** Password.HIDDEN_CONTENT in Fluss. */
export const HIDDEN = '******';

const HOST_KEY = /(^|[._-])(listeners?|address(es)?|hosts?|servers?|endpoints?|urls?|uris?|dir|warehouse|bootstrap)$/i;
/** scheme://authority, or host:port. */
const ADDRESS = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):(\d{1,5})\b|[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/,;]+/g;

export function isHostBearing(key: string, value: string): boolean {
  return HOST_KEY.test(key) || new RegExp(ADDRESS.source).test(value);
}

/** Backend address -> gateway endpoint, as learned from the metadata answers the gateway rewrote. */
export class AddressBook {
  private readonly map = new Map<string, { host: string; port: number }>();
  constructor(private readonly max = 10_000) {}

  set(host: string, port: number, endpoint: { host: string; port: number }): void {
    if (this.map.size >= this.max && !this.map.has(`${host}:${port}`)) return;
    this.map.set(`${host}:${port}`, endpoint);
  }

  get(host: string, port: number): { host: string; port: number } | undefined {
    return this.map.get(`${host}:${port}`);
  }
}

/** The value with every address rewritten, or undefined when some address is not one we front. */
function rewriteAddresses(value: string, book: AddressBook): string | undefined {
  let unknown = false;
  const out = value.replace(ADDRESS, (all, scheme: string | undefined, host: string | undefined, port: string | undefined) => {
    if (host === undefined || port === undefined) {
      unknown = true;
      return all;
    }
    const bare = host.startsWith('[') ? host.slice(1, -1) : host;
    const ep = book.get(bare, Number(port));
    if (!ep) {
      unknown = true;
      return all;
    }
    const h = ep.host.includes(':') ? `[${ep.host}]` : ep.host;
    return `${scheme ?? ''}${h}:${ep.port}`;
  });
  return unknown ? undefined : out;
}

export function cleanConfigValue(key: string, value: string, mode: ConfigValuesMode, book: AddressBook): string {
  if (isSecretConfigKey(key)) return HIDDEN;
  if (mode === 'pass' || !isHostBearing(key, value)) return value;
  if (mode === 'redact') return HIDDEN;
  if (!new RegExp(ADDRESS.source).test(value)) return value.trim() === '' ? value : HIDDEN;
  return rewriteAddresses(value, book) ?? HIDDEN;
}

/** A DESCRIBE_CLUSTER_CONFIGS success frame with every value cleaned (the same Buffer when nothing changed). */
export function cleanClusterConfigs(frame: Buffer, mode: ConfigValuesMode, book: AddressBook): Buffer {
  const header = readResponseHeader(frame);
  const body = frame.subarray(header.bodyOffset, header.frameEnd);
  const resp = decodeMessage(DescribeClusterConfigsResponse, body);
  let changed = false;
  for (const c of resp.configs) {
    if (c.config_value === undefined) continue;
    const clean = cleanConfigValue(c.config_key, c.config_value, mode, book);
    if (clean !== c.config_value) {
      c.config_value = clean;
      changed = true;
    }
  }
  return changed ? replaceResponseBody(frame, header, encodeMessage(DescribeClusterConfigsResponse, resp)) : frame;
}
