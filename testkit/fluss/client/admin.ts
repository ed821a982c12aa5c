/**
 * Admin calls of the Fluss test client: writes to the coordinator, reads to a random tablet
 * server (as the Java FlussAdmin does). Errors surface as FlussResponseError.
 */
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
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
} from '../../../src/protocol/fluss/messages/admin.js';
import type { FlussTestClient, TablePath } from './client.js';

/** A minimal table descriptor JSON as the Java client writes it (TableDescriptor JSON v1). */
export function tableDescriptorJson(opts: { columns: { name: string; type: string }[]; primaryKey?: string[]; bucketCount?: number; bucketKey?: string[] }): Buffer {
  const schema: Record<string, unknown> = {
    version: 1,
    columns: opts.columns.map((c, i) => ({ name: c.name, data_type: { type: c.type }, id: i })),
    highest_field_id: opts.columns.length - 1,
  };
  if (opts.primaryKey) schema.primary_key = opts.primaryKey;
  return Buffer.from(
    JSON.stringify({
      version: 1,
      schema,
      partition_key: [],
      bucket_key: opts.bucketKey ?? [],
      ...(opts.bucketCount !== undefined ? { bucket_count: opts.bucketCount } : {}),
      properties: {},
      custom_properties: {},
    }),
  );
}

export class FlussAdmin {
  constructor(private readonly client: FlussTestClient) {}

  private async writer() {
    return this.client.coordinatorConnection();
  }

  private async reader() {
    return this.client.randomTabletConnection();
  }

  async createDatabase(name: string, ignoreIfExists = false): Promise<void> {
    await (await this.writer()).call(ApiKey.CREATE_DATABASE, CreateDatabaseRequest, { database_name: name, ignore_if_exists: ignoreIfExists }, EmptyMessage);
  }

  async dropDatabase(name: string, opts: { ignoreIfNotExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    await (
      await this.writer()
    ).call(ApiKey.DROP_DATABASE, DropDatabaseRequest, { database_name: name, ignore_if_not_exists: opts.ignoreIfNotExists ?? false, cascade: opts.cascade ?? false }, EmptyMessage);
  }

  async listDatabases(): Promise<string[]> {
    return (await (await this.reader()).call(ApiKey.LIST_DATABASES, ListDatabasesRequest, {}, ListDatabasesResponse)).database_name;
  }

  async databaseExists(name: string): Promise<boolean> {
    return (await (await this.reader()).call(ApiKey.DATABASE_EXISTS, DatabaseNameRequest, { database_name: name }, ExistsResponse)).exists;
  }

  async getDatabaseInfo(name: string) {
    return (await this.reader()).call(ApiKey.GET_DATABASE_INFO, DatabaseNameRequest, { database_name: name }, GetDatabaseInfoResponse);
  }

  async createTable(path: TablePath, tableJson: Buffer, ignoreIfExists = false): Promise<void> {
    await (await this.writer()).call(ApiKey.CREATE_TABLE, CreateTableRequest, { table_path: path, table_json: tableJson, ignore_if_exists: ignoreIfExists }, EmptyMessage);
  }

  async dropTable(path: TablePath, ignoreIfNotExists = false): Promise<void> {
    await (await this.writer()).call(ApiKey.DROP_TABLE, DropTableRequest, { table_path: path, ignore_if_not_exists: ignoreIfNotExists }, EmptyMessage);
  }

  async listTables(database: string): Promise<string[]> {
    return (await (await this.reader()).call(ApiKey.LIST_TABLES, DatabaseNameRequest, { database_name: database }, ListTablesResponse)).table_name;
  }

  async tableExists(path: TablePath): Promise<boolean> {
    return (await (await this.reader()).call(ApiKey.TABLE_EXISTS, TablePathRequest, { table_path: path }, ExistsResponse)).exists;
  }

  async getTableInfo(path: TablePath) {
    return (await this.reader()).call(ApiKey.GET_TABLE_INFO, TablePathRequest, { table_path: path }, GetTableInfoResponse);
  }

  async getTableSchema(path: TablePath, schemaId?: number) {
    return (await this.reader()).call(ApiKey.GET_TABLE_SCHEMA, GetTableSchemaRequest, { table_path: path, schema_id: schemaId }, GetTableSchemaResponse);
  }
}
