/**
 * The exact texts a Fluss server puts in authorization answers (TabletService,
 * CoordinatorService, AbstractAuthorizer), and the answer frames built from them. The
 * whole-request denial text itself lives in ../messages.ts (noAuthorization).
 */
import { errorResponseFrame } from '../../../protocol/fluss/error-response.js';
import { FlussError } from '../../../protocol/fluss/error-codes.js';
import { noAuthorization } from '../messages.js';
import type { ConnectionContext, RequestInfo } from '../../../proxy/protocol.js';

/** A table as the gateway knows it: `db.t` split at the first dot (names cannot hold dots). */
export interface TableRef {
  database: string;
  table: string;
  /** `db.t`, the TABLE resource name. */
  name: string;
}

export function tableRef(database: string, table: string): TableRef {
  return { database, table, name: `${database}.${table}` };
}

/** Per-bucket denial (TabletService.authorizeRequestData). */
export function noPermissionText(operation: string, t: TableRef): string {
  return `No permission to ${operation} table ${t.table} in database ${t.database}`;
}

/** INIT_WRITER with WRITE on none of its tables; Java prints the list as `[db.t, db.u]`. */
export function noWriteAmongText(tables: readonly TableRef[]): string {
  return `No WRITE permission among all the tables: [${tables.map((t) => t.name).join(', ')}]`;
}

export const INIT_WRITER_EMPTY_TEXT = 'The request of InitWriter requires non empty table paths for authorization.';

export const UNKNOWN_SCANNER_TEXT = 'Unknown scanner ID. The session may have expired or never existed.';

/** The server name Fluss uses in table-id errors: `coordinator`, or `server-<id>` for tablet servers. */
export function serviceName(ctx: ConnectionContext): string {
  const m = /^tablet:(-?\d+)$/.exec(ctx.target.key);
  return m ? `server-${m[1]}` : 'coordinator';
}

/** The text of UNKNOWN_TABLE_OR_BUCKET_EXCEPTION for a table id the server cannot map to a path. */
export function unknownTableIdText(ctx: ConnectionContext, tableId: bigint): string {
  return `This server ${serviceName(ctx)} does not know this table ID ${tableId}. This may happen when the table metadata cache in the server is not updated yet.`;
}

/** ERROR_RESPONSE 48 with the AuthorizationException text. */
export function denyFrame(info: RequestInfo, ctx: ConnectionContext, operation: string, resourceType: string, resourceName: string): Buffer {
  return errorResponseFrame(info.id, FlussError.AUTHORIZATION_EXCEPTION, noAuthorization(ctx.principal, operation, resourceType, resourceName));
}

/** ERROR_RESPONSE 48 with a fixed text (INIT_WRITER). */
export function authorizationErrorFrame(info: RequestInfo, message: string): Buffer {
  return errorResponseFrame(info.id, FlussError.AUTHORIZATION_EXCEPTION, message);
}

/** ERROR_RESPONSE 21 for an unknown table id. */
export function unknownTableFrame(info: RequestInfo, ctx: ConnectionContext, tableId: bigint): Buffer {
  return errorResponseFrame(info.id, FlussError.UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, unknownTableIdText(ctx, tableId));
}

/** The per-bucket error for a denied or unknown table. */
export function bucketError(ctx: ConnectionContext, operation: string, tableId: bigint, table: TableRef | undefined): { error_code: number; error_message: string } {
  return table
    ? { error_code: FlussError.AUTHORIZATION_EXCEPTION, error_message: noPermissionText(operation, table) }
    : { error_code: FlussError.UNKNOWN_TABLE_OR_BUCKET_EXCEPTION, error_message: unknownTableIdText(ctx, tableId) };
}
