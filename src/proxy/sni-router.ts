/**
 * SNI routing: one TLS port serves the bootstrap and every backend node; the client's SNI host
 * name says which. Nodes are advertised as `pattern(kind, id)` at the listener's own port, e.g.
 * `broker-$(nodeId).kafka.example.com`; the bare bootstrap name reaches the bootstrap servers.
 *
 *   servername == bootstrap name          → bootstrap
 *   servername matches the node pattern   → that node (learned from answers, else discovery)
 *   anything else, or no SNI at all       → closed with SW_ERR_SNI_UNKNOWN (the caller logs)
 *
 * Placeholders: `$(nodeId)` (required) and `$(kind)` (broker, controller, coordinator, tablet).
 * Without `$(kind)` the pattern names the protocol's main kind only (Kafka brokers, Fluss tablet
 * servers); other kinds are refused like ids outside a nodePorts map.
 */
import { GatewayError } from '../errors.js';
import { parseNodeKey, type NodeKind } from '../config/node-port-map.js';
import type { BackendNode } from './protocol.js';

export interface SniNames {
  bootstrap: string;
  node: string;
}

export type SniRoute = { to: 'bootstrap' } | { to: 'node'; key: string } | { to: 'unknown'; reason: string };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class SniRouter {
  private readonly matcher: RegExp;
  private readonly hasKind: boolean;
  private readonly bootstrapName: string;

  constructor(
    private readonly names: SniNames,
    private readonly mainKind: NodeKind,
  ) {
    this.bootstrapName = names.bootstrap.toLowerCase();
    this.hasKind = names.node.includes('$(kind)');
    const parts = names.node.toLowerCase().split(/(\$\(nodeId\)|\$\(kind\))/i);
    const source = parts
      .map((p) => (p.toLowerCase() === '$(nodeid)' ? '(?<id>0|[1-9]\\d{0,9})' : p.toLowerCase() === '$(kind)' ? '(?<kind>broker|controller|coordinator|tablet)' : escape(p)))
      .join('');
    this.matcher = new RegExp(`^${source}$`);
  }

  /** The host name a node is advertised under; undefined when the pattern cannot name its kind. */
  hostFor(key: string): string | undefined {
    const parsed = parseNodeKey(key);
    if (!parsed || parsed.id < 0) return undefined;
    if (!this.hasKind && parsed.kind !== this.mainKind) return undefined;
    return this.names.node.replace(/\$\(nodeId\)/gi, String(parsed.id)).replace(/\$\(kind\)/gi, parsed.kind);
  }

  /** Which endpoint a TLS client asked for by SNI (host names compare case-insensitively). */
  route(servername: string | false | null | undefined): SniRoute {
    if (!servername) return { to: 'unknown', reason: 'no SNI host name' };
    const name = servername.toLowerCase();
    if (name === this.bootstrapName) return { to: 'bootstrap' };
    const m = this.matcher.exec(name);
    if (!m?.groups) return { to: 'unknown', reason: `SNI "${name.slice(0, 255)}" is neither ${this.bootstrapName} nor a node name (${this.names.node})` };
    const kind = (m.groups.kind as NodeKind | undefined) ?? this.mainKind;
    const id = Number(m.groups.id);
    if (!Number.isSafeInteger(id) || id > 2147483647) return { to: 'unknown', reason: `SNI "${name}": node id out of range` };
    return { to: 'node', key: `${kind}:${id}` };
  }

  refusal(node: BackendNode): GatewayError {
    return new GatewayError('SW_ERR_NODE_OUT_OF_RANGE', `${node.key} at ${node.host}:${node.port}: the SNI node pattern ${this.names.node} has no $(kind) for it`);
  }
}
