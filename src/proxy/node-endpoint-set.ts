/**
 * The node endpoints of one listener. Two modes:
 *
 * - a NodePortPlan (production): every port of the plan is opened at start, so a client that
 *   got an address from another replica finds it open here too. A node's port comes from
 *   node-port-map.ts, never from discovery order. A node outside the plan is refused
 *   (SW_ERR_NODE_OUT_OF_RANGE, metric streamward_nodes_refused_total): the answer naming it is
 *   not passed on. A client reaching a port whose node this replica has not met yet is held
 *   while the gateway asks the backend for its nodes (the protocol's NodeDiscovery).
 * - 'auto' (tests, demos): an ephemeral port per node, opened when the node is first met.
 *
 * Endpoint targets are mutable: an answer naming a node at a new backend address re-points it.
 */
import { GatewayError } from '../errors.js';
import { parseNodeKey, planSlots, portForNode, slotOf, type NodePortPlan } from '../config/node-port-map.js';
import type { Endpoint } from './endpoint.js';
import type { BackendNode } from './protocol.js';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';

export interface NodeEndpointSetOptions {
  listener: string;
  bindHost: string;
  advertiseHost: string;
  ports: NodePortPlan | 'auto';
  makeEndpoint(target: BackendNode): Endpoint;
  /** Learns the backend's nodes (deduplicated here); absent = only answers teach nodes. */
  discover?: () => Promise<BackendNode[]>;
  /**
   * `workers: N` with 'auto' ports: the port a node gets, assigned once by the primary for every
   * worker (with a plan, every worker opens the plan's ports at start and needs no claim).
   */
  claim?: (node: BackendNode) => Promise<number>;
  metrics: Metrics;
  log: Logger;
}

type Opened = { endpoint: Endpoint; port: number };

/** A pre-opened slot's target before its node is known. */
const UNKNOWN_HOST = '';
/** Discoveries start at most this often, however many clients knock on unknown ports. */
export const DISCOVERY_INTERVAL_MS = 1000;

export class NodeEndpointSet {
  private readonly opened = new Map<string, Opened>();
  private readonly pending = new Map<string, Promise<{ host: string; port: number }>>();
  private discovering: Promise<void> | null = null;
  private lastDiscovery = -Infinity;

  constructor(private readonly opts: NodeEndpointSetOptions) {}

  /** Opens every port of the plan; a port already taken fails the start (never another port). */
  async start(): Promise<void> {
    if (this.opts.ports === 'auto') return;
    for (const { slot, port } of planSlots(this.opts.ports)) {
      const endpoint = this.opts.makeEndpoint({ key: slot, host: UNKNOWN_HOST, port: 0 });
      try {
        await endpoint.listen(this.opts.bindHost, port);
      } catch (e) {
        throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${this.opts.listener}: node port ${port} (${slot}): ${(e as Error).message}`, { cause: e });
      }
      this.opened.set(slot, { endpoint, port });
    }
    this.opts.metrics.nodeEndpoints.set({ listener: this.opts.listener }, this.opened.size);
  }

  endpoints(): Endpoint[] {
    return [...this.opened.values()].map((o) => o.endpoint);
  }

  private slotFor(key: string): string {
    return this.opts.ports === 'auto' ? key : (slotOf(key) ?? key);
  }

  lookup(node: BackendNode): { host: string; port: number } | undefined {
    const known = this.opened.get(this.slotFor(node.key));
    const t = known?.endpoint.target;
    if (!known || !t || t.key !== node.key || t.host !== node.host || t.port !== node.port) return undefined;
    return { host: this.opts.advertiseHost, port: known.port };
  }

  endpointFor(node: BackendNode): Promise<{ host: string; port: number }> {
    let slot = node.key;
    if (this.opts.ports !== 'auto') {
      const answer = portForNode(this.opts.ports, node.key);
      if (!answer.ok) return Promise.reject(this.refuse(node, answer.reason));
      slot = answer.slot;
    }
    const known = this.opened.get(slot);
    if (known) {
      this.point(known.endpoint.target, node);
      return Promise.resolve({ host: this.opts.advertiseHost, port: known.port });
    }
    const waiting = this.pending.get(slot);
    if (waiting) return waiting;
    const opening = this.open(slot, { ...node }).finally(() => this.pending.delete(slot));
    this.pending.set(slot, opening);
    return opening;
  }

  /**
   * Called before a client connection on a node port is set up: true when the port's node is
   * known (after asking the backend if need be), false when it cannot be found.
   */
  async ensureTarget(target: BackendNode): Promise<boolean> {
    if (target.host !== UNKNOWN_HOST) return true;
    if (!this.opts.discover) return false;
    if (!this.discovering && Date.now() - this.lastDiscovery < DISCOVERY_INTERVAL_MS) return false;
    this.discovering ??= this.runDiscovery().finally(() => {
      this.discovering = null;
      this.lastDiscovery = Date.now();
    });
    await this.discovering;
    return target.host !== UNKNOWN_HOST;
  }

  private async runDiscovery(): Promise<void> {
    try {
      const nodes = await this.opts.discover!();
      for (const n of nodes) await this.endpointFor(n).catch(() => undefined); // refusals are logged and counted
    } catch (e) {
      const err = e instanceof GatewayError ? e : new GatewayError('SW_ERR_NODE_UNKNOWN', String(e), { cause: e });
      this.opts.log.warn({ err: err.code, detail: err.message }, 'node discovery failed');
    }
  }

  private point(target: BackendNode, node: BackendNode): void {
    if (target.key === node.key && target.host === node.host && target.port === node.port) return;
    const first = target.host === UNKNOWN_HOST;
    target.key = node.key;
    target.host = node.host;
    target.port = node.port;
    this.opts.log.info({ node: node.key, backend: `${node.host}:${node.port}` }, first ? 'node endpoint learned' : 'node endpoint re-pointed');
  }

  private refuse(node: BackendNode, reason: string): GatewayError {
    const kind = parseNodeKey(node.key)?.kind ?? 'unknown';
    this.opts.metrics.nodesRefused.inc({ listener: this.opts.listener, kind });
    return new GatewayError('SW_ERR_NODE_OUT_OF_RANGE', `${node.key} at ${node.host}:${node.port}: ${reason}`);
  }

  private async open(slot: string, node: BackendNode): Promise<{ host: string; port: number }> {
    const endpoint = this.opts.makeEndpoint(node);
    const wanted = this.opts.ports === 'auto' ? (this.opts.claim ? await this.opts.claim(node) : 0) : portForNode(this.opts.ports, node.key);
    const port = await endpoint.listen(this.opts.bindHost, typeof wanted === 'number' ? wanted : wanted.ok ? wanted.port : 0);
    this.opened.set(slot, { endpoint, port });
    this.opts.metrics.nodeEndpoints.set({ listener: this.opts.listener }, this.opened.size);
    this.opts.log.info({ node: node.key, backend: `${node.host}:${node.port}`, port }, 'node endpoint opened');
    return { host: this.opts.advertiseHost, port };
  }
}
