/**
 * The Apache Fluss RPC protocol plugged into the proxy core. Every request gets an answer, even
 * where a Fluss server would silently drop it: unknown api keys and versions, PRIVATE
 * (server-to-server) keys and undecodable bodies are answered with an ERROR_RESPONSE. Responses
 * may leave out of order (legal in Fluss). API_VERSIONS answers lose their PRIVATE keys, and
 * GET_METADATA answers name the gateway's endpoint for the coordinator and each tablet server.
 */
import { readRequestHeader, ResponseType, REQUEST_HEADER_BYTES, LENGTH_PREFIX_BYTES } from '../../protocol/fluss/frame.js';
import { apiKeyInfo, apiName, isPrivateApi, ApiKey } from '../../protocol/fluss/api-keys.js';
import { errorResponseFrame } from '../../protocol/fluss/error-response.js';
import { FlussError } from '../../protocol/fluss/error-codes.js';
import { requestDescriptor } from '../../protocol/fluss/api-messages.js';
import { decodeMessage } from '../../protocol/fluss/proto-message.js';
import { collectMetadataServers, rewriteMetadataServers, trimApiVersions } from '../../protocol/fluss/rewrite.js';
import { GatewayError } from '../../errors.js';
import { noAuthorization } from './messages.js';
import { FlussAuthStage } from './auth-stage.js';
import { resolveEndpoints } from '../node-endpoints.js';
import { flussDiscovery } from './discovery.js';
import type { AuthPolicy } from '../auth-policy.js';
import { runRequestStages, runResponseStages, type RequestStage } from '../stage.js';
import type { RequestHeader } from '../../protocol/fluss/frame.js';
import type { ConnectionContext, ProtocolAdapter, ProtocolSession, RequestInfo, Verdict } from '../../proxy/protocol.js';

/** What a Fluss stage sees of a request: the header and the (already validated) body. */
export interface FlussRequest {
  header: RequestHeader;
  body: Buffer;
}

export interface FlussAdapterOptions {
  auth: AuthPolicy;
  /** Authorization (and any later per-request stage), created per connection. */
  stages?: Array<(ctx: ConnectionContext) => RequestStage<FlussRequest>>;
  /** Listener-wide resources to release when the listener closes. */
  onClose?: () => void;
}

export class FlussAdapter implements ProtocolAdapter {
  readonly name = 'fluss';
  readonly orderedResponses = false;
  readonly discovery = flussDiscovery;

  constructor(private readonly options: FlussAdapterOptions) {}

  responseId(frame: Buffer): number | undefined {
    if (frame.length < LENGTH_PREFIX_BYTES + 5) return undefined;
    const type = frame.readInt8(4);
    if (type !== ResponseType.SUCCESS && type !== ResponseType.ERROR) return undefined;
    return frame.readInt32BE(5);
  }

  newSession(ctx: ConnectionContext): ProtocolSession {
    return new FlussSession(ctx, this.options);
  }

  close(): void {
    this.options.onClose?.();
  }
}

export class FlussSession implements ProtocolSession {
  private readonly auth: FlussAuthStage;
  private readonly stages: Array<RequestStage<FlussRequest>>;

  constructor(private readonly ctx: ConnectionContext, options: FlussAdapterOptions) {
    this.auth = new FlussAuthStage(options.auth, ctx);
    this.stages = (options.stages ?? []).map((make) => make(ctx));
  }

  close(): void {
    this.auth.close();
    for (const s of this.stages) s.close?.();
  }

