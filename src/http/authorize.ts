/**
 * Per-route authorization of HTTP requests: the route table gives operation and resource, the
 * ACL decider says yes or no, and every decision is counted and written as an audit line
 * (denials always; allows as the audit config says). Web UI assets are allowed to any
 * authenticated principal; routes outside the table are denied. In shadow mode a denial is
 * logged and counted as `shadow-deny` but the request goes through.
 */
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { Enforcement } from '../config/types.js';
import { javaHostAddress } from '../acl/host.js';
import type { Decision } from '../acl/types.js';
import type { AuditSink } from '../adapters/authz.js';
import { HttpFailure } from './errors.js';
import type { FlinkDecide } from './flink-acl.js';
import type { Identity } from './authenticate.js';
import type { RouteMatch } from './route-match.js';

export interface AuditPolicy {
  allows: 'all' | 'sampled' | 'none';
  sampleRate: number;
}

export interface RouteAuthorizerOptions {
  listener: string;
  enforcement: Enforcement;
  decide: FlinkDecide;
  metrics: Metrics;
  log: Logger;
  audit: AuditPolicy;
  /** The gateway's audit sink (the same one the Kafka and Fluss listeners write to), if any. */
  sink?: AuditSink | null;
  random?: () => number;
}

export interface RouteVerdict {
  /** True when the request may go on (an allow, or a denial in shadow mode). */
  proceed: boolean;
  /** The route id for logs/metrics (`web-ui-asset`, `unknown`, or a table id). */
  api: string;
  failure?: HttpFailure;
}

export interface RequestFacts {
  method: string;
  /** Canonical path, without the query. */
  path: string;
  remoteAddress: string;
  requestId: number;
}

export class RouteAuthorizer {
  #o: RouteAuthorizerOptions;

  constructor(options: RouteAuthorizerOptions) {
    this.#o = options;
  }

  private get o(): RouteAuthorizerOptions {
    return this.#o;
  }

  /** Put reloaded settings into force for the next decision (config reload). */
  configure(s: { enforcement: Enforcement; audit: AuditPolicy }): void {
    this.#o = { ...this.#o, enforcement: s.enforcement, audit: { ...s.audit } };
  }

  authorize(who: Identity, match: RouteMatch, facts: RequestFacts): RouteVerdict {
    const host = javaHostAddress(facts.remoteAddress);
    let api: string;
    let operation = '-';
    let resourceType = '-';
    let resourceName = '-';
    let decision: Decision;
    let code: 'SW_ERR_AUTHZ_DENIED' | 'SW_ERR_AUTHZ_ERROR' | 'SW_ERR_HTTP_UNKNOWN_ROUTE' = 'SW_ERR_AUTHZ_DENIED';
    if (match.kind === 'asset') {
      api = 'web-ui-asset';
      decision = { allowed: true, reason: 'acl', detail: 'web UI asset: any authenticated principal' };
    } else if (match.kind === 'unknown') {
      api = 'unknown';
      code = 'SW_ERR_HTTP_UNKNOWN_ROUTE';
      decision = { allowed: false, reason: 'default-deny', detail: 'route not in the route table' };
    } else {
      api = match.route.id;
      operation = match.operation;
      resourceType = match.resourceType;
      resourceName = match.resourceName;
      decision = this.o.decide({ principal: who.principal, host, resourceType: match.resourceType, resourceName: match.resourceName, operation: match.operation });
      if (decision.reason === 'error') code = 'SW_ERR_AUTHZ_ERROR';
    }
    const shadow = !decision.allowed && this.o.enforcement === 'shadow';
    const outcome = decision.allowed ? 'allow' : shadow ? 'shadow-deny' : 'deny';
    this.o.metrics.authorizations.inc({ protocol: 'http', api, operation, resource_type: resourceType, outcome });
    if (!decision.allowed || this.#auditAllow()) {
      const line = {
        audit: 'authz',
        listener: this.o.listener,
        protocol: 'http',
        principal: who.principal,
        mechanism: who.mechanism,
        host,
        method: facts.method,
        path: facts.path,
        route: api,
        operation,
        resourceType,
        resourceName,
        allowed: decision.allowed,
        outcome,
        reason: decision.reason,
        detail: decision.detail,
        req: facts.requestId,
      };
      if (decision.allowed) this.o.log.info(line, 'http request allowed');
      else this.o.log.warn({ ...line, err: code }, shadow ? 'http request would be denied (shadow mode)' : 'http request denied');
    }
    const e = decision.entry;
    // An allow the audit log would drop (allows: none) is not built at all.
    if (outcome !== 'allow' || this.o.sink?.writesAllows?.() !== false) {
      this.o.sink?.record({
        time: new Date().toISOString(),
        kind: 'authorization',
        principal: who.principal,
        client: facts.remoteAddress,
        listener: this.o.listener,
        protocol: 'http',
        api,
        operation,
        resource: { type: resourceType, name: resourceName },
        decision: outcome,
        reason: decision.reason,
        entry: e ? `${e.principal} ${e.host} ${e.resourceType}:${e.resourceName} ${e.patternType} ${e.operation} ${e.permission}` : undefined,
      });
    }
    if (decision.allowed || shadow) return { proceed: true, api };
    const what = match.kind === 'api' ? `${operation} on ${resourceType} '${resourceName}'` : `${facts.method} ${facts.path}`;
    const message = match.kind === 'unknown' ? `${facts.method} ${facts.path} is not an allowed Flink REST route` : `${who.principal} may not ${what}`;
    return { proceed: false, api, failure: new HttpFailure(code, 403, message) };
  }

  #auditAllow(): boolean {
    const a = this.o.audit;
    if (a.allows === 'all') return true;
    if (a.allows === 'none') return false;
    return (this.o.random ?? Math.random)() < a.sampleRate;
  }
}
