/**
 * The authorization service the protocol stages ask: one place that decides (acl.decide on the
 * ACL state in force), counts, logs, audits, and applies shadow mode. Also the only door through
 * which the ACL admin APIs change ACLs (apply to a copy, persist atomically, swap).
 */
import { decide, authorizeByResourceType } from '../acl/decide.js';
import { AclIndex } from '../acl/acl-index.js';
import { javaHostAddress } from '../acl/host.js';
import type { AccessRequest, AclProtocol, Decision, DecideOptions } from '../acl/types.js';
import type { Metrics } from '../metrics.js';
import type { ConnectionContext } from '../proxy/protocol.js';

/** One audited authorization decision (see docs/operations.md for the field list). */
export interface AuditEvent {
  time: string;
  kind: 'authorization' | 'authentication';
  principal: string | null;
  client: string;
  listener: string;
  protocol: string;
  api: string;
  operation?: string;
  resource?: { type: string; name: string };
  decision: 'allow' | 'deny' | 'shadow-deny' | 'success' | 'failure';
  reason?: string;
  /** The ACL entry that decided, as `principal host type:name pattern operation permission`. */
  entry?: string;
}

export interface AuditSink {
  record(event: AuditEvent): void;
  /** False when allowed authorizations are never written (allows: none): a caller may skip building them. */
  writesAllows?(): boolean;
}

/**
 * Where the ACLs live (memory, the gateway's file, or etcd: the adapters never know which):
 * read the state in force, replace it, or apply a change to the store's freshest state. update()
 * is how the ACL admin apis write: the backend applies `change` to what it holds now (a file
 * re-read under its lock, an etcd transaction), so a change made elsewhere is never lost;
 * `change` may run more than once (retried on a conflict) and must only touch the index.
 */
export interface AclState {
  current(): AclIndex;
  replace(next: AclIndex): Promise<void>;
  update<T>(change: (index: AclIndex) => T): Promise<T>;
}

export class MemoryAclState implements AclState {
  constructor(private index: AclIndex = new AclIndex()) {}
  current(): AclIndex {
    return this.index;
  }
  async replace(next: AclIndex): Promise<void> {
    this.index = next;
  }
  async update<T>(change: (index: AclIndex) => T): Promise<T> {
    const next = this.index.clone();
    const result = change(next);
    this.index = next;
    return result;
  }
}

export interface AuthorizerOptions {
  protocol: AclProtocol;
  acls: AclState;
  decide: DecideOptions;
  enforcement: 'enforce' | 'shadow';
  metrics: Metrics;
  audit: AuditSink | null;
}

function describeEntry(d: Decision): string | undefined {
  const e = d.entry;
  return e ? `${e.principal} ${e.host} ${e.resourceType}:${e.resourceName} ${e.patternType} ${e.operation} ${e.permission}` : undefined;
}

export class Authorizer {
  /** The decision counter's child per label set (apis, operations and types come from the gateway's tables: a bounded set). */
  private readonly counters = new Map<string, { inc(): void }>();

  constructor(readonly options: AuthorizerOptions) {}

  private decisionCounter(api: string, operation: string, resourceType: string, outcome: string): { inc(): void } {
    const key = `${api}\0${operation}\0${resourceType}\0${outcome}`;
    let c = this.counters.get(key);
    if (!c) {
      c = this.options.metrics.authorizations.labels({ protocol: this.protocol, api, operation, resource_type: resourceType, outcome });
      if (this.counters.size < 4096) this.counters.set(key, c);
    }
    return c;
  }

  get protocol(): AclProtocol {
    return this.options.protocol;
  }

  /** The raw decision (no logging, no shadow): for filtering listings and computing bitfields. */
  check(ctx: ConnectionContext, resourceType: string, resourceName: string, operation: string): Decision {
    return decide(this.options.acls.current(), this.request(ctx, resourceType, resourceName, operation), this.options.decide);
  }

  /**
   * The decision for one named resource of a request, counted, logged (denials), audited, and
   * turned into an allow in shadow mode. Returns whether the request may go on.
   */
  authorize(ctx: ConnectionContext, api: string, resourceType: string, resourceName: string, operation: string): boolean {
    return this.record(ctx, api, resourceType, resourceName, operation, this.check(ctx, resourceType, resourceName, operation));
  }

  /**
   * Like authorize(), but never relaxed by shadow mode: for everything that changes gateway state
   * (the ACL admin apis of every protocol). Shadow mode relaxes data-plane decisions only.
   */
  authorizeEnforced(ctx: ConnectionContext, api: string, resourceType: string, resourceName: string, operation: string): boolean {
    return this.record(ctx, api, resourceType, resourceName, operation, this.check(ctx, resourceType, resourceName, operation), true);
  }

  /** Kafka's "may do `operation` on at least one resource of this type" (InitProducerId). */
  authorizeAny(ctx: ConnectionContext, api: string, resourceType: string, operation: string): boolean {
    const d = authorizeByResourceType(
      this.options.acls.current(),
      { principal: ctx.principal ?? 'User:ANONYMOUS', host: javaHostAddress(ctx.remoteAddress), resourceType, operation },
      this.options.decide,
    );
    return this.record(ctx, api, resourceType, '*', operation, d);
  }

  record(ctx: ConnectionContext, api: string, resourceType: string, resourceName: string, operation: string, d: Decision, alwaysEnforced = false): boolean {
    const shadow = !d.allowed && !alwaysEnforced && this.options.enforcement === 'shadow';
    const outcome = d.allowed ? 'allow' : shadow ? 'shadow-deny' : 'deny';
    this.decisionCounter(api, operation, resourceType, outcome).inc();
    if (!d.allowed) {
      ctx.log.warn(
        { err: d.reason === 'error' ? 'SW_ERR_AUTHZ_ERROR' : 'SW_ERR_AUTHZ_DENIED', principal: ctx.principal, api, operation, resource: `${resourceType}:${resourceName}`, reason: d.reason, shadow },
        shadow ? 'authorization denied (shadow mode: allowed)' : alwaysEnforced && this.options.enforcement === 'shadow' ? 'ACL change denied (enforced in shadow mode too)' : 'authorization denied',
      );
    }
    const audit = this.options.audit;
    // An allowed decision the audit log never writes (allows: none) is not built (object, ISO date, entry text).
    if (!audit || (outcome === 'allow' && audit.writesAllows?.() === false)) return d.allowed || shadow;
    audit.record({
      time: new Date().toISOString(),
      kind: 'authorization',
      principal: ctx.principal,
      client: ctx.remoteAddress,
      listener: ctx.listener,
      protocol: this.protocol,
      api,
      operation,
      resource: { type: resourceType, name: resourceName },
      decision: outcome,
      reason: d.reason,
      entry: describeEntry(d),
    });
    return d.allowed || shadow;
  }

  private request(ctx: ConnectionContext, resourceType: string, resourceName: string, operation: string): AccessRequest {
    return { protocol: this.protocol, principal: ctx.principal ?? 'User:ANONYMOUS', host: javaHostAddress(ctx.remoteAddress), resourceType, resourceName, operation };
  }

  /**
   * Apply an ACL change to the store's freshest state (AclState.update) and make the result the
   * state in force. Changes run one at a time, and the store re-reads before it writes, so none
   * is lost, neither ours nor one made by another process or replica.
   */
  mutate<T>(change: (index: AclIndex) => T): Promise<T> {
    const run = (): Promise<T> => this.options.acls.update(change);
    const done = this.changes.then(run, run);
    this.changes = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private changes: Promise<void> = Promise.resolve();
}
