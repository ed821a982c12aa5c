/**
 * The questions the gateway asks the (unsecured) backend on its own connection:
 * - listTables: every table with its id, by enumeration (LIST_DATABASES, LIST_TABLES per
 *   database, GET_METADATA in chunks; a chunk that fails because a table vanished meanwhile is
 *   retried table by table with GET_TABLE_INFO). Fluss has no id -> path api.
 * - producerOffsetTables: the tables a producer id holds offsets for (GET_PRODUCER_OFFSETS),
 *   which DELETE_PRODUCER_OFFSETS needs WRITE on.
 */
import { ApiKey } from '../../../protocol/fluss/api-keys.js';
import { ListDatabasesRequest, ListDatabasesResponse, DatabaseNameRequest, ListTablesResponse, TablePathRequest, GetTableInfoResponse } from '../../../protocol/fluss/messages/admin.js';
import { MetadataRequest } from '../../../protocol/fluss/messages/metadata.js';
import { ProducerIdRequest, GetProducerOffsetsResponse } from '../../../protocol/fluss/messages/resources.js';
import { FlussBackendClient, type FlussBackendAddress } from './backend-client.js';
import { MetadataTablesView } from './views.js';
import { tableRef, type TableRef } from './texts.js';

export type { FlussBackendAddress } from './backend-client.js';

export interface FlussBackendOperations {
  listTables(): Promise<Array<{ id: bigint; table: TableRef }>>;
  producerOffsetTables(producerId: string): Promise<bigint[]>;
  close(): void;
}

const METADATA_CHUNK = 100;
const PARALLEL = 16;

/** Runs `fn` over `items` with at most PARALLEL in flight; results in input order. */
async function inBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(fn))));
  return out;
}

export class FlussBackendQueries implements FlussBackendOperations {
  private readonly client: FlussBackendClient;

  constructor(address: FlussBackendAddress) {
    this.client = new FlussBackendClient(address);
  }

  async listTables(): Promise<Array<{ id: bigint; table: TableRef }>> {
    const dbs = (await this.client.call(ApiKey.LIST_DATABASES, ListDatabasesRequest, {}, ListDatabasesResponse)).database_name;
    const perDb = await inBatches(dbs, (db) =>
      this.client.call(ApiKey.LIST_TABLES, DatabaseNameRequest, { database_name: db }, ListTablesResponse).then(
        (r) => r.table_name.map((t) => tableRef(db, t)),
        () => [] as TableRef[],
      ),
    );
    const paths = perDb.flat();
    const chunks: TableRef[][] = [];
    for (let i = 0; i < paths.length; i += METADATA_CHUNK) chunks.push(paths.slice(i, i + METADATA_CHUNK));
    const found = await inBatches(chunks, (chunk) => this.metadataOf(chunk));
    return found.flat();
  }

  async producerOffsetTables(producerId: string): Promise<bigint[]> {
    const r = await this.client.call(ApiKey.GET_PRODUCER_OFFSETS, ProducerIdRequest, { producer_id: producerId }, GetProducerOffsetsResponse);
    return [...new Set(r.table_offsets.map((t) => t.table_id))];
  }

  close(): void {
    this.client.close();
  }

  private async metadataOf(chunk: TableRef[]): Promise<Array<{ id: bigint; table: TableRef }>> {
    const table_path = chunk.map((t) => ({ database_name: t.database, table_name: t.table }));
    try {
      const m = await this.client.call(ApiKey.GET_METADATA, MetadataRequest, { table_path }, MetadataTablesView);
      return m.table_metadata.map((t) => ({ id: t.table_id, table: tableRef(t.table_path.database_name, t.table_path.table_name) }));
    } catch {
      const one = await inBatches(chunk, (t) =>
        this.client.call(ApiKey.GET_TABLE_INFO, TablePathRequest, { table_path: { database_name: t.database, table_name: t.table } }, GetTableInfoResponse).then(
          (r) => [{ id: r.table_id, table: t }],
          () => [],
        ),
      );
      return one.flat();
    }
  }
}
