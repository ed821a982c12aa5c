/**
 * One client connection and its paired backend connection. Protocol-neutral: the protocol
 * session decides what each frame means; this class moves bytes, keeps order and applies
 * backpressure in both directions.
 *
 *   open ──first forward──► open+upstream ──drain()──► draining ──in-flight empty──► closed
 *     │                          │                                                     ▲
 *     └── client close / error / verdict close / backend failure ─────────────────────┘
 *
 * Client reads pause while any reason holds: the backend socket is full, a verdict is being
 * computed asynchronously, the backend is still connecting, too many requests are in flight,
 * or the connection is draining. Backend reads pause while the client socket is full.
 *
 * Until the session says the client is authenticated (session.authenticated(); true from the
 * start on listeners without SASL) frames are held to limits.preAuthMaxFrameBytes, checked from
 * the length prefix; the full limits.maxFrameBytes applies from the first frame framed after the
 * verdict that authenticated the client.
 */
import type net from 'node:net';
import { Framer } from './framer.js';
import { InflightTable, type InflightEntry } from './inflight.js';
import { PauseSet } from './pause-set.js';
import { UpstreamConnection, type UpstreamAddress } from './upstream.js';
import { GatewayError, toGatewayError } from '../errors.js';
import type { ConnectionContext, PiecedVerdict, ProtocolAdapter, ProtocolSession, RequestInfo } from './protocol.js';
import type { UpstreamLogin } from './upstream-login.js';
import type { FrameSink } from './framer.js';
import type { ConnectionSettings } from './settings.js';

/**
 * Reads on one side pause while the other side's socket holds more than this many unsent bytes.
 * Pausing at every full socket buffer (16 KiB) made reading and writing take turns for large
 * frames; a few MiB keeps both busy while still bounding memory per connection.
 */
const WRITE_HIGH_WATER = 4 * 1024 * 1024;

/**
 * Backend answers up to this size that arrive inside one read are copied out of the read buffer
 * (a Produce answer, a metadata answer), so that buffer can take the next read; larger ones keep it.
 */
const COPY_ANSWER_BYTES = 16 * 1024;

/** A client frame: one Buffer, or the chunks of a frame spanning reads that the session reads in pieces. */
type ClientFrame = Buffer | { pieces: readonly Buffer[]; total: number };

/** Ordinary client behaviour (a consumer leaving with a long-poll fetch pending), not a fault. */
const CLIENT_SIDE_CLOSES = new Set(['SW_ERR_CLIENT_CLOSED_MID_REQUEST', 'SW_ERR_IDLE_TIMEOUT']);

export class ClientConnection {
  private readonly framer: Framer;
  private readonly inflight: InflightTable;
  private readonly session: ProtocolSession;
  private readonly clientPause: PauseSet;
  private readonly upstreamPause: PauseSet;
  private upstream: UpstreamConnection | null = null;
  /** Frames that arrived while a verdict or the backend connection was pending. */
  private backlog: ClientFrame[] = [];
  /** Ids of forwarded requests that expect no answer (Kafka acks=0): a backend that answers anyway is tolerated. */
  private readonly unanswered = new Set<number>();
  private busy = false;
  /** Frames spanning reads stay in pieces when the session says it reads them so (Kafka Produce). */
  private readonly clientSink: FrameSink = {
    frame: (frame) => this.onFrame(frame),
    pieces: (pieces, total) => this.onFrame({ pieces, total }),
    forwardOnly: (head) => this.session.readsInPieces?.(head) === true,
  };
  private readonly bytesIn: { inc(n: number): void };
  private readonly bytesOut: { inc(n: number): void };
  /** Metric children bound once per connection (label lookups per frame showed in the profile). */
  private readonly gatewayLatency: { observe(v: number): void };
  private readonly upstreamLatency: { observe(v: number): void };
  private readonly requestCounters = new Map<string, { inc(): void }>();
  /** Something handed over from the backend's last read may still reference its buffer. */
  private backendReadKept = false;
  /** The answer being passed to the client as it arrives from the backend (a streamed frame), if any. */
  private streaming: InflightEntry | null = null;
  private closed = false;
  private draining = false;
  /** True until the session reports the client authenticated: frames are held to the pre-auth limit. */
  private preAuth: boolean;
  /** Ends the connection before the backend's SASL session expires (clients reconnect and log in again). */
  private sessionTimer: NodeJS.Timeout | null = null;
  /** The mechanism of the gateway's backend login (metrics label); `none` without one. */
  private loginMechanism = 'none';

