/**
 * The Kafka protocol plugged into the proxy core: the request pipeline (../pipeline.ts: guard ->
 * SASL gate -> local ApiVersions before login -> Produce acks -> authorization), response
 * ordering, ApiVersions trimming and address rewriting. Before authentication only the header is
 * parsed and only the SASL apis and ApiVersions (each within its pre-auth cap) are read.
 */
import { API_SPECS } from '../../protocol/kafka/api-table.js';
import { trimApiVersionsResponse, type VersionRange } from '../../protocol/kafka/api-versions.js';
import { carriesAddresses, collectAddresses, rewriteAddresses } from '../../protocol/kafka/rewrite.js';
import { GatewayError, toGatewayError } from '../../errors.js';
import { ApiVersionsCache, keyOf } from '../api-versions-cache.js';
import { KafkaWriter } from '../../protocol/kafka/writer.js';
import { KafkaSaslStage } from './sasl-stage.js';
import { resolveEndpoints } from '../node-endpoints.js';
import { kafkaDiscovery } from './discovery.js';
import { saslEnabled, type AuthPolicy } from '../auth-policy.js';
import { RequestPipeline, type PipelineStage } from '../pipeline.js';
import { PipelineSession } from '../pipeline-session.js';
import { LocalApiVersionsStage } from '../local-api-versions.js';
import { KafkaGuard } from './guard.js';
import { ProduceAcksStage } from './produce-acks.js';
import { KafkaRequest, malformed } from './request.js';
import type { ConnectionContext, PassthroughLogin, PiecedVerdict, ProtocolAdapter, ProtocolSession, RequestInfo, Verdict } from '../../proxy/protocol.js';
import { produceSkeleton, requestApiKey } from '../../protocol/kafka/produce-pieces.js';
import { rememberPieced } from './pieced-produce.js';
import type { BackendLogin } from '../backend-login.js';
import type { UpstreamLogin } from '../../proxy/upstream-login.js';

const API_VERSIONS = 18;
const PRODUCE = 0;

/** Versions the gateway handles for a key, or undefined when it does not forward that key. */
export function gatewaySupport(key: number): { min: number; max: number } | undefined {
  const spec = API_SPECS.get(key);
  if (!spec || !spec.clientFacing) return undefined;
  return { min: spec.minVersion, max: spec.maxVersion };
}

export interface KafkaAdapterOptions {
  auth: AuthPolicy;
  /** Apis answered by the gateway itself (beyond SASL), advertised in ApiVersions with these ranges. */
  ownedApis?: ReadonlyMap<number, VersionRange>;
  /** Authorization (and any later per-request stage: quotas), created per connection, in slot order. */
  stages?: Array<(ctx: ConnectionContext) => PipelineStage<KafkaRequest>>;
  /** The gateway's login on each backend connection (a backend with SASL); absent = none. */
  upstreamLogin?: BackendLogin;
}

export class KafkaAdapter implements ProtocolAdapter {
  readonly name = 'kafka';
  readonly orderedResponses = true;
  readonly discovery = kafkaDiscovery;

  constructor(private readonly options: KafkaAdapterOptions) {}

  upstreamLogin(principal: string | null, passthrough?: PassthroughLogin | null): UpstreamLogin | null {
    return this.options.upstreamLogin?.(principal, passthrough) ?? null;
  }

  /** The correlation id (bytes 4-7); only the first 8 bytes are read, so a frame's head is enough. */
  responseId(frame: Buffer): number | undefined {
    return frame.length >= 8 ? frame.readInt32BE(4) : undefined;
  }

  /** What the backend answers to ApiVersions, for answering unauthenticated clients locally. */
  private readonly versions = new ApiVersionsCache();

  newSession(ctx: ConnectionContext): ProtocolSession {
    return new KafkaSession(ctx, this.options, this.versions);
  }
}

/**
 * Trim a successful ApiVersions answer to the versions the gateway handles. An error answer
 * (e.g. UNSUPPORTED_VERSION for a too-new request, which brokers and mocks encode in various
 * ways) lists no apis to trim and is forwarded as the backend sent it.
 */
function trimApiVersions(frame: Buffer, version: number, owned: ReadonlyMap<number, VersionRange>): Buffer {
  if (frame.length < 10 || frame.readInt16BE(8) !== 0) return frame;
  return trimApiVersionsResponse(frame, version, gatewaySupport, owned);
}

/** The gateway's own ApiVersions request of `version` (flexible header and client software fields from v3). */
function apiVersionsProbe(version: number): Buffer {
  const w = new KafkaWriter(64).int16(API_VERSIONS).int16(version).int32(0x7ffffff0).nullableString('streamward');
  if (version >= 3) w.uvarint(0).compactString('streamward').compactString('1').uvarint(0);
  return w.frame();
}

/** SaslHandshake and SaslAuthenticate: the gateway answers them, whatever the backend lists. */
const SASL_APIS: ReadonlyMap<number, VersionRange> = new Map([
  [17, { min: 0, max: 1 }],
  [36, { min: 0, max: 2 }],
]);

export class KafkaSession extends PipelineSession<KafkaRequest> {
  protected readonly pipeline: RequestPipeline<KafkaRequest>;
  private readonly sasl: KafkaSaslStage;
  private readonly ownedApis: ReadonlyMap<number, VersionRange>;
  /** Every stage given reads pieced Produce skeletons (so Produce frames spanning reads need not be joined). */
  private readonly skeletonsOk: boolean;

