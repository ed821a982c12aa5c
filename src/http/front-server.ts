/**
 * The client-facing side of an HTTP listener: a TCP server that tells TLS from plaintext by the
 * first bytes, terminates TLS with the listener's secure context (client certificates as its
 * clientAuth says), and hands the socket to a Node HTTP/1.1 server with strict limits. Parser
 * errors (malformed lines, oversized or slow heads, framing the parser refuses) are answered
 * with a Flink-style JSON error, logged with an SW_ERR_* code and counted; they never reach a
 * request handler, so never the backend.
 *
 *   accepted ──first byte──► (TLS: handshake ──secure──►) http parser ──request──► onRequest
 *       └─ wrong kind of bytes / handshake error / timeout / over maxConnections ──► closed + log
 *   drain(): stop accepting ─► idle keep-alive sockets closed ─► wait for in-flight ─► destroy rest
 */
import http from 'node:http';
import net from 'node:net';
import type tls from 'node:tls';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import { classifyFirstBytes } from '../tls/sniff.js';
import { RevokedCertificates } from '../tls/revoked-certificates.js';
import { TlsTerminator, type ServerTlsMaterial } from './tls-terminator.js';
import { HttpFailure } from './errors.js';
import { closingSockets, failureForParserError, sendFailure, writeRawFailure } from './respond.js';
import type { HttpLimits } from './settings.js';

export interface FrontServerOptions {
  name: string;
  log: Logger;
  metrics: Metrics;
  limits: HttpLimits;
  tls: ServerTlsMaterial | null;
  onRequest(req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean): void;
}

export class FrontServer {
  readonly http: http.Server;
  readonly #tcp: net.Server;
  readonly #sockets = new Set<net.Socket>();
  /** The response of the request a socket is serving (parser errors mid-body answer through it). */
  readonly #current = new WeakMap<net.Socket, http.ServerResponse>();
  readonly #tls: TlsTerminator | null;
  /** Open TLS connections (checked against a reloaded CRL). */
  readonly #secure = new Set<tls.TLSSocket>();
  draining = false;

