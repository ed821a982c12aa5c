/**
 * One Fluss test-cluster node (coordinator or tablet server): a plaintext TCP listener on
 * 127.0.0.1 that reads Fluss request frames and answers like a Fluss server's NettyServerHandler.
 *
 * Per request:
 *   frame shorter than its header / negative / oversized length -> SERVER_FAILURE frame, close
 *   AUTHENTICATE -> answered inline: PLAINTEXT listener, so any SASL protocol gets error 46;
 *                   with `sasl` (a SASL/PLAIN listener, sasl-plain.ts) it logs the connection in,
 *                   and until then only API_VERSIONS and AUTHENTICATE are served (else error 46)
 *   api key not served by this server type -> NO answer (faithful quirk; configurable)
 *   body that does not parse (FlussCodecError from a handler) -> NO answer (faithful; configurable)
 *   handler result -> SUCCESS frame; FlussServerError -> ERROR frame; other errors -> code -1
 * Handlers are async, so responses may leave in a different order than requests arrived.
 */
import net from 'node:net';
import { readRequestHeader, encodeResponseFrame, type RequestHeader } from '../../../src/protocol/fluss/frame.js';
import { ApiKey, apiName, servesApi, ServerType, type ServerTypeId } from '../../../src/protocol/fluss/api-keys.js';
import { errorResponseFrame, serverFailureFrame } from '../../../src/protocol/fluss/error-response.js';
import { FlussError } from '../../../src/protocol/fluss/error-codes.js';
import { isFlussCodecError } from '../../../src/protocol/fluss/codec-error.js';
import { decodeMessage, encodeMessage } from '../../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest, AuthenticateResponse } from '../../../src/protocol/fluss/messages/handshake.js';
import { FrameReader } from '../frame-reader.js';
import { FlussServerError } from './server-error.js';
import type { ClusterState } from './state.js';
import { NOT_AUTHENTICATED_TEXT, PlainServerConnection, type SaslPlainOptions } from './sasl-plain.js';

export interface NodeInfo {
  kind: 'coordinator' | 'tablet';
  serverType: ServerTypeId;
  nodeId: number;
  host: string;
  port: number;
}

export interface Quirks {
  /** Answer nothing to api keys this server type does not serve (a real server does). Default true. */
  silentOnUnservedApi: boolean;
  /** Answer nothing to requests whose body does not parse (a real server does). Default true. */
  silentOnUnparsableRequest: boolean;
}

export interface HandlerContext {
  state: ClusterState;
  node: NodeInfo;
  header: RequestHeader;
  coordinator(): NodeInfo;
  tabletServers(): NodeInfo[];
  /** Aborted when the node stops; long polls end early on it. */
  signal: AbortSignal;
}

export type Handler = (ctx: HandlerContext, body: Buffer) => Buffer | Promise<Buffer>;

export interface ReceivedRequest {
  connId: number;
  apiKey: number;
  apiVersion: number;
  requestId: number;
  /** SASL listeners only: the connection's principal when the request arrived (null before login). */
  principal?: string | null;
}

export interface NodeDeps {
  state: ClusterState;
  handlers: ReadonlyMap<number, Handler>;
  quirks: Quirks;
  maxRequestBytes: number;
  coordinator(): NodeInfo;
  tabletServers(): NodeInfo[];
  /** A SASL/PLAIN listener with these users; absent = PLAINTEXT. */
  sasl?: SaslPlainOptions;
}

export class FlussTestNode {
  readonly info: NodeInfo;
  /** Every request header this node received, in arrival order. */
  readonly received: ReceivedRequest[] = [];
  /** SASL listeners: every successful login, in order (the principal the server saw per connection). */
  readonly logins: Array<{ connId: number; principal: string }> = [];
  private readonly plain = new Map<number, PlainServerConnection>();
  private readonly server = net.createServer((s) => this.accept(s));
  private readonly sockets = new Set<net.Socket>();
  private readonly abort = new AbortController();
  private connCount = 0;

  constructor(
    kind: 'coordinator' | 'tablet',
    nodeId: number,
    private readonly deps: NodeDeps,
  ) {
    const serverType = kind === 'coordinator' ? ServerType.COORDINATOR : ServerType.TABLET_SERVER;
    this.info = { kind, serverType, nodeId, host: '127.0.0.1', port: 0 };
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as net.AddressInfo;
    this.info.port = addr.port;
  }

  get openConnections(): number {
    return this.sockets.size;
  }

