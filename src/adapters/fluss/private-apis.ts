/**
 * PRIVATE (server-to-server) Fluss apis are refused after login, with or without an authorizer:
 * ERROR_RESPONSE 48 naming WRITE on the cluster, as a Fluss server with an authorizer answers a
 * client that is not a server. The first stage of the authorize slot (before login the gate
 * answers them with 46 first).
 */
import { isPrivateApi } from '../../protocol/fluss/api-keys.js';
import { FlussError } from '../../protocol/fluss/error-codes.js';
import { GatewayError } from '../../errors.js';
import type { ConnectionContext, RequestInfo, Verdict } from '../../proxy/protocol.js';
import type { PipelineStage } from '../pipeline.js';
import { noAuthorization } from './messages.js';
import { refuse } from './guard.js';
import type { FlussRequest } from './request.js';

export class FlussPrivateApis implements PipelineStage<FlussRequest> {
  readonly slot = 'authorize';

  onRequest(_req: FlussRequest, info: RequestInfo, ctx: ConnectionContext): Verdict | null {
    if (!isPrivateApi(info.apiKey)) return null;
    return refuse(
      ctx,
      info,
      FlussError.AUTHORIZATION_EXCEPTION,
      noAuthorization(ctx.principal, 'WRITE', 'CLUSTER', 'fluss-cluster'),
      new GatewayError('SW_ERR_PRIVATE_API', `${info.api} (${info.apiKey})`),
    );
  }
}
