/**
 * A small gateway-owned Fluss client: one connection to a backend node, opened on first use,
 * requests at api version 0 with ids from a counter, answers matched by request id. Used only
 * for the gateway's own questions (table directory refresh, producer-offset tables), never for
 * client traffic. Every request has a timeout; an idle connection is closed; a broken one fails
 * its pending requests and is reopened by the next call.
 *
 * On a backend with SASL the connection logs in first (`login`, the service identity); requests
 * wait for it, and a refused login fails them.
 *
 *   idle ──call──► connecting ──connected──► [logging in ──►] open ──socket error/close/idle──► idle
 */
import net from 'node:net';
import tls from 'node:tls';
import { Framer } from '../../../proxy/framer.js';
import { encodeRequestFrame, readResponseHeader, frameBody, ResponseType } from '../../../protocol/fluss/frame.js';
import { decodeErrorResponse } from '../../../protocol/fluss/error-response.js';
import { decodeMessage, encodeMessage, type FieldSpecs, type InputFields, type DecodedFields, type MessageDescriptor } from '../../../protocol/fluss/proto-message.js';
import { LoginDriver, type UpstreamLogin } from '../../../proxy/upstream-login.js';

export interface FlussBackendAddress {
  host: string;
  port: number;
  /** TLS options when the backend listener speaks TLS. */
  tls?: tls.ConnectionOptions;
  /** Per-request timeout; default 5000 ms. */
  timeoutMs?: number;
  /** The connection is closed after this long without requests; default 30000 ms. */
  idleMs?: number;
  /** The gateway's login on each new connection (a backend with SASL); throws when there is no credential. */
  login?: () => UpstreamLogin;
}

/** The backend answered with an ERROR_RESPONSE. */
export class FlussBackendError extends Error {
  constructor(
    readonly code: number,
    readonly serverMessage?: string,
  ) {
    super(`backend error ${code}${serverMessage ? `: ${serverMessage}` : ''}`);
    this.name = 'FlussBackendError';
  }
}

interface Pending {
  resolve(body: Buffer): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

export class FlussBackendClient {
  private socket: net.Socket | null = null;
  private opening: Promise<net.Socket> | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private closed = false;

  constructor(private readonly address: FlussBackendAddress) {}

  /** Encodes, sends, decodes; an ERROR_RESPONSE rejects with FlussBackendError. */
  async call<Q extends FieldSpecs, R extends FieldSpecs>(apiKey: number, req: MessageDescriptor<Q>, value: InputFields<Q>, resp: MessageDescriptor<R>): Promise<DecodedFields<R>> {
    return decodeMessage(resp, await this.request(apiKey, encodeMessage(req, value)));
  }

  /** Sends one request body; resolves with the success body. */
  async request(apiKey: number, body: Buffer): Promise<Buffer> {
    if (this.closed) throw new Error('backend client closed');
    const socket = await this.open();
    const id = this.nextId;
    this.nextId = (this.nextId + 1) | 0;
    const timeoutMs = this.address.timeoutMs ?? 5000;
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`backend request (api key ${apiKey}) timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.write(encodeRequestFrame(apiKey, 0, id, body));
    });
  }

  close(): void {
    this.closed = true;
    this.drop(new Error('backend client closed'));
  }

  private open(): Promise<net.Socket> {
    if (this.socket) return Promise.resolve(this.socket);
    this.opening ??= new Promise<net.Socket>((resolve, reject) => {
      const a = this.address;
      const s = a.tls ? tls.connect({ ...a.tls, host: a.host, port: a.port }) : net.connect({ host: a.host, port: a.port });
      const framer = new Framer(MAX_RESPONSE_BYTES);
      let driver: LoginDriver | null = null;
      const fail = (e: Error) => {
        this.opening = null;
        driver?.cancel();
        if (this.socket === s) this.drop(e);
        else reject(e);
      };
      const ready = () => {
        driver = null;
        this.opening = null;
        this.socket = s;
        resolve(s);
      };
      s.once(a.tls ? 'secureConnect' : 'connect', () => {
        s.unref();
        s.setTimeout(a.idleMs ?? 30_000, () => s.destroy());
        if (!a.login) return ready();
        try {
          driver = new LoginDriver(
            a.login(),
            (f) => s.write(f),
            a.timeoutMs ?? 5000,
            (error) => (error ? s.destroy(error) : ready()),
          );
        } catch (e) {
          s.destroy(e as Error);
          return;
        }
        driver.begin();
      });
      s.on('data', (chunk: Buffer) => {
        try {
          framer.push(chunk, (f) => (driver ? driver.frame(f) : this.onFrame(f)));
        } catch (e) {
          s.destroy(e as Error);
        }
      });
      s.on('error', fail);
      s.on('close', () => fail(new Error('backend connection closed')));
    });
    return this.opening;
  }

  private onFrame(frame: Buffer): void {
    const h = readResponseHeader(frame);
    if (h.type === ResponseType.SERVER_FAILURE || h.requestId === undefined) {
      this.drop(new Error('backend sent a server failure'));
      return;
    }
    const p = this.pending.get(h.requestId);
    if (!p) return;
    this.pending.delete(h.requestId);
    clearTimeout(p.timer);
    const body = Buffer.from(frameBody(frame, h));
    if (h.type === ResponseType.SUCCESS) p.resolve(body);
    else {
      const err = decodeErrorResponse(body);
      p.reject(new FlussBackendError(err.code, err.message));
    }
  }

  private drop(e: Error): void {
    const s = this.socket;
    this.socket = null;
    s?.destroy();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.pending.delete(id);
    }
  }
}
