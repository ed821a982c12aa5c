/**
 * The Fluss authorization stage of one connection: looks up the rule of each request's api key
 * (rules.ts) and hands the request to the handler for that rule's enforcement; answers that need
 * filtering, merging or teach the table directory come back through its PendingResponses. Anything that
 * cannot be evaluated is denied: a key without a rule, a handler that throws, a filter that fails.
 */
import { ApiKey } from '../../../protocol/fluss/api-keys.js';
import { errorResponseFrame } from '../../../protocol/fluss/error-response.js';
import { FlussError } from '../../../protocol/fluss/error-codes.js';
import { FLUSS_CLUSTER_NAME } from '../../../acl/codes.js';
import { noAuthorization } from '../messages.js';
import { FlussAccess } from './access.js';
import { createAcls, dropAcls, listAcls } from './acl-admin.js';
import { fetchLog, lookup, prefixLookup } from './buckets.js';
import { AuthzCall, deny, respond, type Outcome, type ResponseAction } from './call.js';
import { existsRequest, filteredRequest, initWriter } from './listings.js';
import { applyResponseAction } from './responses.js';
import { flussAuthzRule } from './rules.js';
import { ScanTracker } from './scan-kv.js';
import { wholeRequest } from './whole.js';
import type { Authorizer } from '../../authz.js';
import type { PipelineStage } from '../../pipeline.js';
import { PendingResponses } from '../../pending-responses.js';
import type { FlussRequest } from '../request.js';
import type { FlussTableDirectory } from './directory.js';
import type { ConnectionContext, RequestInfo } from '../../../proxy/protocol.js';

export class FlussAuthzStage implements PipelineStage<FlussRequest> {
  readonly slot = 'authorize';
  private readonly access: FlussAccess;
  private readonly scans = new ScanTracker();
  /** What to do with the answers of requests let through (filter, merge, learn ids), by request. */
  readonly responses: PendingResponses<ResponseAction>;
  /** Reads a pieced PRODUCE_LOG's skeleton correctly (records are opaque to every rule). */
  readonly readsProduceSkeletons = true;

  constructor(authorizer: Authorizer, tables: FlussTableDirectory, ctx: ConnectionContext) {
    this.access = new FlussAccess(authorizer, tables, ctx);
    this.responses = new PendingResponses<ResponseAction>((action, info, frame) => this.onAnswer(action, info, frame));
  }

  onRequest(req: FlussRequest, info: RequestInfo): Outcome {
    const rule = flussAuthzRule(info.apiKey);
    const ctx = this.access.ctx;
    if (!rule) return this.failClosed(info, `no authorization rule for api key ${info.apiKey}`);
    const call = new AuthzCall(rule, req, info, this.access, this.responses);
    try {
      const out = this.dispatch(call);
      if (out instanceof Promise) return out.catch((e: unknown) => this.failClosed(info, (e as Error).message));
      return out;
    } catch (e) {
      ctx.log.debug({ api: info.api }, 'authorization handler failed');
      return this.failClosed(info, (e as Error).message);
    }
  }

  private async onAnswer(action: ResponseAction, info: RequestInfo, frame: Buffer): Promise<Buffer> {
    try {
      if (action.kind === 'scan-kv') return this.scans.onResponse(action.scannerId, frame);
      return await applyResponseAction(action, frame, this.access);
    } catch (e) {
      this.access.ctx.log.error({ err: 'SW_ERR_AUTHZ_ERROR', api: info.api, detail: (e as Error).message }, 'answer could not be filtered; withheld');
      return errorResponseFrame(info.id, FlussError.UNKNOWN_SERVER_ERROR, 'The gateway could not apply authorization to the answer.');
    }
  }

  private dispatch(c: AuthzCall): Outcome {
    switch (c.rule.enforcement) {
      case 'open':
        return null;
      case 'private':
        return deny(c, 'CLUSTER', FLUSS_CLUSTER_NAME, 'WRITE');
      case 'whole':
        return wholeRequest(c);
      case 'bucket':
        return c.info.apiKey === ApiKey.FETCH_LOG ? fetchLog(c) : prefixLookup(c);
      case 'lookup':
        return lookup(c);
      case 'filtered':
        return filteredRequest(c);
      case 'exists_false':
        return existsRequest(c);
      case 'any_of':
        return initWriter(c);
      case 'in_body':
        return this.scans.onRequest(c);
      case 'acl_admin':
        if (c.info.apiKey === ApiKey.CREATE_ACLS) return createAcls(c);
        return c.info.apiKey === ApiKey.LIST_ACLS ? listAcls(c) : dropAcls(c);
    }
  }

  private failClosed(info: RequestInfo, detail: string) {
    const ctx = this.access.ctx;
    ctx.log.warn({ err: 'SW_ERR_AUTHZ_ERROR', principal: ctx.principal, api: info.api, detail }, 'authorization could not be evaluated; denied');
    this.access.authorizer.options.metrics.authorizations.inc({ protocol: 'fluss', api: info.api, operation: 'ALL', resource_type: 'CLUSTER', outcome: 'deny' });
    return respond(info, errorResponseFrame(info.id, FlussError.AUTHORIZATION_EXCEPTION, noAuthorization(ctx.principal, 'ALL', 'CLUSTER', FLUSS_CLUSTER_NAME)));
  }
}

/**
 * The per-connection stage factory to hand to the Fluss adapter (`stages`). One directory is
 * shared by every connection of the gateway; the authorizer must be a Fluss one.
 */
export function flussAuthzStage(authorizer: Authorizer, tables: FlussTableDirectory): (ctx: ConnectionContext) => PipelineStage<FlussRequest> {
  if (authorizer.protocol !== 'fluss') throw new Error(`flussAuthzStage needs a fluss authorizer, got ${authorizer.protocol}`);
  return (ctx) => new FlussAuthzStage(authorizer, tables, ctx);
}