  constructor(
    ctx: ConnectionContext,
    options: KafkaAdapterOptions,
    private readonly versions = new ApiVersionsCache(),
  ) {
    super(ctx);
    this.sasl = new KafkaSaslStage(options.auth, ctx);
    const later = (options.stages ?? []).map((make) => make(ctx));
    this.skeletonsOk = later.every((st) => st.readsProduceSkeletons === true);
    this.pipeline = new RequestPipeline<KafkaRequest>([
      new KafkaGuard(this.sasl),
      this.sasl,
      new LocalApiVersionsStage<KafkaRequest>(API_VERSIONS, (info) => this.localApiVersions(info)),
      new ProduceAcksStage(later.length > 0),
      ...later,
    ]);
    this.ownedApis = new Map([...(saslEnabled(options.auth) ? SASL_APIS : []), ...(options.ownedApis ?? []), ...this.pipeline.ownedApis()]);
  }

  onRequest(frame: Buffer): Verdict | Promise<Verdict> {
    const raw = this.sasl.interceptRaw(frame);
    if (raw) return raw;
    if (frame.length < 12) return { kind: 'close', error: new GatewayError('SW_ERR_MALFORMED_REQUEST', `frame of ${frame.length - 4} bytes has no request header`) };
    const info: RequestInfo = { apiKey: frame.readInt16BE(4), apiVersion: frame.readInt16BE(6), id: frame.readInt32BE(8), expectResponse: true, api: '' };
    try {
      return this.pipeline.run(new KafkaRequest(frame), info, this.ctx) ?? { kind: 'forward', info, frame };
    } catch (e) {
      return malformed(info, e);
    }
  }

  /** Produce frames of an authenticated client are read in pieces (the bulk of the data path). */
  readsInPieces(head: Buffer): boolean {
    return requestApiKey(head) === PRODUCE && this.ctx.principal !== null && this.sasl.ready && this.skeletonsOk;
  }

  /**
   * A Produce frame spanning reads: its skeleton (produce-pieces.ts) takes the ordinary pipeline;
   * when the verdict forwards the skeleton unchanged, the pieces go to the backend as received.
   * Null (join it) when the walk cannot read it or the client is no longer in a plain READY state.
   */
  onRequestPieces(pieces: readonly Buffer[], total: number): PiecedVerdict | Promise<PiecedVerdict> | null {
    if (pieces.length === 0 || !this.readsInPieces(pieces[0].length >= 6 ? pieces[0] : Buffer.concat(pieces as Buffer[], Math.min(6, total)))) return null;
    const skeleton = produceSkeleton(pieces, total);
    if (!skeleton) return null;
    rememberPieced({ pieces, total, skeleton });
    const asPieces = (v: Verdict): PiecedVerdict => (v.kind === 'forward' && v.frame === skeleton.frame ? { kind: 'forward-pieces', info: v.info, pieces, total } : v);
    const v = this.onRequest(skeleton.frame);
    return v instanceof Promise ? v.then(asPieces) : asPieces(v);
  }

  protected finishesUnread(info: RequestInfo): boolean {
    return info.apiKey !== API_VERSIONS && !carriesAddresses(info.apiKey, info.apiVersion);
  }

  /**
   * ApiVersions before authentication, answered without a backend connection of this client:
   * the backend's answer for that version (known, or one probe per listener), with the client's
   * correlation id, trimmed exactly as a forwarded answer is.
   */
  private async localApiVersions(info: RequestInfo): Promise<Verdict> {
    const exchange = this.ctx.exchangeWithBackend!;
    try {
      const body = await this.versions.body(keyOf(this.ctx.target.key, info.apiVersion), async () => {
        const answer = await exchange(apiVersionsProbe(info.apiVersion));
        if (answer.length < 10) throw new GatewayError('SW_ERR_UPSTREAM_PROTOCOL', 'short ApiVersions answer');
        return answer.subarray(8);
      });
      const frame = Buffer.alloc(8 + body.length);
      frame.writeInt32BE(4 + body.length, 0);
      frame.writeInt32BE(info.id, 4);
      body.copy(frame, 8);
      return { kind: 'respond', info, frame: trimApiVersions(frame, info.apiVersion, this.ownedApis) };
    } catch (e) {
      return { kind: 'close', info, error: toGatewayError(e, 'SW_ERR_UPSTREAM_UNREACHABLE') };
    }
  }

  protected finishResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    if (info.apiKey === API_VERSIONS) {
      if (frame.length >= 10) this.versions.learn(keyOf(this.ctx.target.key, info.apiVersion), frame.subarray(8));
      return trimApiVersions(frame, info.apiVersion, this.ownedApis);
    }
    if (!carriesAddresses(info.apiKey, info.apiVersion)) return frame;
    return this.rewrite(info, frame);
  }

  private async rewrite(info: RequestInfo, frame: Buffer): Promise<Buffer> {
    const addresses = collectAddresses(info.apiKey, info.apiVersion, frame);
    if (addresses.length === 0) return frame;
    const endpointOf = await resolveEndpoints(this.ctx.nodes, addresses, (a) => ({ key: `${a.role}:${a.nodeId}`, host: a.host, port: a.port }));
    return rewriteAddresses(info.apiKey, info.apiVersion, frame, endpointOf);
  }
}
