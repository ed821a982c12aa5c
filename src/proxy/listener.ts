/**
 * A listener: the bootstrap endpoint plus one endpoint per backend node (node-endpoint-set.ts:
 * deterministic ports from the nodePorts map, or ephemeral ones for tests). Owns the
 * connections of all its endpoints and is the node directory the protocol sessions use to
 * rewrite addresses.
 */
import type net from 'node:net';
import type tls from 'node:tls';
import type { Logger } from 'pino';
import { Endpoint, type ListenerShared } from './endpoint.js';
import { ClientConnection } from './connection.js';
import { ConnectionAdmission } from './admission.js';
import { exchangeOnce } from './backend-exchange.js';
import { GatewayError } from '../errors.js';
import { NodeEndpointSet } from './node-endpoint-set.js';
import { discoverNodes } from './discover.js';
import type { NodeKind, NodePortPlan } from '../config/node-port-map.js';
import { SniRouter, type SniNames } from './sni-router.js';
import { SniDirectory } from './sni-directory.js';
import type { ServerTlsState } from '../tls/server-context.js';
import { RevokedCertificates } from '../tls/revoked-certificates.js';
import type { BackendNode, ConnectionContext, GatewayServices, NodeDirectory, ProtocolAdapter } from './protocol.js';
import type { ConnectionSettings, ProxyLimits } from './settings.js';
import type { Metrics } from '../metrics.js';
import type { UpstreamAddress } from './upstream.js';

export interface ListenerOptions {
  name: string;
  bind: { host: string; port: number };
  /** Host clients are told to connect to (node endpoints use it with their own ports). */
  advertiseHost: string;
  /** Ports for node endpoints: the deterministic map, or 'auto' for ephemeral ports. */
  nodePorts: NodePortPlan | 'auto';
  tls: ServerTlsState | null;
  /** SNI routing: every node on the bind port, chosen by the TLS host name (sni-router.ts). */
  sni?: (SniNames & { mainKind: NodeKind }) | null;
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

let nextConnId = 1;

export class Listener implements ListenerShared, NodeDirectory {
  readonly name: string;
  readonly log: Logger;
  readonly metrics: Metrics;
  readonly limits: ProxyLimits;
  acceptingPaused = false;
  readonly admission: ConnectionAdmission;
  private tlsState: ServerTlsState | null;
  private readonly connections = new Set<ClientConnection>();
  private readonly bootstrapEndpoint: Endpoint;
  private readonly nodeEndpoints: NodeEndpointSet;
  private readonly sni: { router: SniRouter; directory: SniDirectory } | null = null;
  private readonly settings: ConnectionSettings;
  boundPort = 0;

  constructor(private readonly opts: ListenerOptions) {
    this.name = opts.name;
    this.log = opts.log.child({ listener: opts.name });
    this.metrics = opts.metrics;
    this.limits = opts.limits;
    this.admission = new ConnectionAdmission(opts.limits);
    this.tlsState = opts.tls;
    this.settings = {
      limits: opts.limits,
      metrics: opts.metrics,
      upstreamTls: opts.upstreamTls,
      upstreamAddresses: (target) => (target.key === 'bootstrap' ? opts.bootstrap : [{ host: target.host, port: target.port }]),
    };
    this.bootstrapEndpoint = new Endpoint(this, { key: 'bootstrap', host: '', port: 0 });
    const { discovery } = opts.adapter;
    const adapter = opts.adapter;
    // discovery connections are the gateway's own: they log in with the service identity, if any
    const login = adapter.upstreamLogin ? () => adapter.upstreamLogin!(null) : undefined;
    const discoverOptions = { bootstrap: opts.bootstrap, tls: opts.upstreamTls, timeoutMs: opts.limits.connectTimeoutMs, maxFrameBytes: opts.limits.maxResponseBytes, login };
    this.nodeEndpoints = new NodeEndpointSet({
      listener: opts.name,
      bindHost: opts.bind.host,
      advertiseHost: opts.advertiseHost,
      ports: opts.nodePorts,
      makeEndpoint: (target) => new Endpoint(this, target),
      discover: discovery ? () => discoverNodes(discovery, discoverOptions) : undefined,
      claim: opts.nodePortClaim,
      metrics: opts.metrics,
      log: this.log,
    });
    if (opts.sni) {
      const router = new SniRouter(opts.sni, opts.sni.mainKind);
      const directory = new SniDirectory({
        listener: opts.name,
        router,
        port: () => this.boundPort,
        metrics: opts.metrics,
        log: this.log,
        discover: discovery ? () => discoverNodes(discovery, discoverOptions) : undefined,
      });
      this.sni = { router, directory };
    }
  }