  constructor(
    private readonly socket: net.Socket,
    readonly ctx: ConnectionContext,
    private readonly adapter: ProtocolAdapter,
    private readonly settings: ConnectionSettings,
    private readonly onClosed: (conn: ClientConnection) => void,
  ) {
    this.inflight = new InflightTable(adapter.orderedResponses);
    this.clientPause = new PauseSet(
      () => socket.pause(),
      () => socket.resume(),
    );
    this.upstreamPause = new PauseSet(
      () => this.upstream?.pause(),
      () => this.upstream?.resume(),
    );
    this.session = adapter.newSession(ctx);
    const { maxFrameBytes, preAuthMaxFrameBytes } = settings.limits;
    this.preAuth = this.session.authenticated?.() === false && preAuthMaxFrameBytes < maxFrameBytes;
    this.framer = this.preAuth ? new Framer(preAuthMaxFrameBytes, 'SW_ERR_PREAUTH_FRAME_TOO_LARGE') : new Framer(maxFrameBytes);
    this.bytesIn = settings.metrics.bytesIn.labels({ listener: ctx.listener });
    this.bytesOut = settings.metrics.bytesOut.labels({ listener: ctx.listener });
    const latencyLabels = { listener: ctx.listener, protocol: adapter.name };
    this.gatewayLatency = settings.metrics.gatewayLatency.labels(latencyLabels);
    this.upstreamLatency = settings.metrics.upstreamLatency.labels(latencyLabels);
    socket.setNoDelay(true);
    if (settings.limits.idleTimeoutMs > 0) {
      socket.setTimeout(settings.limits.idleTimeoutMs, () => this.close(new GatewayError('SW_ERR_IDLE_TIMEOUT')));
    }
    socket.on('data', (chunk: Buffer) => this.onClientData(chunk));
    socket.on('drain', () => this.upstreamPause.remove('client-full'));
    socket.on('error', (err) => this.close(new GatewayError('SW_ERR_CLIENT_SOCKET', err.message, { cause: err })));
    socket.on('end', () => this.onClientEnd());
    socket.on('close', () => this.onClientEnd());
  }

  private get listenerName(): string {
    return this.ctx.listener;
  }

  private onClientData(chunk: Buffer): void {
    try {
      this.framer.push(chunk, this.clientSink);
    } catch (e) {
      const err = toGatewayError(e);
      this.settings.metrics.frameErrors.inc({ listener: this.listenerName, code: err.code });
      this.close(err);
    }
  }

  private onFrame(frame: ClientFrame): void {
    if (this.closed) return;
    this.bytesIn.inc(Buffer.isBuffer(frame) ? frame.length : frame.total);
    if (this.busy || this.backlog.length > 0) {
      this.backlog.push(frame);
      return;
    }
    this.process(frame);
  }

  private process(frame: ClientFrame): void {
    const receivedAt = process.hrtime.bigint();
    let verdict: PiecedVerdict | Promise<PiecedVerdict>;
    try {
      if (Buffer.isBuffer(frame)) verdict = this.session.onRequest(frame);
      else verdict = this.session.onRequestPieces?.(frame.pieces, frame.total) ?? this.session.onRequest(Buffer.concat(frame.pieces as Buffer[], frame.total));
    } catch (e) {
      this.close(toGatewayError(e));
      return;
    }
    if (verdict instanceof Promise) {
      this.busy = true;
      this.clientPause.add('verdict');
      verdict.then(
        (v) => {
          this.busy = false;
          this.clientPause.remove('verdict');
          this.apply(v, receivedAt);
          this.runBacklog();
        },
        (e) => this.close(toGatewayError(e)),
      );
      return;
    }
    this.apply(verdict, receivedAt);
  }

  private runBacklog(): void {
    while (!this.busy && !this.closed && this.backlog.length > 0) {
      this.process(this.backlog.shift()!);
    }
  }

