/**
 * TLS termination for the HTTP listener, through a real tls.Server that is fed the accepted
 * sockets (after first-byte sniffing) with `emit('connection')`. Going through tls.Server matters:
 * only its connection path checks the client certificate chain after the handshake (sets
 * `authorized` and `authorizationError`); a bare `new TLSSocket({ isServer: true })` does not.
 * The checks run at secureConnection, before the socket reaches the HTTP server: with clientAuth
 * `required` a missing certificate, and with `requested`/`required` one that does not chain to
 * clientCa or that a CRL revokes, is refused there with OpenSSL's reason.
 *
 *   raw socket ──emit('connection')──► handshake ──secureConnection──► checks ──► onSecure
 *        └── tlsClientError / closed before secure / checks fail ──► onRefused + log
 */
import fs from 'node:fs';
import tls from 'node:tls';
import type net from 'node:net';
import type { ServerTls } from '../config/types.js';

export type ClientAuthMode = 'none' | 'requested' | 'required';

export interface ServerTlsMaterial {
  secure: tls.SecureContextOptions;
  clientAuth: ClientAuthMode;
}

/** PEM material of a listener's tls section, read from its files. */
export function readServerTlsMaterial(t: ServerTls): ServerTlsMaterial {
  return {
    secure: {
      cert: fs.readFileSync(t.cert),
      key: fs.readFileSync(t.key),
      ca: t.clientCa ? fs.readFileSync(t.clientCa) : undefined,
      minVersion: t.minVersion,
      ...(t.crl && t.crl.length > 0 ? { crl: t.crl.map((f) => fs.readFileSync(f)) } : {}),
    },
    clientAuth: t.clientAuth,
  };
}

export interface TlsTerminatorHooks {
  onSecure(socket: tls.TLSSocket): void;
  onRefused(raw: net.Socket, code: 'SW_ERR_CLIENT_CERT' | 'SW_ERR_CLIENT_CERT_REVOKED' | 'SW_ERR_TLS_HANDSHAKE', detail: string): void;
}

const key = (s: { remoteAddress?: string; remotePort?: number }) => `${s.remoteAddress}|${s.remotePort}`;

/** OpenSSL's verdict for a certificate listed in a CRL (X509_V_ERR_CERT_REVOKED). */
const revoked = (codeOrMessage: string): boolean => /CERT_REVOKED|certificate revoked/i.test(codeOrMessage);

export class TlsTerminator {
  readonly #server: tls.Server;
  readonly #pending = new Map<string, net.Socket>();
  readonly #clientAuth: ClientAuthMode;

  constructor(
    material: ServerTlsMaterial,
    handshakeTimeoutMs: number,
    private readonly hooks: TlsTerminatorHooks,
  ) {
    this.#clientAuth = material.clientAuth;
    this.#server = tls.createServer({
      ...material.secure,
      requestCert: material.clientAuth !== 'none',
      // Verification failures are refused in #secured, where OpenSSL's reason (e.g. CERT_REVOKED)
      // is known; with rejectUnauthorized the server closes such a connection without saying why.
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      handshakeTimeout: handshakeTimeoutMs,
    });
    this.#server.on('secureConnection', (s: tls.TLSSocket) => this.#secured(s));
    this.#server.on('tlsClientError', (err: Error & { code?: string }, s: tls.TLSSocket) => {
      const raw = this.#pending.get(key(s));
      if (!raw) return;
      this.#pending.delete(key(s));
      const certProblem = /certificate|peer did not return/i.test(err.message);
      hooks.onRefused(raw, revoked(`${err.code} ${err.message}`) ? 'SW_ERR_CLIENT_CERT_REVOKED' : certProblem ? 'SW_ERR_CLIENT_CERT' : 'SW_ERR_TLS_HANDSHAKE', err.code ?? err.message);
      s.destroy();
    });
  }

  /** Swap certificate, key and client CA (reload); new handshakes use them. clientAuth stays. */
  update(material: ServerTlsMaterial): void {
    this.#server.setSecureContext(material.secure);
  }

  accept(raw: net.Socket): void {
    const k = key(raw);
    this.#pending.set(k, raw);
    raw.once('close', () => {
      if (this.#pending.get(k) !== raw) return;
      this.#pending.delete(k);
      // tls.Server closes a connection with an untrusted certificate without an error event.
      this.hooks.onRefused(raw, this.#clientAuth === 'required' ? 'SW_ERR_CLIENT_CERT' : 'SW_ERR_TLS_HANDSHAKE', 'closed before the TLS session was established');
    });
    this.#server.emit('connection', raw);
  }

  #secured(s: tls.TLSSocket): void {
    const raw = this.#pending.get(key(s));
    this.#pending.delete(key(s));
    const peer = s.getPeerCertificate();
    const presented = !!peer && Object.keys(peer).length > 0;
    if (this.#clientAuth === 'required' && !presented) {
      if (raw) this.hooks.onRefused(raw, 'SW_ERR_CLIENT_CERT', 'no client certificate');
      s.destroy();
      return;
    }
    if (this.#clientAuth !== 'none' && presented && !s.authorized) {
      if (raw) this.hooks.onRefused(raw, revoked(String(s.authorizationError)) ? 'SW_ERR_CLIENT_CERT_REVOKED' : 'SW_ERR_CLIENT_CERT', String(s.authorizationError));
      s.destroy();
      return;
    }
    this.hooks.onSecure(s);
  }
}
