/**
 * One connection from the gateway to a backend node (plaintext, or TLS for the client-side
 * sidecar mode). Frames responses with the shared framer and hands each to `onFrame`.
 * With a `login` (a SASL backend), the gateway logs in on the connected socket first; frames
 * written meanwhile wait, and reach the backend only once the login succeeded.
 *
 *   connecting ──connect──► [logging in ──logged in──►] open ──close/error──► closed
 *        ├──── every address failed ──────────────────────────────────────► closed (SW_ERR_UPSTREAM_UNREACHABLE)
 *        └──── no credential / login refused ─────────────────────────────► closed (SW_ERR_UPSTREAM_NO_CREDENTIAL / _AUTH_FAILED)
 */
import net from 'node:net';
import tls from 'node:tls';
import { Framer, type FrameSink } from './framer.js';
import { GatewayError } from '../errors.js';
import { LoginDriver, type UpstreamLogin } from './upstream-login.js';

export interface UpstreamAddress {
  host: string;
  port: number;
}

export interface UpstreamOptions {
  /** Addresses to try in order (a bootstrap list, or one node). */
  addresses: UpstreamAddress[];
  /** TLS options when the backend side is TLS (client-side sidecar towards an edge gateway). */
  tls?: tls.ConnectionOptions;
  connectTimeoutMs: number;
  maxFrameBytes: number;
  /** Receives response frames (and, where it says so, forwarded-only frames as chunk lists). */
  sink: FrameSink;
  onConnect(): void;
  /** Called once; `error` is undefined for a close the gateway asked for. */
  onClose(error?: GatewayError): void;
  onDrain(): void;
  /**
   * The gateway's login on this connection, run before any written frame is sent; an error
   * (no credential for the principal) closes the connection without connecting.
   */
  login?: UpstreamLogin | GatewayError;
  /** After a successful login: the backend's session lifetime in ms (0 = none). */
  onLoggedIn?(sessionLifetimeMs: number): void;
}

let rotation = 0;

/** Read size of a plaintext backend connection (Node's own default read size). */
const READ_BYTES = 64 * 1024;

export class UpstreamConnection {
  private socket: net.Socket | null = null;
  private readonly framer: Framer;
  private closed = false;
  private connected = false;
  private closingOnPurpose = false;
  /** Frames written before the connection is up: sent, in order, once it is (never to a failed attempt). */
  private pending: Buffer[] = [];
  /** The login in progress (frames from the backend go to it until it is done). */
  private loginDriver: LoginDriver | null = null;
  /** The buffer plaintext reads land in: reused while nothing kept the last read's bytes. */
  private readBuffer: Buffer | null = null;
  /** Set once the connected socket is attached: reads before that belong to nobody. */
  private attached = false;

  constructor(private readonly opts: UpstreamOptions) {
    this.framer = new Framer(opts.maxFrameBytes);
    const login = opts.login;
    if (login instanceof GatewayError) {
      // answered asynchronously, like any other connection failure
      setImmediate(() => this.finish(login));
      return;
    }
    const start = opts.addresses.length > 1 ? rotation++ % opts.addresses.length : 0;
    this.tryConnect(start, 0, []);
  }

  get isConnected(): boolean {
    return this.connected && !this.closed;
  }

