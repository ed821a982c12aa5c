/**
 * The Apache Fluss RPC protocol plugged into the proxy core. Every request gets an answer, even
 * where a Fluss server would silently drop it: unknown api keys and versions, PRIVATE
 * (server-to-server) keys and undecodable bodies are answered with an ERROR_RESPONSE. Responses
 * may leave out of order (legal in Fluss). Before authentication nothing but API_VERSIONS and
 * AUTHENTICATE is decoded (the SASL gate runs before any body is read). API_VERSIONS answers lose
 * their PRIVATE keys, GET_METADATA answers name the gateway's endpoint for the coordinator and each
 * tablet server, and DESCRIBE_CLUSTER_CONFIGS answers lose credentials and backend addresses
 * (config-values.ts). Requests run the pipeline (../pipeline.ts): guard (keys, versions, the gate's
 * pre-login rule and caps, the body decoded once) -> AUTHENTICATE -> API_VERSIONS answered locally
 * before login -> PRIVATE keys refused -> authorization.
 */
import { encodeRequestFrame, encodeResponseFrame, readRequestHeader, readResponseHeader, ResponseType, REQUEST_HEADER_BYTES, LENGTH_PREFIX_BYTES } from '../../protocol/fluss/frame.js';
import { encodeMessage } from '../../protocol/fluss/proto-message.js';
import { ApiVersionsRequest } from '../../protocol/fluss/messages/handshake.js';
import { ApiVersionsCache, keyOf } from '../api-versions-cache.js';
import { apiName, isPrivateApi, ApiKey } from '../../protocol/fluss/api-keys.js';
import { errorResponseFrame } from '../../protocol/fluss/error-response.js';
import { FlussError } from '../../protocol/fluss/error-codes.js';
import { collectMetadataServers, rewriteMetadataServers, trimApiVersions } from '../../protocol/fluss/rewrite.js';
import { GatewayError, toGatewayError } from '../../errors.js';
import { AddressBook, cleanClusterConfigs, type ConfigValuesMode } from './config-values.js';
import { FlussAuthStage } from './auth-stage.js';
import { FlussGuard } from './guard.js';
import { FlussPrivateApis } from './private-apis.js';
import { FlussRequest } from './request.js';
import { resolveEndpoints } from '../node-endpoints.js';
import { flussDiscovery } from './discovery.js';
import type { AuthPolicy } from '../auth-policy.js';
import { RequestPipeline, type PipelineStage } from '../pipeline.js';
import { PipelineSession } from '../pipeline-session.js';
import { LocalApiVersionsStage } from '../local-api-versions.js';
import type { ConnectionContext, PassthroughLogin, PiecedVerdict, ProtocolAdapter, ProtocolSession, RequestInfo, Verdict } from '../../proxy/protocol.js';
import { produceLogSkeleton } from '../../protocol/fluss/produce-pieces.js';
import { rememberPieced } from './pieced-produce.js';
import type { BackendLogin } from '../backend-login.js';
import type { UpstreamLogin } from '../../proxy/upstream-login.js';

export { FlussRequest } from './request.js';

export interface FlussAdapterOptions {
  auth: AuthPolicy;
  /** Authorization (and any later per-request stage: quotas), created per connection, in slot order. */
  stages?: Array<(ctx: ConnectionContext) => PipelineStage<FlussRequest>>;
  /** Listener-wide resources to release when the listener closes. */
  onClose?: () => void;
  /** Host-bearing values in DESCRIBE_CLUSTER_CONFIGS answers (credentials are always masked). Default rewrite. */
  configValues?: ConfigValuesMode;
  /** The gateway's login on each backend connection (a Fluss listener with SASL); absent = none. */
  upstreamLogin?: BackendLogin;
}

export class FlussAdapter implements ProtocolAdapter {
  readonly name = 'fluss';
  readonly orderedResponses = false;
  /** Answers are matched by request id alone, so an id may not be reused while in flight. */
  readonly uniqueInflightIds = true;
  /** Backend addresses this listener fronts, learned from the metadata answers it rewrote. */
  private readonly addresses = new AddressBook();
  readonly discovery = flussDiscovery;

  constructor(private readonly options: FlussAdapterOptions) {}

  upstreamLogin(principal: string | null, passthrough?: PassthroughLogin | null): UpstreamLogin | null {
    return this.options.upstreamLogin?.(principal, passthrough) ?? null;
  }

  responseId(frame: Buffer): number | undefined {
    if (frame.length < LENGTH_PREFIX_BYTES + 5) return undefined;
    const type = frame.readInt8(4);
    if (type !== ResponseType.SUCCESS && type !== ResponseType.ERROR) return undefined;
    return frame.readInt32BE(5);
  }

  /** What the backend answers to API_VERSIONS, for answering unauthenticated clients locally. */
  private readonly versions = new ApiVersionsCache();

  newSession(ctx: ConnectionContext): ProtocolSession {
    return new FlussSession(ctx, this.options, this.addresses, this.versions);
  }

  close(): void {
    this.options.onClose?.();
  }
}

export class FlussSession extends PipelineSession<FlussRequest> {
  protected readonly pipeline: RequestPipeline<FlussRequest>;
  private readonly configValues: ConfigValuesMode;
  private readonly auth: FlussAuthStage;
  /** Every stage given reads pieced PRODUCE_LOG skeletons (so such frames spanning reads need not be joined). */
  private readonly skeletonsOk: boolean;

