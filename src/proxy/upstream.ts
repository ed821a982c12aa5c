/**
 * One connection from the gateway to a backend node (plaintext, or TLS for the client-side
 * sidecar mode). Frames responses with the shared framer and hands each to `onFrame`.
 *
 *   connecting ──connect──► open ──close/error──► closed
 *        └──── every address failed ──────────────► closed (SW_ERR_UPSTREAM_UNREACHABLE)
 */
import net from 'node:net';
import tls from 'node:tls';
import { Framer, type FrameSink } from './framer.js';
import { GatewayError } from '../errors.js';

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
}

let rotation = 0;

export class UpstreamConnection {
  private socket: net.Socket | null = null;
  private readonly framer: Framer;
  private closed = false;
  private connected = false;
  private closingOnPurpose = false;
  /** Frames written before the connection is up: sent, in order, once it is (never to a failed attempt). */
  private pending: Buffer[] = [];

  constructor(private readonly opts: UpstreamOptions) {
    this.framer = new Framer(opts.maxFrameBytes);
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
    const socket = this.opts.tls ? tls.connect({ ...this.opts.tls, host: addr.host, port: addr.port }) : net.connect({ host: addr.host, port: addr.port });
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
      this.connected = true;
      this.attach(socket, `${addr.host}:${addr.port}`);
      for (const frame of this.pending) socket.write(frame);
      this.pending = [];
      this.opts.onConnect();
    });
  }

  private attach(socket: net.Socket, where: string): void {
    socket.on('data', (chunk: Buffer) => {
      try {
        this.framer.push(chunk, this.opts.sink);
      } catch (e) {
        this.finish(e instanceof GatewayError ? new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', e.message, { cause: e }) : new GatewayError('SW_ERR_INTERNAL', String(e), { cause: e }));
      }
    });
    socket.on('drain', () => this.opts.onDrain());
    socket.on('error', (err) => this.finish(new GatewayError('SW_ERR_UPSTREAM_CLOSED', `${where}: ${err.message}`, { cause: err })));
    socket.on('close', () => {
      const detail = this.framer.pendingBytes > 0 ? `${where} closed mid-response` : `${where} closed`;
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
    this.socket?.destroy();
    this.opts.onClose(error);
  }
}
