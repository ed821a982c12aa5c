/**
 * The one catalogue of gateway errors. Every log line about a failure carries one of these
 * stable codes in its `err` field; metrics count frame errors by the same code. Codes never
 * change meaning once released; add new ones at the end of a group.
 */
export const ERRORS = {
  // framing and request parsing
  SW_ERR_FRAME_TOO_LARGE: 'frame length exceeds limits.maxFrameBytes',
  SW_ERR_FRAME_NEGATIVE: 'frame length is negative',
  SW_ERR_FRAME_TRUNCATED: 'peer closed the connection in the middle of a frame',
  SW_ERR_MALFORMED_REQUEST: 'request header or body could not be decoded',
  SW_ERR_UNKNOWN_API_KEY: 'request names an api key the gateway does not know',
  SW_ERR_UNSUPPORTED_VERSION: 'request version is outside the supported range',
  SW_ERR_PRIVATE_API: 'request uses a server-to-server api key',
  SW_ERR_DUPLICATE_REQUEST_ID: 'request id is already used by a request in flight (Fluss answers are matched by id)',
  SW_ERR_DUPLICATE_RESOURCE: 'request names the same resource more than once',
  SW_ERR_PREAUTH_FRAME_TOO_LARGE: 'frame before authentication exceeds limits.preAuthMaxFrameBytes or its api cap',
  SW_ERR_AMBIGUOUS_REQUEST: 'request bytes the backend could read differently from the gateway (tag size, tag order, trailing bytes, malformed text)',
  SW_ERR_REQUEST_TOO_COMPLEX: 'request declares more elements than the gateway decodes per frame',
  // transport and TLS
  SW_ERR_TLS_ON_PLAIN_PORT: 'a TLS ClientHello arrived on a plaintext listener',
  SW_ERR_PLAIN_ON_TLS_PORT: 'plaintext bytes arrived on a TLS listener',
  SW_ERR_TLS_HANDSHAKE: 'TLS handshake failed',
  SW_ERR_CLIENT_CERT: 'client certificate missing, untrusted or expired',
  SW_ERR_CLIENT_CERT_REVOKED: 'client certificate is revoked by a CRL in tls.crl',
  SW_ERR_MAX_CONNECTIONS: 'listener is at limits.maxConnections',
  SW_ERR_IDLE_TIMEOUT: 'connection idle longer than limits.idleTimeout',
  SW_ERR_CLIENT_SOCKET: 'client socket error',
  SW_ERR_CLIENT_CLOSED_MID_REQUEST: 'client closed with requests still in flight',
  SW_ERR_MAX_CONNECTIONS_PER_ADDRESS: 'client address is at limits.maxConnectionsPerAddress',
  SW_ERR_HANDSHAKE_TIMEOUT: 'TLS handshake (or first bytes) not completed within limits.handshakeTimeout',
  SW_ERR_SNI_UNKNOWN: 'TLS client sent no SNI host name, or one that names neither the bootstrap nor a node',
  // upstream
  SW_ERR_UPSTREAM_UNREACHABLE: 'could not connect to the backend',
  SW_ERR_UPSTREAM_CLOSED: 'backend closed the connection',
  SW_ERR_UPSTREAM_PROTOCOL: 'backend sent a response the gateway cannot match or decode',
  SW_ERR_REWRITE_FAILED: 'response with backend addresses could not be rewritten',
  SW_ERR_NODE_OUT_OF_RANGE: 'a response names a backend node the listener nodePorts map gives no port; not passed on',
  SW_ERR_NODE_UNKNOWN: 'a client reached a node endpoint whose backend node this gateway could not discover',
  SW_ERR_UPSTREAM_AUTH_FAILED: "the backend refused the gateway's SASL login (clusters.<name>.sasl), or the login did not complete",
  SW_ERR_UPSTREAM_NO_CREDENTIAL: 'no backend credential for this principal (clusters.<name>.sasl identity mapped: not in the mapping file)',
  // authentication and authorization
  SW_ERR_AUTH_FAILED: 'authentication failed',
  SW_ERR_AUTH_REQUIRED: 'request before authentication completed',
  SW_ERR_AUTH_MECHANISM: 'SASL mechanism not enabled',
  SW_ERR_AUTH_STATE: 'SASL message out of sequence',
  SW_ERR_AUTH_THROTTLED: 'too many failed authentications',
  SW_ERR_AUTH_TIMEOUT: 'authentication not completed in time',
  SW_ERR_AUTH_REVOKED: 'the user or credential the connection authenticated with was removed; connection closed',
  SW_ERR_AUTHZ_DENIED: 'request denied by ACL',
  SW_ERR_AUTHZ_ERROR: 'authorization could not be evaluated; denied',
  SW_ERR_AUTH_BUSY: 'password check refused: the hashing queue (limits.authHashing) is full',
  SW_ERR_GSSAPI_HELPER: 'the GSS-API helper (python3-gssapi) could not start or has no acceptor credentials for the keytab and principal',
  SW_ERR_JWKS_UNAVAILABLE: "the token issuer's JWKS or OIDC discovery document could not be fetched; tokens are refused until it can",
  // HTTP listener (Flink REST)
  SW_ERR_HTTP_BAD_REQUEST: 'HTTP request line or headers are malformed',
  SW_ERR_HTTP_SMUGGLING: 'HTTP message framing is ambiguous (Content-Length/Transfer-Encoding/Host)',
  SW_ERR_HTTP_HEADERS_TOO_LARGE: 'HTTP request headers exceed the size limit',
  SW_ERR_HTTP_BAD_PATH: 'HTTP request target is not a clean origin-form path',
  SW_ERR_HTTP_METHOD: 'HTTP method is not allowed through the gateway',
  SW_ERR_HTTP_REQUEST_TIMEOUT: 'HTTP request headers or body arrived too slowly',
  SW_ERR_HTTP_BODY_TOO_LARGE: 'HTTP request body exceeds the size limit',
  SW_ERR_HTTP_UPSTREAM_TIMEOUT: 'backend did not answer the HTTP request in time',
  SW_ERR_HTTP_UNKNOWN_ROUTE: 'HTTP route is not in the route table; denied',
  SW_ERR_HTTP_CROSS_ORIGIN: 'state-changing HTTP request from a web origin that is not allowed',
  SW_ERR_HTTP_RESPONSE_TOO_LARGE: 'backend configuration answer too large to filter; withheld',
  SW_ERR_HTTP_URI_TOO_LONG: 'HTTP request target exceeds the length limit',
  // configuration and operations
  SW_ERR_CONFIG_INVALID: 'configuration file is invalid',
  SW_ERR_RELOAD_FAILED: 'reload failed; the previous state stays in force',
  SW_ERR_INTERNAL: 'internal error',
  // shared state (ACL and credential stores)
  SW_ERR_STORE_LOCKED: 'the store file is locked by another writer; nothing was written',
  SW_ERR_STORE_UNAVAILABLE: 'the shared store (etcd) is unreachable; the last state seen stays in force',
  SW_ERR_STORE_CONFLICT: 'the shared store kept changing under a write; nothing was written',
  SW_ERR_QUOTA_REFUSED: 'a client quota filter or alteration (DescribeClientQuotas / AlterClientQuotas) was refused with the protocol error and message a broker gives',
  SW_ERR_QUOTA_STORE_FULL: 'an alteration would add more client quota entities than the quota store holds; refused with POLICY_VIOLATION',
  // worker processes (workers: N)
  SW_ERR_WORKER_EXITED: 'a worker process exited unexpectedly; it is restarted after a back-off',
  SW_ERR_WORKER_UNRESPONSIVE: 'a worker process did not answer the primary in time',
} as const;

