/**
 * One client-facing port of a listener: the bootstrap port, or the port that stands for one
 * backend node. Accepts TCP, tells TLS from plaintext by the first bytes, terminates TLS when
 * the listener has it, and hands the socket to a ClientConnection.
 *
 *   accepted ──first bytes──► (TLS listener: handshake ──secure──►) connection
 *       └── wrong kind of bytes / timeout / handshake error / over maxConnections(PerAddress) ──► closed + log
 *
 * Every socket counts against the listener's admission from accept to close (handshakes too);
 * the first bytes and the TLS handshake each have limits.handshakeTimeout.
 */
import net from 'node:net';
import tls from 'node:tls';
import { classifyFirstBytes } from '../tls/sniff.js';
import { GatewayError } from '../errors.js';
import type { Logger } from 'pino';
import type { BackendNode, ConnectionContext } from './protocol.js';
import type { ConnectionAdmission } from './admission.js';
import type { ProxyLimits } from './settings.js';
import type { Metrics } from '../metrics.js';
import type { ServerTlsState } from '../tls/server-context.js';

/** What endpoints need from their listener. */
export interface ListenerShared {
  name: string;
  log: Logger;
  metrics: Metrics;
  limits: ProxyLimits;
  acceptingPaused: boolean;
  tls(): ServerTlsState | null;
  openConnections(): number;
  /** Counts every socket from accept to close against maxConnections(PerAddress). */
  admission: ConnectionAdmission;
  accept(socket: net.Socket, tlsInfo: ConnectionContext['tls'], target: BackendNode): void;
}

/** OpenSSL's verdict for a certificate listed in a CRL (X509_V_ERR_CERT_REVOKED). */
function revoked(codeOrMessage: string): boolean {
  return /CERT_REVOKED|certificate revoked/i.test(codeOrMessage);
}

export class Endpoint {
  readonly server: net.Server;

  constructor(
    private readonly shared: ListenerShared,
    /** The node this port stands for; mutable so a node can be re-pointed. */
    readonly target: BackendNode,
  ) {
    this.server = net.createServer({ pauseOnConnect: true }, (socket) => this.onSocket(socket));
    this.server.on('error', (err) => shared.log.error({ err: 'SW_ERR_INTERNAL', detail: err.message, target: target.key }, 'endpoint server error'));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.removeListener('error', onError);
        resolve((this.server.address() as net.AddressInfo).port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /**
   * A tls.Server per TLS state, never listening: sniffed sockets are handed to it with
   * emit('connection'), so Node verifies client certificates as it does for any TLS server.
   */
  private tlsServer: { state: ServerTlsState; server: tls.Server } | null = null;

  private tlsServerFor(state: ServerTlsState): tls.Server {
    if (this.tlsServer?.state === state) return this.tlsServer.server;
    const server = tls.createServer({
      ...state.options,
      requestCert: state.clientAuth !== 'none',
      // Verification failures are refused in onSecure, where the reason (e.g. CERT_REVOKED) is
      // known: Node's own rejection destroys the socket silently. No byte is read before that.
      rejectUnauthorized: false,
      handshakeTimeout: this.shared.limits.handshakeTimeoutMs,
    });
    server.on('tlsClientError', (err: Error & { code?: string }, tlsSocket: tls.TLSSocket) => {
      const certProblem = /certificate|peer did not return/i.test(err.message);
      const code =
        err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT'
          ? 'SW_ERR_HANDSHAKE_TIMEOUT'
          : revoked(err.code ?? err.message)
            ? 'SW_ERR_CLIENT_CERT_REVOKED'
            : certProblem
              ? 'SW_ERR_CLIENT_CERT'
              : 'SW_ERR_TLS_HANDSHAKE';
      this.reject(tlsSocket, new GatewayError(code, `${err.code ?? ''} ${err.message}`.trim(), { cause: err }));
    });
    server.on('secureConnection', (tlsSocket: tls.TLSSocket) => this.onSecure(tlsSocket, state));
    this.tlsServer = { state, server };
    return server;
  }

  private onSecure(tlsSocket: tls.TLSSocket, state: ServerTlsState): void {
    const peer = tlsSocket.getPeerCertificate();
    const presented = peer !== null && Object.keys(peer).length > 0;
    const missing = state.clientAuth === 'required' && !presented;
    const untrusted = state.clientAuth !== 'none' && presented && !tlsSocket.authorized;
    if (missing || untrusted) {
      const why = missing ? 'no client certificate' : String(tlsSocket.authorizationError);
      this.reject(tlsSocket, new GatewayError(revoked(why) ? 'SW_ERR_CLIENT_CERT_REVOKED' : 'SW_ERR_CLIENT_CERT', why));
      return;
    }
    this.shared.accept(
      tlsSocket,
      {
        authorized: tlsSocket.authorized,
        authorizationError: tlsSocket.authorizationError ? String(tlsSocket.authorizationError) : undefined,
        peerCertificate: presented ? peer : undefined,
        protocol: tlsSocket.getProtocol(),
      },
      this.target,
    );
  }

  private reject(socket: net.Socket, error: GatewayError): void {
    const { shared } = this;
    shared.metrics.frameErrors.inc({ listener: shared.name, code: error.code });
    shared.log.warn({ err: error.code, detail: error.message, remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'connection refused');
    socket.destroy();
  }

  private onSocket(socket: net.Socket): void {
    const { shared } = this;
    socket.on('error', () => {});
    if (shared.acceptingPaused) {
      socket.destroy();
      return;
    }
    const refused = shared.admission.admit(socket);
    if (refused) {
      this.reject(socket, refused);
      return;
    }
    const timer = setTimeout(() => this.reject(socket, new GatewayError('SW_ERR_HANDSHAKE_TIMEOUT', 'no bytes from the client in time')), shared.limits.handshakeTimeoutMs);
    socket.once('close', () => clearTimeout(timer));
    socket.once('data', (head: Buffer) => {
      socket.pause();
      socket.unshift(head);
      const kind = classifyFirstBytes(head);
      const tlsState = shared.tls();
      if (!tlsState) {
        clearTimeout(timer);
        if (kind === 'tls') this.reject(socket, new GatewayError('SW_ERR_TLS_ON_PLAIN_PORT'));
        else shared.accept(socket, null, this.target);
        return;
      }
      if (kind !== 'tls') {
        clearTimeout(timer);
        this.reject(socket, new GatewayError('SW_ERR_PLAIN_ON_TLS_PORT'));
        return;
      }
      clearTimeout(timer);
      this.tlsServerFor(tlsState).emit('connection', socket);
    });
    socket.resume();
  }
}
