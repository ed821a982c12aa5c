/**
 * The seam between the protocol-neutral proxy core and a wire protocol (Kafka, Fluss).
 *
 * The core owns sockets, framing (int32 big-endian length prefix), backpressure, the in-flight
 * table and response ordering. A protocol plugs in as a ProtocolAdapter; per client connection
 * the adapter creates a ProtocolSession that sees every request frame and every response frame.
 * The core never branches on the protocol's name.
 *
 * Frames handed across this seam always include their 4-byte length prefix. A session that
 * changes a frame returns a new, complete frame (length prefix recomputed); one that does not
 * returns the very Buffer it was given, so original bytes are forwarded without a copy.
 */
import type { Logger } from 'pino';
import type { PeerCertificate } from 'node:tls';
import type { GatewayError } from '../errors.js';
import type { UpstreamLogin } from './upstream-login.js';

/** What the core needs to know about one request, as decided by the protocol session. */
export interface RequestInfo {
  apiKey: number;
  apiVersion: number;
  /** Kafka correlation id / Fluss request id; -1 for frames without a header (raw SASL tokens). */
  id: number;
  /** False for Kafka Produce with acks=0 and other requests that never get an answer. */
  expectResponse: boolean;
  /** The protocol's name for the api (for logs and metrics). */
  api: string;
}

export type Verdict =
  /** Send `frame` (the original buffer, or a rewritten one) to the backend node. */
  | { kind: 'forward'; info: RequestInfo; frame: Buffer }
  /**
   * Answer locally with `frame` (null: nothing is sent, e.g. a raw SASL token that gets no
   * challenge). The answer is released in order with the other responses. With `close`, the
   * connection is closed once the answer is flushed, and the error is logged.
   */
  | { kind: 'respond'; info: RequestInfo; frame: Buffer | null; close?: GatewayError }
  /** Close the connection without an answer; the error is logged with its SW_ERR_* code. */
  | { kind: 'close'; error: GatewayError; info?: RequestInfo };

/**
 * What a session decides for a request frame received in pieces (onRequestPieces): any verdict,
 * or forward the pieces themselves, as received, without joining them.
 */
export type PiecedVerdict = Verdict | { kind: 'forward-pieces'; info: RequestInfo; pieces: readonly Buffer[]; total: number };

/** A backend node as the backend names it. `key` is unique per node, e.g. `broker:3`, `tablet:1`. */
export interface BackendNode {
  key: string;
  host: string;
  port: number;
}

/** The gateway endpoints that stand for backend nodes, shared by all connections of a listener. */
export interface NodeDirectory {
  /**
   * The client-facing endpoint (advertised host and port) for a backend node. A node seen for
   * the first time gets a port from the listener's range and a listening endpoint; the promise
   * resolves once it accepts connections. A node whose backend address changed is re-pointed.
   * Rejects with SW_ERR_NODE_OUT_OF_RANGE when the nodePorts map gives the node no port.
   */
  endpointFor(node: BackendNode): Promise<{ host: string; port: number }>;
  /** The endpoint already assigned to a node key, if any (synchronous fast path). */
  lookup(node: BackendNode): { host: string; port: number } | undefined;
}

/** Per-connection facts and hooks handed to a protocol session. */
export interface ConnectionContext {
  readonly connId: number;
  readonly listener: string;
  /** Client IP as a string (IPv4 dotted, IPv6 expanded by Node). */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** TLS facts when the client connection is TLS, else null. */
  readonly tls: { authorized: boolean; authorizationError?: string; peerCertificate?: PeerCertificate; protocol?: string | null } | null;
  /** `User:<name>` once authenticated (or mapped from a certificate); null before. */
  principal: string | null;
  /**
   * Set only when the cluster's backend login passes the client's own PLAIN login through
   * (`clusters.<name>.sasl.identity: passthrough`): the user name and password the client proved.
   */
  passthrough?: PassthroughLogin | null;
  readonly log: Logger;
  readonly nodes: NodeDirectory;
  /** The backend node this client-facing endpoint stands for (`key` = 'bootstrap' for the bootstrap endpoint). */
  readonly target: BackendNode;
  /** Gateway-wide services (credentials, ACLs, metrics, ...), filled by gateway.ts. */
  readonly services: GatewayServices;
  /**
   * Send one gateway-made request to the backend node this endpoint stands for (the bootstrap
   * list for the bootstrap endpoint) on a short-lived connection of its
   * own and resolve with the answer frame (used to learn what the backend supports).
   */
  exchangeWithBackend?(frame: Buffer): Promise<Buffer>;
  /** Close the connection from outside a verdict (auth timeout, session expiry). */
  close(error: GatewayError): void;
}