  onRequest(frame: Buffer): Verdict | Promise<Verdict> {
    if (frame.length < LENGTH_PREFIX_BYTES + REQUEST_HEADER_BYTES) {
      return { kind: 'close', error: new GatewayError('SW_ERR_MALFORMED_REQUEST', `frame of ${frame.length - 4} bytes has no request header`) };
    }
    const header = readRequestHeader(frame);
    const info: RequestInfo = { apiKey: header.apiKey, apiVersion: header.apiVersion, id: header.requestId, expectResponse: true, api: apiName(header.apiKey) };
    const refuse = (code: number, message: string, err: GatewayError): Verdict => {
      this.ctx.log.warn({ err: err.code, detail: err.message, api: info.api, requestId: info.id }, 'request refused');
      return { kind: 'respond', info, frame: errorResponseFrame(info.id, code, message) };
    };
    const spec = apiKeyInfo(header.apiKey);
    if (!spec) {
      return refuse(FlussError.UNSUPPORTED_VERSION, `Unknown API key ${header.apiKey}.`, new GatewayError('SW_ERR_UNKNOWN_API_KEY', `api key ${header.apiKey}`));
    }
    if (header.apiVersion < spec.minVersion || header.apiVersion > spec.maxVersion) {
      return refuse(
        FlussError.UNSUPPORTED_VERSION,
        `The version ${header.apiVersion} of API ${spec.name} is not supported (supported ${spec.minVersion}-${spec.maxVersion}).`,
        new GatewayError('SW_ERR_UNSUPPORTED_VERSION', `${spec.name} v${header.apiVersion}`),
      );
    }
    const body = frame.subarray(header.bodyOffset, header.frameEnd);
    const descriptor = requestDescriptor(header.apiKey);
    if (descriptor) {
      try {
        decodeMessage(descriptor, body);
      } catch (e) {
        return refuse(FlussError.CORRUPT_MESSAGE, `The request body of ${spec.name} could not be decoded: ${(e as Error).message}`, new GatewayError('SW_ERR_MALFORMED_REQUEST', `${spec.name}: ${(e as Error).message}`));
      }
    }
    const auth = this.auth.onRequest(frame, body, info);
    if (auth) return auth;
    if (isPrivateApi(header.apiKey)) {
      return refuse(FlussError.AUTHORIZATION_EXCEPTION, noAuthorization(this.ctx.principal, 'WRITE', 'CLUSTER', 'fluss-cluster'), new GatewayError('SW_ERR_PRIVATE_API', `${spec.name} (${spec.key})`));
    }
    const request: FlussRequest = { header, body };
    const staged = runRequestStages(this.stages, request, frame, info, this.ctx);
    if (staged) return staged;
    return { kind: 'forward', info, frame };
  }

  forwardsResponse(info: RequestInfo): boolean {
    return !(info.extra !== undefined && this.stages.length > 0) && info.apiKey !== ApiKey.API_VERSIONS && info.apiKey !== ApiKey.GET_METADATA;
  }

  onResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    if (info.extra !== undefined && this.stages.length > 0) return this.throughStages(info, frame);
    return this.finishResponse(info, frame);
  }

  private async throughStages(info: RequestInfo, frame: Buffer): Promise<Buffer> {
    return this.finishResponse(info, await runResponseStages(this.stages, info, frame, this.ctx));
  }

  private finishResponse(info: RequestInfo, frame: Buffer): Buffer | Promise<Buffer> {
    if (frame.readInt8(4) !== ResponseType.SUCCESS) return frame;
    if (info.apiKey === ApiKey.API_VERSIONS) return trimApiVersions(frame, (key) => !isPrivateApi(key));
    if (info.apiKey === ApiKey.GET_METADATA) return this.rewriteMetadata(frame);
    return frame;
  }

  onUpstreamFailure(info: RequestInfo, error: GatewayError): Buffer {
    return errorResponseFrame(info.id, FlussError.NETWORK_EXCEPTION, `The gateway lost its connection to the server: ${error.code}`);
  }

  private async rewriteMetadata(frame: Buffer): Promise<Buffer> {
    const servers = collectMetadataServers(frame);
    if (servers.length === 0) return frame;
    const endpointOf = await resolveEndpoints(this.ctx.nodes, servers, (s) => ({ key: `${s.type}:${s.nodeId}`, host: s.host, port: s.port }));
    return rewriteMetadataServers(frame, endpointOf);
  }
}