  async stop(): Promise<void> {
    this.abort.abort();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const connId = this.connCount++;
    this.sockets.add(socket);
    if (this.deps.sasl) this.plain.set(connId, new PlainServerConnection(this.deps.sasl));
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.plain.delete(connId);
    });
    socket.on('error', () => socket.destroy());
    const reader = new FrameReader(this.deps.maxRequestBytes);
    socket.on('data', (chunk: Buffer) => {
      let frames: Buffer[];
      try {
        frames = reader.push(chunk);
      } catch (e) {
        this.failConnection(socket, e);
        return;
      }
      for (const f of frames) this.onFrame(socket, connId, f);
    });
  }

  private failConnection(socket: net.Socket, e: unknown): void {
    const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    socket.end(serverFailureFrame(FlussError.UNKNOWN_SERVER_ERROR, text));
    socket.destroySoon();
  }

  private send(socket: net.Socket, frame: Buffer): void {
    if (!socket.destroyed && socket.writable) socket.write(frame);
  }

  private onFrame(socket: net.Socket, connId: number, frame: Buffer): void {
    let header: RequestHeader;
    try {
      header = readRequestHeader(frame);
    } catch (e) {
      this.failConnection(socket, e);
      return;
    }
    const { apiKey, requestId } = header;
    const plain = this.plain.get(connId);
    this.received.push(plain ? { connId, apiKey, apiVersion: header.apiVersion, requestId, principal: plain.principal } : { connId, apiKey, apiVersion: header.apiVersion, requestId });
    const body = frame.subarray(header.bodyOffset, header.frameEnd);
    if (apiKey === ApiKey.AUTHENTICATE) {
      if (plain) this.authenticatePlain(socket, connId, plain, requestId, body);
      else this.authenticate(socket, requestId, body);
      return;
    }
    if (plain && plain.principal === null && apiKey !== ApiKey.API_VERSIONS) {
      this.send(socket, errorResponseFrame(requestId, FlussError.AUTHENTICATE_EXCEPTION, NOT_AUTHENTICATED_TEXT));
      return;
    }
    if (!servesApi(this.info.serverType, apiKey)) {
      if (!this.deps.quirks.silentOnUnservedApi) {
        this.send(socket, errorResponseFrame(requestId, FlussError.UNKNOWN_SERVER_ERROR, `Received unknown API key ${apiKey}.`));
      }
      return;
    }
    const handler = this.deps.handlers.get(apiKey) ?? notImplemented;
    const ctx: HandlerContext = {
      state: this.deps.state,
      node: this.info,
      header,
      signal: this.abort.signal,
      coordinator: this.deps.coordinator,
      tabletServers: this.deps.tabletServers,
    };
    Promise.resolve()
      .then(() => handler(ctx, body))
      .then(
        (resp) => this.send(socket, encodeResponseFrame(0, requestId, resp)),
        (e: unknown) => {
          if (isFlussCodecError(e)) {
            if (!this.deps.quirks.silentOnUnparsableRequest) {
              this.send(socket, errorResponseFrame(requestId, FlussError.UNKNOWN_SERVER_ERROR, `java.lang.IllegalStateException: ${e.message}`));
            }
            return;
          }
          if (e instanceof FlussServerError) this.send(socket, errorResponseFrame(requestId, e.code, e.wireMessage));
          else this.send(socket, errorResponseFrame(requestId, FlussError.UNKNOWN_SERVER_ERROR, e instanceof Error ? (e.stack ?? e.message) : String(e)));
        },
      );
  }

  /** A SASL/PLAIN listener: log the connection in (sasl-plain.ts); failures keep it open. */
  private authenticatePlain(socket: net.Socket, connId: number, plain: PlainServerConnection, requestId: number, body: Buffer): void {
    let req: { protocol: string; token: Buffer };
    try {
      req = decodeMessage(AuthenticateRequest, body);
    } catch {
      return; // unparsable: no answer, like the server
    }
    try {
      const before = plain.principal;
      const answer = plain.authenticate(req.protocol, req.token);
      if (before === null && plain.principal !== null) this.logins.push({ connId, principal: plain.principal });
      this.send(socket, encodeResponseFrame(0, requestId, encodeMessage(AuthenticateResponse, answer)));
    } catch (e) {
      const err = e as FlussServerError;
      this.send(socket, errorResponseFrame(requestId, err.code, err.wireMessage));
    }
  }

  /** A PLAINTEXT listener: only protocol "PLAINTEXT" (any case) matches; it completes at once. */
  private authenticate(socket: net.Socket, requestId: number, body: Buffer): void {
    let protocol: string;
    try {
      protocol = decodeMessage(AuthenticateRequest, body).protocol;
    } catch {
      return; // unparsable: no answer, like the server
    }
    if (protocol.toUpperCase() !== 'PLAINTEXT') {
      const text = `Authenticate protocol not match: protocol of server is 'PLAINTEXT' while protocol of client is '${protocol}'`;
      this.send(socket, errorResponseFrame(requestId, FlussError.AUTHENTICATE_EXCEPTION, text));
      return;
    }
    this.send(socket, encodeResponseFrame(0, requestId, encodeMessage(AuthenticateResponse, {})));
  }
}

function notImplemented(ctx: HandlerContext): never {
  throw new FlussServerError(FlussError.UNKNOWN_SERVER_ERROR, `java.lang.UnsupportedOperationException: ${apiName(ctx.header.apiKey)} is not implemented by the streamward Fluss test cluster`);
}