/** A client's own PLAIN user name and password, kept for a passthrough backend login. */
export interface PassthroughLogin {
  username: string;
  password: string;
}

/** Gateway-wide services. Each protocol reads what it needs; fields are added as features land. */
export interface GatewayServices {
  [name: string]: unknown;
}

export interface ProtocolSession {
  /** Every complete client frame, in arrival order. A returned promise holds back later frames. */
  onRequest(frame: Buffer): Verdict | Promise<Verdict>;
  /**
   * Optional: true when this request frame (only its first bytes, at least 12 when it has them,
   * are given) may reach onRequestPieces as the chunks it spans instead of one joined Buffer.
   */
  readsInPieces?(head: Buffer): boolean;
  /**
   * A request frame received in pieces (only for frames readsInPieces accepted): a verdict once
   * the whole frame is here (nothing of it has been forwarded), or null to have it joined and
   * given to onRequest.
   */
  onRequestPieces?(pieces: readonly Buffer[], total: number): PiecedVerdict | Promise<PiecedVerdict> | null;
  /** Every backend response matched to a forwarded request; returns the bytes for the client. */
  onResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer>;
  /**
   * True when the session will pass this request's response through untouched (no rewrite, no
   * filter): the core may then forward a large response as received, without joining its chunks.
   * `head` (the response's first bytes, at least 64 when it has them) lets a session decide from
   * the answer's header; a session that says true from it has done all it would do in onResponse.
   */
  forwardsResponse?(info: RequestInfo, head?: Buffer): boolean;
  /** The answer for a request in flight when the backend failed; null closes without one. */
  onUpstreamFailure?(info: RequestInfo, error: GatewayError): Buffer | null;
  /**
   * False while the client has not authenticated: its frames are then held to the small
   * pre-authentication limit. Asked after the session is created and after each verdict until it
   * says true. A session without this method has no login (always authenticated).
   */
  authenticated?(): boolean;
  /** The connection is gone; release timers and state. */
  close?(): void;
}

/**
 * How the gateway itself learns the backend nodes (for a pre-opened node port that a client
 * reached before any answer through this gateway named its node). Each attempt is a list of
 * request frames sent in order on one fresh bootstrap connection; attempts are tried in order
 * until one yields nodes (e.g. a newer request version first, an older one for old backends).
 */
export interface NodeDiscovery {
  attempts: Buffer[][];
  /** The nodes named by one attempt's responses (in request order); throws when unreadable. */
  nodes(attempt: number, responses: Buffer[]): BackendNode[];
}

export interface ProtocolAdapter {
  /** 'kafka' | 'fluss': for logs and metrics only. */
  readonly name: string;
  /** True when responses must reach the client in request order (Kafka); false for Fluss. */
  readonly orderedResponses: boolean;
  /**
   * True when a request id must be unique among the requests in flight (Fluss: answers come out
   * of order and are matched by id alone). A second request with an id still in flight closes
   * the connection before it is forwarded.
   */
  readonly uniqueInflightIds?: boolean;
  /** The request id a backend response frame answers; undefined when it cannot be matched. It may be given only the first 16 bytes of a frame. */
  responseId(frame: Buffer): number | undefined;
  newSession(ctx: ConnectionContext): ProtocolSession;
  /** Node discovery for deterministic node ports; absent = nodes are only learned from answers. */
  readonly discovery?: NodeDiscovery;
  /**
   * The gateway's login on a new backend connection (a backend with SASL), for a client's
   * principal, or null for the gateway's own connections (node discovery). Null = no login.
   * Throws a GatewayError (SW_ERR_UPSTREAM_NO_CREDENTIAL) when the principal has no credential.
   */
  upstreamLogin?(principal: string | null, passthrough?: PassthroughLogin | null): UpstreamLogin | null;
  /** The listener is gone: release listener-wide resources (caches, backend connections). */
  close?(): void;
}
