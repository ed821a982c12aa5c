/**
 * Database and table admin handlers of the Fluss test cluster (create / drop / list / exists /
 * info / schema), with the error codes and texts of a Fluss server.
 */
import { decodeMessage, encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { FlussError } from '../../../../src/protocol/fluss/error-codes.js';
import {
  CreateDatabaseRequest,
  DropDatabaseRequest,
  DatabaseNameRequest,
  GetDatabaseInfoResponse,
  ExistsResponse,
  ListDatabasesRequest,
  ListDatabasesResponse,
  ListTablesResponse,
  CreateTableRequest,
  DropTableRequest,
  TablePathRequest,
  GetTableInfoResponse,
  GetTableSchemaRequest,
  GetTableSchemaResponse,
  EmptyMessage,
} from '../../../../src/protocol/fluss/messages/admin.js';
import { FlussServerError } from '../server-error.js';
import type { HandlerContext } from '../node.js';

const EMPTY = encodeMessage(EmptyMessage, {});

export function createDatabase(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(CreateDatabaseRequest, body);
  ctx.state.createDatabase(r.database_name, r.database_json ? Buffer.from(r.database_json) : undefined, r.ignore_if_exists);
  return EMPTY;
}

export function dropDatabase(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(DropDatabaseRequest, body);
  ctx.state.dropDatabase(r.database_name, r.ignore_if_not_exists, r.cascade);
  return EMPTY;
}

export function listDatabases(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(ListDatabasesRequest, body);
  const names = [...ctx.state.databases.keys()].sort();
  if (r.include_summary) {
    return encodeMessage(ListDatabasesResponse, {
      database_summary: names.map((n) => ({
        database_name: n,
        created_time: ctx.state.getDatabase(n).created,
        table_count: ctx.state.listTables(n).length,
      })),
    });
  }
  return encodeMessage(ListDatabasesResponse, { database_name: names });
}

export function databaseExists(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(DatabaseNameRequest, body);
  return encodeMessage(ExistsResponse, { exists: ctx.state.databases.has(r.database_name) });
}

export function getDatabaseInfo(ctx: HandlerContext, body: Buffer): Buffer {
  const db = ctx.state.getDatabase(decodeMessage(DatabaseNameRequest, body).database_name);
  return encodeMessage(GetDatabaseInfoResponse, { database_json: db.json, created_time: db.created, modified_time: db.modified });
}

export function listTables(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(DatabaseNameRequest, body);
  return encodeMessage(ListTablesResponse, { table_name: ctx.state.listTables(r.database_name) });
}

export function createTable(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(CreateTableRequest, body);
  ctx.state.createTable(r.table_path.database_name, r.table_path.table_name, Buffer.from(r.table_json), r.ignore_if_exists);
  return EMPTY;
}

export function dropTable(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(DropTableRequest, body);
  ctx.state.dropTable(r.table_path.database_name, r.table_path.table_name, r.ignore_if_not_exists);
  return EMPTY;
}

export function tableExists(ctx: HandlerContext, body: Buffer): Buffer {
  const p = decodeMessage(TablePathRequest, body).table_path;
  return encodeMessage(ExistsResponse, { exists: ctx.state.findTable(p.database_name, p.table_name) !== undefined });
}

export function getTableInfo(ctx: HandlerContext, body: Buffer): Buffer {
  const p = decodeMessage(TablePathRequest, body).table_path;
  const t = ctx.state.getTable(p.database_name, p.table_name);
  return encodeMessage(GetTableInfoResponse, {
    table_id: t.id,
    schema_id: t.schemaId,
    table_json: t.tableJson,
    created_time: t.created,
    modified_time: t.modified,
  });
}

export function getTableSchema(ctx: HandlerContext, body: Buffer): Buffer {
  const r = decodeMessage(GetTableSchemaRequest, body);
  const t = ctx.state.getTable(r.table_path.database_name, r.table_path.table_name);
  if (r.schema_id !== undefined && r.schema_id !== t.schemaId) {
    throw new FlussServerError(FlussError.SCHEMA_NOT_EXIST, `Schema for table ${t.database}.${t.name} with schema id ${r.schema_id} does not exist.`);
  }
  return encodeMessage(GetTableSchemaResponse, { schema_id: t.schemaId, schema_json: t.schemaJson });
}