  private apply(v: PiecedVerdict, receivedAt: bigint): void {
    if (this.closed) return;
    if (this.preAuth && this.session.authenticated?.() !== false) {
      this.preAuth = false;
      this.framer.setLimit(this.settings.limits.maxFrameBytes);
    }
    const { metrics } = this.settings;
    if (v.kind === 'close') {
      if (v.info) this.countRequest(v.info);
      metrics.frameErrors.inc({ listener: this.listenerName, code: v.error.code });
      this.close(v.error);
      return;
    }
    this.countRequest(v.info);
    if (this.adapter.uniqueInflightIds && v.info.expectResponse && this.inflight.peekBackend(v.info.id)) {
      // An answer would be matched to whichever request the backend answers first: refuse.
      const error = new GatewayError('SW_ERR_DUPLICATE_REQUEST_ID', `request id ${v.info.id} (${v.info.api}) is already in flight`);
      metrics.frameErrors.inc({ listener: this.listenerName, code: error.code });
      this.close(error);
      return;
    }
    if (v.kind === 'respond') {
      if (v.close) metrics.frameErrors.inc({ listener: this.listenerName, code: v.close.code });
      const entry = this.inflight.add(v.info, receivedAt);
      this.inflight.complete(entry, v.frame, v.close);
      this.flush();
      return;
    }
    const upstream = this.ensureUpstream();
    const entry = v.info.expectResponse ? this.inflight.add(v.info, receivedAt) : null;
    if (!entry) {
      if (this.unanswered.size >= 1024) this.unanswered.clear();
      this.unanswered.add(v.info.id);
    }
    const now = process.hrtime.bigint();
    if (entry) this.inflight.forwarded(entry, now);
    this.gatewayLatency.observe(Number(now - receivedAt) / 1e9);
    upstream.write(v.kind === 'forward' ? v.frame : v.pieces);
    if (upstream.queuedBytes > WRITE_HIGH_WATER) this.clientPause.add('upstream-full');
    if (this.inflight.size >= this.settings.limits.maxInflight) this.clientPause.add('inflight');
  }

  /** Counted per api and version; versions outside 0-99 (a client's number, answered UNSUPPORTED_VERSION) share `other`, so no client can make series. */
  private countRequest(info: RequestInfo): void {
    const version = info.apiVersion >= 0 && info.apiVersion < 100 ? String(info.apiVersion) : 'other';
    const key = `${info.api}/${version}`;
    let counter = this.requestCounters.get(key);
    if (!counter) {
      counter = this.settings.metrics.requests.labels({ listener: this.listenerName, protocol: this.adapter.name, api: info.api, version });
      if (this.requestCounters.size < 256) this.requestCounters.set(key, counter);
    }
    counter.inc();
  }

  private ensureUpstream(): UpstreamConnection {
    if (this.upstream) return this.upstream;
    const addresses: UpstreamAddress[] = this.settings.upstreamAddresses(this.ctx.target);
    this.clientPause.add('connecting');
    const login = this.backendLogin();
    if (login && !(login instanceof GatewayError)) this.loginMechanism = login.mechanism;
    this.upstream = new UpstreamConnection({
      addresses,
      tls: this.settings.upstreamTls,
      connectTimeoutMs: this.settings.limits.connectTimeoutMs,
      maxFrameBytes: this.settings.limits.maxResponseBytes,
      login,
      onLoggedIn: (lifetimeMs) => this.onBackendLogin(lifetimeMs),
      onConnect: () => this.clientPause.remove('connecting'),
      sink: {
        frame: (frame) => this.onBackendFrame(frame),
        pieces: (pieces, total) => this.onBackendPieces(pieces, total),
        forwardOnly: (head) => this.forwardsUnread(head),
        stream: (head) => this.startStream(head),
        streamPiece: (piece, end) => this.streamPiece(piece, end),
        released: () => this.backendReadReleased(),
      },
      onDrain: () => this.clientPause.remove('upstream-full'),
      onClose: (err) => this.onUpstreamClosed(err),
    });
    return this.upstream;
  }

  /** The gateway's login towards a SASL backend for this client's principal (an error: no credential). */
  private backendLogin(): UpstreamLogin | GatewayError | undefined {
    try {
      return this.adapter.upstreamLogin?.(this.ctx.principal, this.ctx.passthrough) ?? undefined;
    } catch (e) {
      return toGatewayError(e, 'SW_ERR_UPSTREAM_NO_CREDENTIAL');
    }
  }

