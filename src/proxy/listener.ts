/**
 * A listener: the bootstrap endpoint plus one endpoint per backend node, opened as nodes are
 * discovered (so a broker added later needs no restart). Owns the connections of all its
 * endpoints and the node directory the protocol sessions use to rewrite addresses.
 */
import type net from 'node:net';
import type { Logger } from 'pino';
import { Endpoint } from './endpoint.js';
import { ClientConnection } from './connection.js';
import { GatewayError } from '../errors.js';
import type { ServerTlsState } from '../tls/server-context.js';
import type { BackendNode, ConnectionContext, GatewayServices, NodeDirectory, ProtocolAdapter } from './protocol.js';
import type { ConnectionSettings, ProxyLimits } from './settings.js';
import type { Metrics } from '../metrics.js';
import type { UpstreamAddress } from './upstream.js';

export interface ListenerOptions {
  name: string;
  bind: { host: string; port: number };
  /** Host clients are told to connect to (node endpoints use it with their own ports). */
  advertiseHost: string;
  /** Ports for node endpoints: an inclusive range, or 'auto' for ephemeral ports. */
  nodePorts: { from: number; to: number } | 'auto';
  tls: ServerTlsState | null;
  adapter: ProtocolAdapter;
  bootstrap: UpstreamAddress[];
  limits: ProxyLimits;
  metrics: Metrics;
  services: GatewayServices;
  log: Logger;
  upstreamTls?: ConnectionSettings['upstreamTls'];
  /** `workers: N`: the primary assigns each node's port, the same in every worker (src/cluster/node-ports.ts). */
  nodePortClaim?: (node: BackendNode) => Promise<number>;
}

/** What endpoints need from their listener. */
export interface ListenerShared {
  name: string;
  log: Logger;
  metrics: Metrics;
  limits: ProxyLimits;
  acceptingPaused: boolean;
  tls(): ServerTlsState | null;
  openConnections(): number;
  accept(socket: net.Socket, tlsInfo: ConnectionContext['tls'], target: BackendNode): void;
}

let nextConnId = 1;

export class Listener implements ListenerShared, NodeDirectory {
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly limits: ProxyLimits;
  acceptingPaused = false;
  private tlsState: ServerTlsState | null;
  private readonly connections = new Set<ClientConnection>();
  private readonly bootstrapEndpoint: Endpoint;
  private readonly nodeEndpoints = new Map<string, { endpoint: Endpoint; port: number }>();
  private readonly pendingNodes = new Map<string, Promise<{ host: string; port: number }>>();
  private readonly settings: ConnectionSettings;
  private nextRangePort: number;
  boundPort = 0;

  constructor(private readonly opts: ListenerOptions) {
    this.name = opts.name;
    this.log = opts.log.child({ listener: opts.name });
    this.metrics = opts.metrics;
    this.limits = opts.limits;
    this.tlsState = opts.tls;
    this.nextRangePort = opts.nodePorts === 'auto' ? 0 : opts.nodePorts.from;
    this.settings = {
      limits: opts.limits,
      metrics: opts.metrics,
      upstreamTls: opts.upstreamTls,
      upstreamAddresses: (target) => (target.key === 'bootstrap' ? opts.bootstrap : [{ host: target.host, port: target.port }]),
    };
    this.bootstrapEndpoint = new Endpoint(this, { key: 'bootstrap', host: '', port: 0 });
  }

  async start(): Promise<void> {
    this.boundPort = await this.bootstrapEndpoint.listen(this.opts.bind.host, this.opts.bind.port);
    this.log.info({ bind: `${this.opts.bind.host}:${this.boundPort}`, tls: this.tlsState !== null, protocol: this.opts.adapter.name }, 'listener started');
  }

  tls(): ServerTlsState | null {
    return this.tlsState;
  }

  /** Swap the TLS material; new handshakes use it, open connections keep theirs. */
  setTls(state: ServerTlsState): void {
    this.tlsState = state;
  }