  private tryConnect(index: number, attempt: number, failures: string[]): void {
    const { addresses } = this.opts;
    if (this.closed) return;
    if (attempt >= addresses.length) {
      this.finish(new GatewayError('SW_ERR_UPSTREAM_UNREACHABLE', failures.join('; ')));
      return;
    }
    const addr = addresses[(index + attempt) % addresses.length];
    const socket = this.opts.tls
      ? tls.connect({ ...this.opts.tls, host: addr.host, port: addr.port })
      : net.connect({ host: addr.host, port: addr.port, onread: { buffer: () => this.nextReadBuffer(), callback: (n: number, buf: Uint8Array) => this.onRead(n, buf) } });
    this.socket = socket;
    socket.setNoDelay(true);
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), this.opts.connectTimeoutMs);
    const onEarlyError = (err: Error) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.destroy();
      failures.push(`${addr.host}:${addr.port} ${err.message}`);
      this.tryConnect(index, attempt + 1, failures);
    };
    socket.once('error', onEarlyError);
    socket.once(this.opts.tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      socket.removeListener('error', onEarlyError);
      this.attach(socket, `${addr.host}:${addr.port}`);
      const login = this.opts.login;
      if (!login || login instanceof GatewayError) {
        this.open(socket);
        return;
      }
      this.loginDriver = new LoginDriver(
        login,
        (f) => socket.write(f),
        this.opts.connectTimeoutMs,
        (error, lifetimeMs) => {
          if (error) {
            this.finish(error);
            return;
          }
          this.open(socket);
          this.opts.onLoggedIn?.(lifetimeMs);
        },
      );
      this.loginDriver.begin();
    });
  }

  /** Connected (and logged in): the frames written so far go out, in order. */
  private open(socket: net.Socket): void {
    if (this.closed) return;
    this.loginDriver = null;
    this.connected = true;
    for (const frame of this.pending) socket.write(frame);
    this.pending = [];
    this.opts.onConnect();
  }

  /**
   * Frames from the backend: to the login while it runs, then to the caller's sink. Nothing is
   * streamed, passed in pieces or lets its read buffer be reused while the login runs.
   */
  private readonly sink: FrameSink = {
    frame: (f) => (this.loginDriver ? this.loginDriver.frame(f) : this.opts.sink.frame(f)),
    pieces: (pieces, total) => this.opts.sink.pieces?.(pieces, total),
    forwardOnly: (head) => this.loginDriver === null && this.opts.sink.forwardOnly?.(head) === true,
    stream: (head, total) => this.loginDriver === null && this.opts.sink.stream?.(head, total) === true,
    streamPiece: (piece, end) => this.opts.sink.streamPiece?.(piece, end),
    released: () => this.loginDriver === null && this.opts.sink.released?.() === true,
  };

  /**
   * Plaintext reads go to one buffer without Node's per-read allocation and stream machinery
   * (net's `onread`). After each read it is reused only when nothing kept any of its bytes: the
   * framer holds none of them and the sink says everything it was given has left (streamed
   * pieces written to the client in full); otherwise the next read gets a fresh buffer.
   */
  private nextReadBuffer(): Buffer {
    if (this.readBuffer === null || this.framer.holdsBytes || this.sink.released?.() !== true) this.readBuffer = Buffer.allocUnsafeSlow(READ_BYTES);
    return this.readBuffer;
  }

  /** Always true: reads pause through pause(), never from here. */
  private onRead(n: number, buf: Uint8Array): boolean {
    if (this.attached && !this.closed) this.onChunk(Buffer.from(buf.buffer, buf.byteOffset, n));
    return true;
  }

  private onChunk(chunk: Buffer): void {
    try {
      this.framer.push(chunk, this.sink);
    } catch (e) {
      this.finish(e instanceof GatewayError ? new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', e.message, { cause: e }) : new GatewayError('SW_ERR_INTERNAL', String(e), { cause: e }));
    }
  }

  private attach(socket: net.Socket, where: string): void {
    this.attached = true;
    if (this.opts.tls) socket.on('data', (chunk: Buffer) => this.onChunk(chunk));
    socket.on('drain', () => this.opts.onDrain());
    socket.on('error', (err) => this.finish(new GatewayError('SW_ERR_UPSTREAM_CLOSED', `${where}: ${err.message}`, { cause: err })));
    socket.on('close', () => {
      const detail = this.loginDriver ? `${where} closed during the gateway's login` : this.framer.pendingBytes > 0 ? `${where} closed mid-response` : `${where} closed`;
      this.finish(this.closingOnPurpose ? undefined : new GatewayError('SW_ERR_UPSTREAM_CLOSED', detail));
    });
  }

  /** Bytes written but not yet handed to the kernel. */
  get queuedBytes(): number {
    return this.connected ? (this.socket?.writableLength ?? 0) : 0;
  }

  /** Write a frame (one Buffer, or its pieces in order); returns false when the socket buffer is full (wait for onDrain). */
  write(frame: Buffer | readonly Buffer[]): boolean {
    if (this.closed) return false;
    if (!this.connected || !this.socket) {
      if (Buffer.isBuffer(frame)) this.pending.push(frame);
      else this.pending.push(...frame);
      return false;
    }
    if (Buffer.isBuffer(frame)) return this.socket.write(frame);
    this.socket.cork();
    let ok = true;
    for (const piece of frame) ok = this.socket.write(piece);
    this.socket.uncork();
    return ok;
  }

  pause(): void {
    this.socket?.pause();
  }

  resume(): void {
    this.socket?.resume();
  }

  close(): void {
    this.closingOnPurpose = true;
    if (this.socket) this.socket.destroy();
    this.finish(undefined);
  }

  private finish(error?: GatewayError): void {
    if (this.closed) return;
    this.closed = true;
    this.connected = false;
    this.loginDriver?.cancel();
    this.socket?.destroy();
    this.opts.onClose(error);
  }
}
