/**
 * One Fluss client connection to one server node, the way the Java/Rust clients' ServerConnection
 * behaves: request ids from a per-connection counter starting at 0, responses matched by id (they
 * may come out of order), API_VERSIONS first with a server-type check, then optional SASL/PLAIN.
 *
 *   Connecting --tcp--> Handshaking --ApiVersions ok, type matches--> (Authenticating) --> Ready
 *        \                    \ type mismatch / error                   \ auth error
 *         `-------------------`-------------------------------------------`--> Closed
 *   Any state --socket close / SERVER_FAILURE--> Closed (every pending request rejected)
 *
 * Auth styles: 'java' sends one AUTHENTICATE and is done when it succeeds; 'rust' sends a second
 * AUTHENTICATE carrying the (empty) challenge whenever the response has one.
 */
import net from 'node:net';
import { encodeRequestFrame, readResponseHeader, frameBody, ResponseType, type ResponseTypeId } from '../../../src/protocol/fluss/frame.js';
import { ApiKey, ServerType } from '../../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../../src/protocol/fluss/error-response.js';
import { decodeMessage, encodeMessage, type MessageDescriptor, type DecodedFields, type InputFields, type FieldSpecs } from '../../../src/protocol/fluss/proto-message.js';
import { ApiVersionsRequest, ApiVersionsResponse, AuthenticateRequest, AuthenticateResponse } from '../../../src/protocol/fluss/messages/handshake.js';
import { FrameReader } from '../frame-reader.js';
import { FlussResponseError, FlussRequestTimeoutError, FlussConnectionClosedError, InvalidServerTypeError } from './errors.js';

export type ExpectedServerType = 'coordinator' | 'tablet' | 'unknown';

export interface PlainAuth {
  username: string;
  password: string;
  /** 'java' (one round, default) or 'rust' (answers an empty challenge with a second round). */
  style?: 'java' | 'rust';
}

export interface ConnectionOptions {
  /** 'unknown' (bootstrap) skips the server-type check, like the Java client. */
  expect?: ExpectedServerType;
  auth?: PlainAuth;
  /** false: no ApiVersions / auth; the caller drives the connection with request(). */
  handshake?: boolean;
  /** Local address to connect from (tests acting as several clients use 127.0.0.x). */
  localAddress?: string;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  softwareName?: string;
  softwareVersion?: string;
}

export interface RawResponse {
  type: ResponseTypeId;
  requestId: number;
  body: Buffer;
  frame: Buffer;
}

interface Pending {
  apiKey: number;
  resolve(r: RawResponse): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

const TYPE_NAMES: Record<number, string> = { 1: 'COORDINATOR', 2: 'TABLET_SERVER', [-1]: 'UNKNOWN' };

export class FlussConnection {
  state: 'connecting' | 'handshaking' | 'authenticating' | 'ready' | 'closed' = 'connecting';
  /** server_type from ApiVersions, once known. */
  serverType: number | undefined;
  apiVersions = new Map<number, { min: number; max: number }>();
  private nextRequestId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly reader = new FrameReader(Number.MAX_SAFE_INTEGER);
  private closeReason = 'closed by client';

  private constructor(
    private readonly socket: net.Socket,
    readonly address: string,
    private readonly opts: ConnectionOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.fail(`socket error: ${e.message}`));
    socket.on('close', () => this.fail(this.closeReason));
  }