  async start(): Promise<void> {
    this.boundPort = await this.bootstrapEndpoint.listen(this.opts.bind.host, this.opts.bind.port);
    await this.nodeEndpoints.start().catch(async (e: unknown) => {
      await this.close();
      throw e;
    });
    this.log.info({ bind: `${this.opts.bind.host}:${this.boundPort}`, tls: this.tlsState !== null, protocol: this.opts.adapter.name }, 'listener started');
  }

  tls(): ServerTlsState | null {
    return this.tlsState;
  }

  /**
   * Swap the TLS material; new handshakes use it, open connections keep theirs unless a CRL of
   * the new material revokes their client certificate: those are closed (SW_ERR_CLIENT_CERT_REVOKED).
   */
  setTls(state: ServerTlsState): void {
    this.tlsState = state;
    const crl = state.options.crl;
    if (!crl || this.connections.size === 0) return;
    const revoked = RevokedCertificates.fromPem((Array.isArray(crl) ? crl : [crl]).map((c) => Buffer.from(c)));
    let closed = 0;
    for (const c of [...this.connections]) {
      const raw = c.ctx.tls?.peerCertificate?.raw;
      if (!raw || !revoked.revokes(raw)) continue;
      c.close(new GatewayError('SW_ERR_CLIENT_CERT_REVOKED', `client certificate ${c.ctx.tls?.peerCertificate?.serialNumber ?? ''} is revoked by the reloaded CRL`));
      closed++;
    }
    if (closed > 0) this.log.info({ closed }, 'closed connections whose client certificate the new CRL revokes');
  }

  openConnections(): number {
    return this.connections.size;
  }

  accept(socket: net.Socket, tlsInfo: ConnectionContext['tls'], target: BackendNode): void {
    if (this.sni) {
      this.acceptBySni(socket, tlsInfo);
      return;
    }
    if (target.key === 'bootstrap' || target.host !== '') {
      this.acceptKnown(socket, tlsInfo, target);
      return;
    }
    // a pre-opened node port whose node this replica has not met yet: ask the backend first
    void this.nodeEndpoints.ensureTarget(target).then((known) => {
      if (socket.destroyed) return;
      if (known) return this.acceptKnown(socket, tlsInfo, target);
      this.refuse(socket, new GatewayError('SW_ERR_NODE_UNKNOWN', `${target.key}: the backend named no such node`));
    });
  }

  /** SNI listener: the TLS host name picks the bootstrap or a node; anything else is closed. */
  private acceptBySni(socket: net.Socket, tlsInfo: ConnectionContext['tls']): void {
    const { router, directory } = this.sni!;
    const route = router.route(tlsInfo ? (socket as tls.TLSSocket).servername : undefined);
    if (route.to === 'bootstrap') return this.acceptKnown(socket, tlsInfo, { key: 'bootstrap', host: '', port: 0 });
    if (route.to === 'unknown') return this.refuse(socket, new GatewayError('SW_ERR_SNI_UNKNOWN', route.reason));
    void directory.target(route.key).then((target) => {
      if (socket.destroyed) return;
      if (target) this.acceptKnown(socket, tlsInfo, target);
      else this.refuse(socket, new GatewayError('SW_ERR_NODE_UNKNOWN', `${route.key}: the backend named no such node`));
    });
  }

  private refuse(socket: net.Socket, error: GatewayError): void {
    this.metrics.frameErrors.inc({ listener: this.name, code: error.code });
    this.log.warn({ err: error.code, detail: error.message, remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'connection refused');
    socket.destroy();
  }

  private acceptKnown(socket: net.Socket, tlsInfo: ConnectionContext['tls'], target: BackendNode): void {
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
      exchangeWithBackend: (frame: Buffer) => exchangeOnce({ addresses: this.settings.upstreamAddresses(target), tls: this.opts.upstreamTls, connectTimeoutMs: this.limits.connectTimeoutMs }, frame),
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
    return this.sni ? this.sni.directory.lookup(node) : this.nodeEndpoints.lookup(node);
  }

  endpointFor(node: BackendNode): Promise<{ host: string; port: number }> {
    return this.sni ? this.sni.directory.endpointFor(node) : this.nodeEndpoints.endpointFor(node);
  }

  /** Stop accepting, let connections finish their in-flight requests, close them after timeoutMs. */
  async drain(timeoutMs: number): Promise<void> {
    this.acceptingPaused = true;
    const closing = [this.bootstrapEndpoint.close(), ...this.nodeEndpoints.endpoints().map((e) => e.close())];
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