  constructor(
    ctx: ConnectionContext,
    options: FlussAdapterOptions,
    private readonly addresses = new AddressBook(),
    private readonly versions = new ApiVersionsCache(),
  ) {
    super(ctx);
    this.configValues = options.configValues ?? 'rewrite';
    const auth = new FlussAuthStage(options.auth, ctx);
    this.auth = auth;
    const later = (options.stages ?? []).map((make) => make(ctx));
    this.skeletonsOk = later.every((st) => st.readsProduceSkeletons === true);
    this.pipeline = new RequestPipeline<FlussRequest>([
      new FlussGuard(auth),
      auth,
      new LocalApiVersionsStage<FlussRequest>(ApiKey.API_VERSIONS, (info) => this.localApiVersions(info)),
      new FlussPrivateApis(),
      ...later,
    ]);
  }

  onRequest(frame: Buffer): Verdict | Promise<Verdict> {
    if (frame.length < LENGTH_PREFIX_BYTES + REQUEST_HEADER_BYTES) {
      return { kind: 'close', error: new GatewayError('SW_ERR_MALFORMED_REQUEST', `frame of ${frame.length - 4} bytes has no request header`) };
    }
    const header = readRequestHeader(frame);
    const info: RequestInfo = { apiKey: header.apiKey, apiVersion: header.apiVersion, id: header.requestId, expectResponse: true, api: apiName(header.apiKey) };
    return this.pipeline.run(new FlussRequest(frame, header), info, this.ctx) ?? { kind: 'forward', info, frame };
  }

  /** PRODUCE_LOG frames of an authenticated client are read in pieces (the bulk of the write path). */
  readsInPieces(head: Buffer): boolean {
    return head.length >= 6 && head.readInt16BE(4) === ApiKey.PRODUCE_LOG && this.auth.authenticated && this.skeletonsOk;
  }

  /**
   * A PRODUCE_LOG frame spanning reads: its skeleton (protocol/fluss/produce-pieces.ts) takes the
   * ordinary pipeline (the guard decodes it strictly); when the verdict forwards the skeleton
   * unchanged the pieces go on as received. No rule rewrites PRODUCE_LOG; if one ever did, the
   * rewrite (made from the skeleton) is refused.
   */
  onRequestPieces(pieces: readonly Buffer[], total: number): PiecedVerdict | Promise<PiecedVerdict> | null {
    if (pieces.length === 0 || !this.readsInPieces(pieces[0].length >= 6 ? pieces[0] : Buffer.concat(pieces as Buffer[], Math.min(6, total)))) return null;
    const skeleton = produceLogSkeleton(pieces, total);
    if (!skeleton) return null;
    rememberPieced(skeleton, total);
    const asPieces = (v: Verdict): PiecedVerdict => {
      if (v.kind !== 'forward') return v;
      if (v.frame === skeleton) return { kind: 'forward-pieces', info: v.info, pieces, total };
      return { kind: 'close', info: v.info, error: new GatewayError('SW_ERR_INTERNAL', 'a PRODUCE_LOG read in pieces was rewritten') };
    };
    const v = this.onRequest(skeleton);
    return v instanceof Promise ? v.then(asPieces) : asPieces(v);
  }

  protected finishesUnread(info: RequestInfo): boolean {
    return info.apiKey !== ApiKey.API_VERSIONS && info.apiKey !== ApiKey.GET_METADATA && info.apiKey !== ApiKey.DESCRIBE_CLUSTER_CONFIGS;
  }

  /**
   * API_VERSIONS before authentication, answered without a backend connection of this client:
   * the backend's answer (known, or one probe per listener) with the client's request id,
   * trimmed exactly as a forwarded answer is.
   */
  private async localApiVersions(info: RequestInfo): Promise<Verdict> {
    const exchange = this.ctx.exchangeWithBackend!;
    try {
      const body = await this.versions.body(keyOf(this.ctx.target.key, info.apiVersion), async () => {
        const probe = encodeRequestFrame(ApiKey.API_VERSIONS, info.apiVersion, 0x7ffffff0, encodeMessage(ApiVersionsRequest, { client_software_name: 'streamward', client_software_version: '1' }));
        const answer = await exchange(probe);
        const h = readResponseHeader(answer);
        if (h.type !== ResponseType.SUCCESS) throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', `API_VERSIONS probe answered with type ${h.type}`);
        return answer.subarray(h.bodyOffset, h.frameEnd);
      });
      return { kind: 'respond', info, frame: this.finishResponse(info, encodeResponseFrame(0, info.id, body)) as Buffer };
    } catch (e) {
      return { kind: 'close', info, error: toGatewayError(e, 'SW_ERR_UPSTREAM_UNREACHABLE') };
    }
  }

  protected finishResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    if (frame.readInt8(4) !== ResponseType.SUCCESS) return frame;
    if (info.apiKey === ApiKey.API_VERSIONS) {
      this.versions.learn(keyOf(this.ctx.target.key, info.apiVersion), frame.subarray(9));
      return trimApiVersions(frame, (key) => !isPrivateApi(key));
    }
    if (info.apiKey === ApiKey.GET_METADATA) return this.rewriteMetadata(frame);
    if (info.apiKey === ApiKey.DESCRIBE_CLUSTER_CONFIGS) return cleanClusterConfigs(frame, this.configValues, this.addresses);
    return frame;
  }

  onUpstreamFailure(info: RequestInfo, error: GatewayError): Buffer {
    return errorResponseFrame(info.id, FlussError.NETWORK_EXCEPTION, `The gateway lost its connection to the server: ${error.code}`);
  }

  private async rewriteMetadata(frame: Buffer): Promise<Buffer> {
    const servers = collectMetadataServers(frame);
    if (servers.length === 0) return frame;
    const endpointOf = await resolveEndpoints(this.ctx.nodes, servers, (s) => ({ key: `${s.type}:${s.nodeId}`, host: s.host, port: s.port }));
    for (const s of servers) this.addresses.set(s.host, s.port, endpointOf(s));
    return rewriteMetadataServers(frame, endpointOf);
  }
}