export type ErrCode = keyof typeof ERRORS;

/**
 * Codes that were in the catalogue and are no longer emitted. They stay listed so that no new
 * code ever reuses one of these names with another meaning (a dashboard or alert may still
 * match them).
 */
export const RETIRED_ERRORS = {
  SW_ERR_TOO_MANY_INFLIGHT: 'never emitted: past its in-flight cap a connection stops reading from the client (back-pressure) instead of refusing',
  SW_ERR_UPSTREAM_SERVER_FAILURE: 'never emitted: a backend frame without a request id is logged as SW_ERR_UPSTREAM_PROTOCOL',
  SW_ERR_NODE_PORTS_EXHAUSTED: 'never emitted: nodePorts became an id map; a node outside it is SW_ERR_NODE_OUT_OF_RANGE',
} as const;

/**
 * An error that carries a catalogue code. `detail` is safe to log (never secrets). Where it
 * wraps another error, pass that error as `cause` (ES2022) so its stack is not lost.
 */
export class GatewayError extends Error {
  readonly code: ErrCode;
  constructor(code: ErrCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${ERRORS[code]}: ${detail}` : ERRORS[code], options);
    this.code = code;
    this.name = 'GatewayError';
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

/**
 * Normalise anything thrown into a GatewayError (unknown errors become SW_ERR_INTERNAL); a
 * wrapped error is kept as the `cause`.
 */
export function toGatewayError(e: unknown, fallback: ErrCode = 'SW_ERR_INTERNAL'): GatewayError {
  if (e instanceof GatewayError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new GatewayError(fallback, msg, { cause: e });
}
