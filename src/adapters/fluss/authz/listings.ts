/**
 * Request side of the rules that never fail a request for lack of rights:
 * - filtered: LIST_DATABASES, LIST_TABLES, GET_PRODUCER_OFFSETS are forwarded and their answers
 *   filtered (responses.ts); GET_METADATA drops the table and partition paths the principal may
 *   not DESCRIBE before forwarding (a Fluss server leaves them out silently, even unknown ones);
 * - exists_false: DATABASE_EXISTS / TABLE_EXISTS answer `exists = false` when the principal may
 *   not DESCRIBE the resource; the database `fluss` is exempt (Flink's catalog checks it on open);
 * - any_of: INIT_WRITER passes with WRITE on at least one of its tables.
 */
import { ApiKey } from '../../../protocol/fluss/api-keys.js';
import { decodeMessage, encodeMessage } from '../../../protocol/fluss/proto-message.js';
import { filterRepeatedField } from '../../../protocol/fluss/rewrite.js';
import { DatabaseNameRequest, ExistsResponse, TablePathRequest } from '../../../protocol/fluss/messages/admin.js';
import { InitWriterRequest } from '../../../protocol/fluss/messages/log.js';
import { PbTablePath } from '../../../protocol/fluss/messages/common.js';
import { forwardBody, respond, respondOk, type AuthzCall, type Outcome } from './call.js';
import { authorizationErrorFrame, INIT_WRITER_EMPTY_TEXT, noWriteAmongText, tableRef } from './texts.js';
import type { Decision } from '../../../acl/types.js';

/** The database Fluss creates itself; DATABASE_EXISTS never hides it. */
export const DEFAULT_DATABASE = 'fluss';

export function filteredRequest(c: AuthzCall): Outcome {
  switch (c.info.apiKey) {
    case ApiKey.LIST_DATABASES:
      c.expect({ kind: 'list-databases' });
      return null;
    case ApiKey.LIST_TABLES:
      c.expect({ kind: 'list-tables', database: c.request.decoded(DatabaseNameRequest).database_name });
      return null;
    case ApiKey.GET_PRODUCER_OFFSETS:
      c.expect({ kind: 'producer-offsets' });
      return null;
    case ApiKey.GET_METADATA:
      return metadataRequest(c);
    default:
      throw new Error(`no filter for api key ${c.info.apiKey}`);
  }
}

/** MetadataRequest table_path (1) and partitions_path (2) entries name db + table in fields 1, 2. */
function metadataRequest(c: AuthzCall): Outcome {
  const allowed = (entry: Buffer): boolean => {
    const p = decodeMessage(PbTablePath, entry);
    return c.access.allow(c.info.api, 'DESCRIBE', 'TABLE', tableRef(p.database_name, p.table_name).name);
  };
  const withoutTables = filterRepeatedField(c.body, 1, allowed);
  const body = filterRepeatedField(withoutTables ?? c.body, 2, allowed) ?? withoutTables;
  c.expect({ kind: 'metadata' });
  return body ? forwardBody(c, body) : null;
}

export function existsRequest(c: AuthzCall): Outcome {
  let type: string;
  let name: string;
  if (c.info.apiKey === ApiKey.DATABASE_EXISTS) {
    type = 'DATABASE';
    name = c.request.decoded(DatabaseNameRequest).database_name;
    if (name === DEFAULT_DATABASE) return null;
  } else {
    const p = c.request.decoded(TablePathRequest).table_path;
    type = 'TABLE';
    name = tableRef(p.database_name, p.table_name).name;
  }
  if (c.access.allow(c.info.api, 'DESCRIBE', type, name)) return null;
  return respondOk(c.info, encodeMessage(ExistsResponse, { exists: false }));
}

export function initWriter(c: AuthzCall): Outcome {
  const tables = c.request.decoded(InitWriterRequest).table_path.map((p) => tableRef(p.database_name, p.table_name));
  const { authorizer, ctx } = c.access;
  if (tables.length === 0) {
    const d: Decision = { allowed: false, reason: 'error', detail: 'no table paths' };
    if (authorizer.record(ctx, c.info.api, 'TABLE', '', 'WRITE', d)) return null;
    return respond(c.info, authorizationErrorFrame(c.info, INIT_WRITER_EMPTY_TEXT));
  }
  let first: Decision | undefined;
  for (const t of tables) {
    const d = authorizer.check(ctx, 'TABLE', t.name, 'WRITE');
    if (d.allowed) {
      authorizer.record(ctx, c.info.api, 'TABLE', t.name, 'WRITE', d);
      return null;
    }
    first ??= d;
  }
  if (authorizer.record(ctx, c.info.api, 'TABLE', tables[0].name, 'WRITE', first as Decision)) return null;
  return respond(c.info, authorizationErrorFrame(c.info, noWriteAmongText(tables)));
}