  constructor(private readonly o: FrontServerOptions) {
    this.#tls = o.tls
      ? new TlsTerminator(o.tls, o.limits.handshakeTimeoutMs, {
          onSecure: (s) => {
            s.on('error', () => {});
            this.#secure.add(s);
            s.once('close', () => this.#secure.delete(s));
            this.http.emit('connection', s);
          },
          onRefused: (raw, code, detail) => this.#count(code, raw, detail),
        })
      : null;
    const l = o.limits;
    this.http = http.createServer({
      maxHeaderSize: l.maxHeaderBytes,
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: 0, // bodies have their own watchdog (body-watch.ts): idle pauses and a total cap
      keepAliveTimeout: l.keepAliveTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(l.headersTimeoutMs / 4))),
      requireHostHeader: false, // checked by request-guard.ts, with a log line
      joinDuplicateHeaders: false,
      insecureHTTPParser: false,
      noDelay: true,
    });
    const dispatch = (req: http.IncomingMessage, res: http.ServerResponse, expectContinue: boolean) => {
      if (closingSockets.has(req.socket)) return void req.socket.destroy();
      this.#current.set(req.socket, res);
      o.onRequest(req, res, expectContinue);
    };
    this.http.on('request', (req, res) => dispatch(req, res, false));
    this.http.on('checkContinue', (req, res) => dispatch(req, res, true));
    // Expect values other than 100-continue: the head guard answers 417 with a log line.
    this.http.on('checkExpectation', (req, res) => dispatch(req, res, false));
    this.http.on('clientError', (err: Error & { code?: string }, socket: net.Socket) => this.#clientError(err, socket));
    this.http.on('connect', (_req, socket: net.Socket) => this.#refuse(socket, new HttpFailure('SW_ERR_HTTP_METHOD', 405, 'CONNECT')));
    // Node sets up its head/request timeout bookkeeping when the server starts listening; this
    // server only receives injected connections, so start that bookkeeping here.
    this.http.emit('listening');
    // noDelay here: the http server's own noDelay only applies to sockets it accepts itself, and
    // these are handed to it; without it a response written in pieces waits for an ACK (Nagle).
    this.#tcp = net.createServer({ pauseOnConnect: true, noDelay: true }, (s) => this.#accept(s));
    this.#tcp.on('error', (err) => o.log.error({ err: 'SW_ERR_INTERNAL', detail: err.message }, 'http listener server error'));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#tcp.once('error', reject);
      this.#tcp.listen({ host, port }, () => {
        this.#tcp.removeListener('error', reject);
        resolve((this.#tcp.address() as net.AddressInfo).port);
      });
    });
  }

  /**
   * New certificate, key, client CA or CRL (reload); only for a listener started with TLS. Open
   * connections whose client certificate a CRL of the new material revokes are closed.
   */
  setTls(material: ServerTlsMaterial): void {
    this.#tls?.update(material);
    const crl = material.secure.crl;
    if (!this.#tls || !crl || this.#secure.size === 0) return;
    const revoked = RevokedCertificates.fromPem((Array.isArray(crl) ? crl : [crl]).map((c) => Buffer.from(c)));
    for (const s of [...this.#secure]) {
      const cert = s.getPeerCertificate();
      if (!cert?.raw || !revoked.revokes(cert.raw)) continue;
      this.#count('SW_ERR_CLIENT_CERT_REVOKED', s, `client certificate ${cert.serialNumber} is revoked by the reloaded CRL`);
      s.destroy();
    }
  }

  get openConnections(): number {
    return this.#sockets.size;
  }

  #count(code: string, socket: net.Socket, detail?: string): void {
    this.o.metrics.frameErrors.inc({ listener: this.o.name, code });
    this.o.log.warn({ err: code, detail, remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'http connection refused');
  }

  #refuse(socket: net.Socket, f: HttpFailure): void {
    this.#count(f.code, socket, f.detail);
    writeRawFailure(socket, f);
  }

  #clientError(err: Error & { code?: string }, socket: net.Socket): void {
    const f = failureForParserError(err);
    if (!f) {
      this.o.log.debug({ err: 'SW_ERR_CLIENT_SOCKET', detail: err.code ?? err.message }, 'http client socket error');
      socket.destroy();
      return;
    }
    this.o.metrics.frameErrors.inc({ listener: this.o.name, code: f.code });
    this.o.log.warn({ err: f.code, status: f.status, detail: f.detail, remote: `${socket.remoteAddress}:${socket.remotePort}` }, 'http request refused by the parser');
    const res = this.#current.get(socket);
    if (!res || res.writableEnded) writeRawFailure(socket, f);
    else if (!res.headersSent) sendFailure(res, f, true);
    else socket.destroy();
  }

  #track(socket: net.Socket): void {
    this.#sockets.add(socket);
    this.o.metrics.connectionsAccepted.inc({ listener: this.o.name });
    this.o.metrics.connectionsActive.inc({ listener: this.o.name });
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.o.metrics.connectionsActive.dec({ listener: this.o.name });
    });
  }

  #accept(socket: net.Socket): void {
    socket.on('error', () => {});
    if (this.draining) return void socket.destroy();
    if (this.#sockets.size >= this.o.limits.maxConnections) {
      this.#count('SW_ERR_MAX_CONNECTIONS', socket, `limit ${this.o.limits.maxConnections}`);
      return void socket.destroy();
    }
    this.#track(socket);
    const timer = setTimeout(() => {
      this.#count('SW_ERR_TLS_HANDSHAKE', socket, 'no first byte or handshake in time');
      socket.destroy();
    }, this.o.limits.handshakeTimeoutMs);
    socket.once('close', () => clearTimeout(timer));
    socket.once('data', (head: Buffer) => {
      socket.pause();
      socket.unshift(head);
      const kind = classifyFirstBytes(head);
      const terminator = this.#tls;
      if (!terminator) {
        clearTimeout(timer);
        if (kind === 'tls') {
          this.#count('SW_ERR_TLS_ON_PLAIN_PORT', socket);
          return void socket.destroy();
        }
        this.http.emit('connection', socket);
        return void socket.resume();
      }
      if (kind !== 'tls') {
        clearTimeout(timer);
        return this.#refuse(socket, new HttpFailure('SW_ERR_PLAIN_ON_TLS_PORT', 400, 'this port speaks HTTPS'));
      }
      // The handshake has its own timeout (tls.Server handshakeTimeout) from here on.
      clearTimeout(timer);
      terminator.accept(socket);
    });
    socket.resume();
  }

  /** Stop accepting; close idle keep-alive sockets; wait up to ms for the rest; then destroy them. */
  async drain(ms: number): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((r) => this.#tcp.close(() => r()));
    this.http.closeIdleConnections();
    const end = Date.now() + ms;
    while (this.#sockets.size > 0 && Date.now() < end) {
      this.http.closeIdleConnections();
      await new Promise((r) => setTimeout(r, Math.min(50, Math.max(1, end - Date.now()))));
    }
    for (const s of this.#sockets) s.destroy();
    this.http.closeAllConnections();
    this.http.close();
    await closed;
  }
}
