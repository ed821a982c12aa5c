/**
 * Runtime limits of an HTTP listener and its backend pool. The config file has no HTTP-specific
 * keys yet, so these defaults apply; startHttpListener takes overrides (tests use small values).
 */

export interface HttpLimits {
  /** Largest request head (request line + headers) accepted; larger -> 431. */
  maxHeaderBytes: number;
  /** Time the whole request head may take to arrive; slower -> 408. */
  headersTimeoutMs: number;
  /** Time the whole request body may take to arrive (a 500 MiB jar needs a generous value). */
  requestTimeoutMs: number;
  /** Longest pause between two pieces of a request body; longer -> 408. */
  bodyIdleTimeoutMs: number;
  /** Largest request body forwarded; larger -> 413 (checked as bytes stream, never buffered). */
  maxBodyBytes: number;
  /** Idle time a client keep-alive connection is kept open between requests. */
  keepAliveTimeoutMs: number;
  /** Client connections the listener holds at most. */
  maxConnections: number;
  /** Time a TLS handshake (and the first byte) may take. */
  handshakeTimeoutMs: number;
  /** Backend: time to connect. Slower -> 504. */
  upstreamConnectTimeoutMs: number;
  /** Backend: time from the request being sent to the response head. Slower -> 504. */
  upstreamHeadersTimeoutMs: number;
  /** Backend: longest pause inside a response body; longer -> connection cut, logged. */
  upstreamBodyTimeoutMs: number;
  /** Backend: connections the pool opens at most (requests beyond wait in the pool's queue). */
  upstreamConnections: number;
  /** Backend: idle keep-alive connections are closed after this long. */
  upstreamKeepAliveMs: number;
  /** Largest configuration answer buffered for filtering (config-answer.ts); larger -> 502, withheld. */
  maxFilteredResponseBytes: number;
  /** All configuration answers being filtered at once hold at most this many bytes; beyond -> 503. */
  maxFilteringBytes: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30 * 60_000,
  bodyIdleTimeoutMs: 30_000,
  maxBodyBytes: 1024 * 1024 * 1024,
  keepAliveTimeoutMs: 30_000,
  maxConnections: 10_000,
  handshakeTimeoutMs: 10_000,
  upstreamConnectTimeoutMs: 5_000,
  upstreamHeadersTimeoutMs: 60_000,
  upstreamBodyTimeoutMs: 60_000,
  upstreamConnections: 64,
  upstreamKeepAliveMs: 30_000,
  maxFilteredResponseBytes: 4 * 1024 * 1024,
  maxFilteringBytes: 64 * 1024 * 1024,
};
