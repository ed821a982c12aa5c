/**
 * One connection's door to the authorizer and the table directory, with the three kinds of
 * question the Fluss rules ask:
 * - allow():       a named resource of the request (counted, logged, audited; shadow mode allows);
 * - visible():     filtering a listing (quiet; in shadow mode everything stays visible);
 * - allowStrict(): the ACL admin apis, enforced even in shadow mode, so nobody can grant
 *                  themselves rights during a shadow rollout that take effect once enforcing.
 * Unknown table ids go through unknownTable(): counted and logged as an evaluation error,
 * answered "unknown table" when enforcing, forwarded in shadow mode.
 */
import type { Authorizer } from '../../authz.js';
import type { ConnectionContext } from '../../../proxy/protocol.js';
import type { FlussTableDirectory } from './directory.js';
import type { TableRef } from './texts.js';

export class FlussAccess {
  constructor(
    readonly authorizer: Authorizer,
    readonly tables: FlussTableDirectory,
    readonly ctx: ConnectionContext,
  ) {}

  get shadow(): boolean {
    return this.authorizer.options.enforcement === 'shadow';
  }

  allow(api: string, operation: string, resourceType: string, resourceName: string): boolean {
    return this.authorizer.authorize(this.ctx, api, resourceType, resourceName, operation);
  }

  allowTable(api: string, operation: string, t: TableRef): boolean {
    return this.allow(api, operation, 'TABLE', t.name);
  }

  visible(operation: string, resourceType: string, resourceName: string): boolean {
    return this.shadow || this.authorizer.check(this.ctx, resourceType, resourceName, operation).allowed;
  }

  allowStrict(api: string, operation: string, resourceType: string, resourceName: string): boolean {
    return this.authorizer.authorizeEnforced(this.ctx, api, resourceType, resourceName, operation);
  }

  /** A request named a table id nobody can map to a path. True = go on (shadow mode only). */
  unknownTable(api: string, operation: string, tableId: bigint): boolean {
    return this.authorizer.record(this.ctx, api, 'TABLE', `id:${tableId}`, operation, { allowed: false, reason: 'error', detail: `unknown table id ${tableId}` });
  }
}
