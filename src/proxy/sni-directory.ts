/**
 * The node directory of an SNI listener: nodes are advertised as host names (sni-router.ts) at
 * the listener's own port, so no port is opened per node and any id has a name. Keeps one
 * target per node key (re-pointed in place when an answer names a new backend address), and
 * learns unknown nodes by discovery, at most once per DISCOVERY_INTERVAL_MS.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { GatewayError } from '../errors.js';
import { parseNodeKey } from '../config/node-port-map.js';
import { DISCOVERY_INTERVAL_MS } from './node-endpoint-set.js';
import type { SniRouter } from './sni-router.js';
import type { BackendNode } from './protocol.js';

export interface SniDirectoryOptions {
  listener: string;
  router: SniRouter;
  /** The listener's bound port (known once it listens). */
  port: () => number;
  discover?: () => Promise<BackendNode[]>;
  metrics: Metrics;
  log: Logger;
}

export class SniDirectory {
  private readonly targets = new Map<string, BackendNode>();
  private discovering: Promise<void> | null = null;
  private lastDiscovery = -Infinity;

  constructor(private readonly opts: SniDirectoryOptions) {}

  lookup(node: BackendNode): { host: string; port: number } | undefined {
    const t = this.targets.get(node.key);
    const host = this.opts.router.hostFor(node.key);
    if (!t || !host || t.host !== node.host || t.port !== node.port) return undefined;
    return { host, port: this.opts.port() };
  }

  endpointFor(node: BackendNode): Promise<{ host: string; port: number }> {
    const host = this.opts.router.hostFor(node.key);
    if (!host) {
      this.opts.metrics.nodesRefused.inc({ listener: this.opts.listener, kind: parseNodeKey(node.key)?.kind ?? 'unknown' });
      return Promise.reject(this.opts.router.refusal(node));
    }
    const known = this.targets.get(node.key);
    if (!known) {
      this.targets.set(node.key, { ...node });
      this.opts.metrics.nodeEndpoints.set({ listener: this.opts.listener }, this.targets.size);
      this.opts.log.info({ node: node.key, backend: `${node.host}:${node.port}`, sni: host }, 'node endpoint learned');
    } else if (known.host !== node.host || known.port !== node.port) {
      known.host = node.host;
      known.port = node.port;
      this.opts.log.info({ node: node.key, backend: `${node.host}:${node.port}`, sni: host }, 'node endpoint re-pointed');
    }
    return Promise.resolve({ host, port: this.opts.port() });
  }

  /** The target for a node key, asking the backend when it is not known yet; undefined when unknown. */
  async target(key: string): Promise<BackendNode | undefined> {
    const known = this.targets.get(key);
    if (known || !this.opts.discover) return known;
    if (!this.discovering && Date.now() - this.lastDiscovery < DISCOVERY_INTERVAL_MS) return undefined;
    this.discovering ??= this.runDiscovery().finally(() => {
      this.discovering = null;
      this.lastDiscovery = Date.now();
    });
    await this.discovering;
    return this.targets.get(key);
  }

  private async runDiscovery(): Promise<void> {
    try {
      for (const n of await this.opts.discover!()) await this.endpointFor(n).catch(() => undefined);
    } catch (e) {
      const err = e instanceof GatewayError ? e : new GatewayError('SW_ERR_NODE_UNKNOWN', String(e), { cause: e });
      this.opts.log.warn({ err: err.code, detail: err.message }, 'node discovery failed');
    }
  }
}