  openConnections(): number {
    return this.connections.size;
  }

  accept(socket: net.Socket, tlsInfo: ConnectionContext['tls'], target: BackendNode): void {
    const connId = nextConnId++;
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    const log = this.log.child({ conn: connId, remote, node: target.key });
    let conn: ClientConnection | undefined;
    const ctx: ConnectionContext = {
      connId,
      listener: this.name,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      tls: tlsInfo,
      principal: null,
      log,
      nodes: this,
      target,
      services: this.opts.services,
      close: (error: GatewayError) => conn?.close(error),
    };
    this.metrics.connectionsAccepted.inc({ listener: this.name });
    this.metrics.connectionsActive.inc({ listener: this.name });
    conn = new ClientConnection(socket, ctx, this.opts.adapter, this.settings, (c) => {
      this.connections.delete(c);
      this.metrics.connectionsActive.dec({ listener: this.name });
    });
    this.connections.add(conn);
    log.debug('connection accepted');
    socket.resume();
  }

  lookup(node: BackendNode): { host: string; port: number } | undefined {
    const known = this.nodeEndpoints.get(node.key);
    if (!known || known.endpoint.target.host !== node.host || known.endpoint.target.port !== node.port) return undefined;
    return { host: this.opts.advertiseHost, port: known.port };
  }

  endpointFor(node: BackendNode): Promise<{ host: string; port: number }> {
    const known = this.nodeEndpoints.get(node.key);
    if (known) {
      if (known.endpoint.target.host !== node.host || known.endpoint.target.port !== node.port) {
        this.log.info({ node: node.key, backend: `${node.host}:${node.port}` }, 'node endpoint re-pointed');
        known.endpoint.target.host = node.host;
        known.endpoint.target.port = node.port;
      }
      return Promise.resolve({ host: this.opts.advertiseHost, port: known.port });
    }
    const pending = this.pendingNodes.get(node.key);
    if (pending) return pending;
    const opening = this.openNodeEndpoint({ ...node }).finally(() => this.pendingNodes.delete(node.key));
    this.pendingNodes.set(node.key, opening);
    return opening;
  }

  private async openNodeEndpoint(node: BackendNode): Promise<{ host: string; port: number }> {
    const endpoint = new Endpoint(this, node);
    const range = this.opts.nodePorts;
    const claim = this.opts.nodePortClaim;
    for (;;) {
      let port: number;
      if (claim) port = await claim(node);
      else if (range === 'auto') port = 0;
      else if (this.nextRangePort > range.to) throw new GatewayError('SW_ERR_NODE_PORTS_EXHAUSTED', `${range.from}-${range.to} for ${node.key}`);
      else port = this.nextRangePort++;
      try {
        const bound = await endpoint.listen(this.opts.bind.host, port);
        this.nodeEndpoints.set(node.key, { endpoint, port: bound });
        this.metrics.nodeEndpoints.set({ listener: this.name }, this.nodeEndpoints.size);
        this.log.info({ node: node.key, backend: `${node.host}:${node.port}`, port: bound }, 'node endpoint opened');
        return { host: this.opts.advertiseHost, port: bound };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || range === 'auto' || claim) throw e;
      }
    }
  }

  /** Stop accepting, let connections finish their in-flight requests, close them after timeoutMs. */
  async drain(timeoutMs: number): Promise<void> {
    this.acceptingPaused = true;
    const closing = [this.bootstrapEndpoint.close(), ...[...this.nodeEndpoints.values()].map((n) => n.endpoint.close())];
    for (const c of this.connections) c.drain();
    const deadline = Date.now() + timeoutMs;
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const c of [...this.connections]) c.close(new GatewayError('SW_ERR_IDLE_TIMEOUT', 'drain timeout'));
    await Promise.all(closing);
    this.opts.adapter.close?.();
  }

  async close(): Promise<void> {
    await this.drain(0);
  }
}