  /**
   * Logged in to the backend. A backend session with a lifetime is not re-authenticated in the
   * middle of a client's traffic: at 85% of it the connection drains (stops reading, closes once
   * its answers are out), and the client's next connection logs in afresh.
   */
  private onBackendLogin(lifetimeMs: number): void {
    this.settings.metrics.upstreamLogins.inc({ listener: this.listenerName, mechanism: this.loginMechanism, outcome: 'success' });
    this.ctx.log.debug({ mechanism: this.loginMechanism, sessionLifetimeMs: lifetimeMs }, 'logged in to the backend');
    if (lifetimeMs <= 0 || this.closed) return;
    this.sessionTimer = setTimeout(
      () => {
        this.ctx.log.info({ sessionLifetimeMs: lifetimeMs }, 'backend SASL session ends soon: closing after the answers in flight');
        this.drain();
      },
      Math.floor(lifetimeMs * 0.85),
    );
    this.sessionTimer.unref();
  }

  /**
   * Whether nothing from the backend's last read is referenced any more (asked once per read).
   * Only streamed pieces are written from the read buffer itself (small answers are copies, large
   * ones set the flag when handed over), so the client socket's queue matters only when a piece of
   * this read went into it. Asking the queue for every read (a TLS client's writes complete later)
   * cost produce p99 5-7 ms after a TLS consume step in the bench; measured 0.27-0.5 ms without.
   */
  private backendReadReleased(): boolean {
    const kept = this.backendReadKept;
    this.backendReadKept = false;
    return !kept;
  }

  private onBackendFrame(received: Buffer): void {
    if (this.closed) return;
    let frame = received;
    if (frame.length <= COPY_ANSWER_BYTES) frame = Buffer.from(frame);
    else this.backendReadKept = true;
    const id = this.adapter.responseId(frame);
    const entry = id === undefined ? undefined : this.inflight.matchBackend(id);
    if (!entry && id !== undefined && this.unanswered.delete(id)) {
      this.ctx.log.debug({ id }, 'dropped a backend answer to a request that expects none');
      return;
    }
    if (!entry) {
      this.settings.metrics.upstreamErrors.inc({ listener: this.listenerName, code: 'SW_ERR_UPSTREAM_PROTOCOL' });
      this.close(new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', id === undefined ? 'unmatchable response frame' : `no request in flight with id ${id}`));
      return;
    }
    const arrived = process.hrtime.bigint();
    this.upstreamLatency.observe(Number(arrived - entry.forwardedAt) / 1e9);
    const finish = (bytes: Buffer) => {
      this.gatewayLatency.observe(Number(process.hrtime.bigint() - arrived) / 1e9);
      this.inflight.complete(entry, bytes);
      this.flush();
    };
    try {
      const out = this.session.onResponse(entry.info, frame);
      if (out instanceof Promise) out.then(finish, (e) => this.close(toGatewayError(e, 'SW_ERR_REWRITE_FAILED')));
      else finish(out);
    } catch (e) {
      this.close(toGatewayError(e, 'SW_ERR_REWRITE_FAILED'));
    }
  }

  private flush(): void {
    if (this.streaming) return; // answers wait until the frame being streamed has ended
    for (const entry of this.inflight.release()) {
      if (this.closed) return;
      if (entry.response) this.writeToClient(entry.response);
      if (entry.closeAfter) {
        this.close(entry.closeAfter, true);
        return;
      }
    }
    if (this.inflight.size < this.settings.limits.maxInflight) this.clientPause.remove('inflight');
    if (this.draining && this.inflight.size === 0) this.close(undefined, true);
  }

  private writeToClient(response: Buffer | Buffer[]): void {
    if (Array.isArray(response)) {
      this.socket.cork();
      let n = 0;
      for (const piece of response) {
        this.socket.write(piece);
        n += piece.length;
      }
      this.socket.uncork();
      this.bytesOut.inc(n);
    } else {
      this.socket.write(response);
      this.bytesOut.inc(response.length);
    }
    if (this.socket.writableLength > WRITE_HIGH_WATER) this.upstreamPause.add('client-full');
  }

  /** A large response whose request the session passes through untouched: keep its chunks. */
  private forwardsUnread(head: Buffer): boolean {
    const id = this.adapter.responseId(head);
    const entry = id === undefined ? undefined : this.inflight.peekBackend(id);
    return entry !== undefined && this.session.forwardsResponse?.(entry.info, head) === true;
  }

  /**
   * A large answer whose head is here: passed on as it arrives when the session leaves it
   * untouched and it is the next answer the client may get (request order for Kafka; for Fluss
   * any, as other answers wait until it ended). Read buffers are then released as soon as they
   * are written instead of being held until the whole frame is in, and the client starts
   * receiving while the backend is still sending.
   */
  private startStream(head: Buffer): boolean {
    if (this.closed || this.streaming) return false;
    const id = this.adapter.responseId(head);
    const entry = id === undefined ? undefined : this.inflight.peekBackend(id);
    if (!entry || !this.inflight.isNext(entry) || this.session.forwardsResponse?.(entry.info, head) !== true) return false;
    this.inflight.matchBackend(id!);
    this.upstreamLatency.observe(Number(process.hrtime.bigint() - entry.forwardedAt) / 1e9);
    this.streaming = entry;
    return true;
  }

  private streamPiece(piece: Buffer, end: boolean): void {
    if (this.closed) return;
    this.socket.write(piece);
    if (this.socket.writableLength > 0) this.backendReadKept = true; // the piece waits in the queue
    this.bytesOut.inc(piece.length);
    if (end) {
      const entry = this.streaming!;
      this.streaming = null;
      this.inflight.complete(entry, null);
      this.flush();
    }
    if (this.socket.writableLength > WRITE_HIGH_WATER) this.upstreamPause.add('client-full');
  }

  private onBackendPieces(pieces: Buffer[], total: number): void {
    if (this.closed) return;
    this.backendReadKept = true;
    const id = this.adapter.responseId(pieces[0].length >= 9 ? pieces[0] : Buffer.concat(pieces, Math.min(16, total)));
    const entry = id === undefined ? undefined : this.inflight.matchBackend(id);
    if (!entry) {
      this.close(new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `no request in flight with id ${id}`));
      return;
    }
    this.upstreamLatency.observe(Number(process.hrtime.bigint() - entry.forwardedAt) / 1e9);
    this.inflight.complete(entry, pieces);
    this.flush();
  }