  static async open(host: string, port: number, opts: ConnectionOptions = {}): Promise<FlussConnection> {
    const socket = net.connect({ host, port, ...(opts.localAddress ? { localAddress: opts.localAddress } : {}) });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect to ${host}:${port} timed out`));
      }, opts.connectTimeoutMs ?? 5000);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    const conn = new FlussConnection(socket, `${host}:${port}`, opts);
    conn.state = 'handshaking';
    if (opts.handshake === false) return conn;
    try {
      await conn.handshake();
    } catch (e) {
      conn.close();
      throw e;
    }
    conn.state = 'ready';
    return conn;
  }

  /** Sends one request frame; resolves with the raw response (any type). */
  request(apiKey: number, apiVersion: number, body: Buffer, timeoutMs = this.opts.requestTimeoutMs ?? 10_000): Promise<RawResponse> {
    if (this.state === 'closed') return Promise.reject(new FlussConnectionClosedError(this.closeReason));
    const requestId = this.nextRequestId++;
    return new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject(new FlussRequestTimeoutError(apiKey, requestId, timeoutMs));
      }, timeoutMs);
      this.pending.set(requestId, { apiKey, resolve, reject, timer });
      this.socket.write(encodeRequestFrame(apiKey, apiVersion, requestId, body));
    });
  }

  /** Encodes, sends, and decodes a success response; an ERROR_RESPONSE throws FlussResponseError. */
  async call<Q extends FieldSpecs, R extends FieldSpecs>(apiKey: number, req: MessageDescriptor<Q>, value: InputFields<Q>, resp: MessageDescriptor<R>, apiVersion = 0): Promise<DecodedFields<R>> {
    const r = await this.request(apiKey, apiVersion, encodeMessage(req, value));
    if (r.type !== ResponseType.SUCCESS) {
      const err = decodeErrorResponse(r.body);
      throw new FlussResponseError(err.code, err.message);
    }
    return decodeMessage(resp, r.body);
  }

  /** Writes raw bytes (malformed frames in tests); answers, if any, match no request. */
  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  close(): void {
    this.closeReason = 'closed by client';
    this.socket.destroy();
    this.fail(this.closeReason);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  private async handshake(): Promise<void> {
    const versions = await this.call(
      ApiKey.API_VERSIONS,
      ApiVersionsRequest,
      {
        client_software_name: this.opts.softwareName ?? (this.opts.auth?.style === 'rust' ? 'fluss-rust' : 'fluss'),
        client_software_version: this.opts.softwareVersion ?? '0.1.0',
      },
      ApiVersionsResponse,
    );
    this.serverType = versions.server_type;
    for (const v of versions.api_versions) this.apiVersions.set(v.api_key, { min: v.min_version, max: v.max_version });
    const expect = this.opts.expect ?? 'unknown';
    const want = expect === 'coordinator' ? ServerType.COORDINATOR : expect === 'tablet' ? ServerType.TABLET_SERVER : undefined;
    if (want !== undefined && versions.server_type !== want) {
      throw new InvalidServerTypeError(TYPE_NAMES[want], TYPE_NAMES[versions.server_type ?? -1] ?? String(versions.server_type), this.address);
    }
    if (this.opts.auth) await this.authenticate(this.opts.auth);
  }

  private async authenticate(auth: PlainAuth): Promise<void> {
    this.state = 'authenticating';
    const token = Buffer.concat([Buffer.from([0]), Buffer.from(auth.username), Buffer.from([0]), Buffer.from(auth.password)]);
    const first = await this.call(ApiKey.AUTHENTICATE, AuthenticateRequest, { protocol: 'PLAIN', token }, AuthenticateResponse);
    if ((auth.style ?? 'java') === 'rust' && first.challenge !== undefined) {
      await this.call(ApiKey.AUTHENTICATE, AuthenticateRequest, { protocol: 'PLAIN', token: first.challenge }, AuthenticateResponse);
    }
  }

  private onData(chunk: Buffer): void {
    let frames: Buffer[];
    try {
      frames = this.reader.push(chunk);
    } catch (e) {
      this.closeReason = `bad frame: ${(e as Error).message}`;
      this.socket.destroy();
      return;
    }
    for (const f of frames) {
      const h = readResponseHeader(f);
      if (h.type === ResponseType.SERVER_FAILURE) {
        const err = decodeErrorResponse(frameBody(f, h));
        this.fail(`server failure ${err.code}`, err);
        this.socket.destroy();
        return;
      }
      const p = this.pending.get(h.requestId!);
      if (!p) continue; // timed out earlier
      this.pending.delete(h.requestId!);
      clearTimeout(p.timer);
      p.resolve({ type: h.type, requestId: h.requestId!, body: frameBody(f, h), frame: f });
    }
  }

  private fail(reason: string, serverFailure?: { code: number; message?: string }): void {
    this.state = 'closed';
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new FlussConnectionClosedError(reason, serverFailure));
      this.pending.delete(id);
    }
  }
}