  private onUpstreamClosed(err?: GatewayError): void {
    if (this.closed || !err) return;
    this.settings.metrics.upstreamErrors.inc({ listener: this.listenerName, code: err.code });
    if (err.code === 'SW_ERR_UPSTREAM_AUTH_FAILED' || err.code === 'SW_ERR_UPSTREAM_NO_CREDENTIAL') {
      const outcome = err.code === 'SW_ERR_UPSTREAM_AUTH_FAILED' ? 'failure' : 'no-credential';
      this.settings.metrics.upstreamLogins.inc({ listener: this.listenerName, mechanism: this.loginMechanism, outcome });
    }
    const waiters: InflightEntry[] = this.inflight.drainBackendWaiters();
    let answered = waiters.length > 0 && this.session.onUpstreamFailure !== undefined;
    for (const entry of waiters) {
      const bytes = this.session.onUpstreamFailure?.(entry.info, err) ?? null;
      if (!bytes) answered = false;
      this.inflight.complete(entry, bytes);
    }
    if (answered) this.flush();
    this.close(err, answered);
  }

  private onClientEnd(): void {
    if (this.closed) return;
    if (this.framer.pendingBytes > 0) this.close(new GatewayError('SW_ERR_FRAME_TRUNCATED', `${this.framer.pendingBytes} bytes of an incomplete frame`));
    else if (this.inflight.size > 0) this.close(new GatewayError('SW_ERR_CLIENT_CLOSED_MID_REQUEST', `${this.inflight.size} requests in flight`));
    else this.close();
  }

  /** Stop reading new requests; close once every in-flight request is answered. */
  drain(): void {
    if (this.closed || this.draining) return;
    this.draining = true;
    this.clientPause.add('draining');
    if (this.inflight.size === 0) this.close(undefined, true);
  }

  get inflightCount(): number {
    return this.inflight.size;
  }

  /** Close both sides. `graceful` lets written bytes flush before the socket ends. */
  close(error?: GatewayError, graceful = false): void {
    if (this.closed) return;
    this.closed = true;
    if (this.streaming) graceful = false; // a frame cut short: nothing more may follow it
    const reason = error?.code ?? 'normal';
    if (error) {
      const level = CLIENT_SIDE_CLOSES.has(error.code) ? 'info' : 'warn';
      this.ctx.log[level]({ err: error.code, detail: error.message, inflight: this.inflight.size }, 'connection closed');
    } else this.ctx.log.debug('connection closed');
    this.settings.metrics.connectionsClosed.inc({ listener: this.listenerName, reason });
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.upstream?.close();
    this.session.close?.();
    if (graceful) {
      this.socket.end();
      // a socket paused for back-pressure (or a quota mute) would never read the client's FIN,
      // so it would never close: nothing more is read into the gateway, let it drain
      this.socket.resume();
    } else this.socket.destroy();
    this.onClosed(this);
  }
}
