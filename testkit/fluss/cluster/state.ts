/**
 * The in-memory state one Fluss test cluster shares between its coordinator and tablet servers:
 * databases, tables (ids from a counter, never reused), bucket leaders, logs and kv stores.
 * Errors carry the codes and texts a Fluss server uses (MetadataManager and friends).
 */
import { EventEmitter } from 'node:events';
import { FlussError } from '../../../src/protocol/fluss/error-codes.js';
import { FlussServerError } from './server-error.js';

export const DEFAULT_DATABASE = 'fluss';
const NAME_RE = /^[A-Za-z0-9_-]{1,200}$/;

export interface StoredBatch {
  base: bigint;
  next: bigint;
  commitTimestamp: bigint;
  bytes: Buffer;
}

export interface BucketState {
  leader: number;
  batches: StoredBatch[];
  /** Log end offset = high watermark (one replica per bucket). */
  endOffset: bigint;
  kv: Map<string, Buffer>;
  /** Records applied by PUT_KV (a real server would append them to the log as a changelog). */
  kvEndOffset: bigint;
}

export interface TableState {
  id: bigint;
  database: string;
  name: string;
  schemaId: number;
  tableJson: Buffer;
  schemaJson: Buffer;
  primaryKey: boolean;
  created: bigint;
  modified: bigint;
  buckets: BucketState[];
}

export interface DatabaseState {
  json: Buffer;
  created: bigint;
  modified: bigint;
}

function parseTableJson(json: Buffer, path: string): { doc: Record<string, unknown>; bucketCount: number } {
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch {
    throw new FlussServerError(FlussError.INVALID_TABLE_EXCEPTION, `Invalid table descriptor JSON for table ${path}.`);
  }
  if (typeof doc !== 'object' || doc === null || typeof (doc as { schema?: unknown }).schema !== 'object') {
    throw new FlussServerError(FlussError.INVALID_TABLE_EXCEPTION, `Table descriptor of ${path} has no schema.`);
  }
  const count = (doc as { bucket_count?: unknown }).bucket_count;
  const bucketCount = typeof count === 'number' && Number.isInteger(count) && count > 0 ? count : 1;
  return { doc: { ...(doc as Record<string, unknown>), bucket_count: bucketCount }, bucketCount };
}

export class ClusterState {
  readonly databases = new Map<string, DatabaseState>();
  private readonly tables = new Map<string, TableState>();
  private readonly byId = new Map<bigint, TableState>();
  private nextTableId = 0n;
  private nextWriterId = 0n;
  private leaderRotation = 0;
  /** Emits 'append' (tableId: bigint, bucket: number) after every log append. */
  readonly events = new EventEmitter();
  /**
   * Server configs as a Fluss server's DynamicConfigManager.describeConfigs() lists them: initial
   * (static) configs of the server plus dynamic ones (set by ALTER_CLUSTER_CONFIGS; a dynamic
   * value hides the initial one of the same key). Each node adds its own `bind.listeners`.
   */
  readonly initialConfigs = new Map<string, string>([
    ['zookeeper.address', 'zk-0.backend.internal:2181'],
    ['default.bucket.number', '1'],
  ]);
  readonly dynamicConfigs = new Map<string, string>();

  constructor(
    readonly tabletServerIds: number[],
    private readonly now: () => bigint = () => BigInt(Date.now()),
  ) {
    this.events.setMaxListeners(0);
    this.databases.set(DEFAULT_DATABASE, { json: Buffer.from('{"version":1,"custom_properties":{}}'), created: now(), modified: now() });
  }

  createDatabase(name: string, json: Buffer | undefined, ignoreIfExists: boolean): void {
    if (!NAME_RE.test(name)) throw new FlussServerError(FlussError.INVALID_DATABASE_EXCEPTION, `Database name ${name} is invalid.`);
    if (this.databases.has(name)) {
      if (ignoreIfExists) return;
      throw new FlussServerError(FlussError.DATABASE_ALREADY_EXIST, `Database ${name} already exists.`);
    }
    const t = this.now();
    this.databases.set(name, { json: json ?? Buffer.from('{"version":1,"custom_properties":{}}'), created: t, modified: t });
  }

  dropDatabase(name: string, ignoreIfNotExists: boolean, cascade: boolean): void {
    if (name === DEFAULT_DATABASE) {
      throw new FlussServerError(
        FlussError.UNKNOWN_SERVER_ERROR,
        `java.lang.UnsupportedOperationException: Cannot drop the default database '${name}'. The default database is required for cluster operation.`,
      );
    }
    if (!this.databases.has(name)) {
      if (ignoreIfNotExists) return;
      throw new FlussServerError(FlussError.DATABASE_NOT_EXIST, `Database ${name} does not exist.`);
    }
    const tables = this.listTables(name);
    if (!cascade && tables.length > 0) throw new FlussServerError(FlussError.DATABASE_NOT_EMPTY, `Database ${name} is not empty.`);
    for (const t of tables) this.dropTable(name, t, true);
    this.databases.delete(name);
  }

  getDatabase(name: string): DatabaseState {
    const db = this.databases.get(name);
    if (!db) throw new FlussServerError(FlussError.DATABASE_NOT_EXIST, `Database '${name}' does not exist.`);
    return db;
  }

  listTables(database: string): string[] {
    if (!this.databases.has(database)) throw new FlussServerError(FlussError.DATABASE_NOT_EXIST, `Database ${database} does not exist.`);
    return [...this.tables.values()]
      .filter((t) => t.database === database)
      .map((t) => t.name)
      .sort();
  }

  createTable(database: string, name: string, json: Buffer, ignoreIfExists: boolean): void {
    const path = `${database}.${name}`;
    if (!NAME_RE.test(name)) throw new FlussServerError(FlussError.INVALID_TABLE_EXCEPTION, `Table name ${name} is invalid.`);
    if (!this.databases.has(database)) throw new FlussServerError(FlussError.DATABASE_NOT_EXIST, `Database ${database} does not exist.`);
    if (this.tables.has(path)) {
      if (ignoreIfExists) return;
      throw new FlussServerError(FlussError.TABLE_ALREADY_EXIST, `Table ${path} already exists.`);
    }
    const { doc, bucketCount } = parseTableJson(json, path);
    const schema = doc.schema as { primary_key?: unknown };
    const n = this.tabletServerIds.length;
    const start = this.leaderRotation++;
    const t = this.now();
    const table: TableState = {
      id: this.nextTableId++,
      database,
      name,
      schemaId: 1,
      tableJson: Buffer.from(JSON.stringify(doc)),
      schemaJson: Buffer.from(JSON.stringify(doc.schema)),
      primaryKey: Array.isArray(schema.primary_key) && schema.primary_key.length > 0,
      created: t,
      modified: t,
      buckets: Array.from({ length: bucketCount }, (_, b) => ({
        leader: this.tabletServerIds[(start + b) % n],
        batches: [],
        endOffset: 0n,
        kv: new Map(),
        kvEndOffset: 0n,
      })),
    };
    this.tables.set(path, table);
    this.byId.set(table.id, table);
  }

  dropTable(database: string, name: string, ignoreIfNotExists: boolean): void {
    const path = `${database}.${name}`;
    const table = this.tables.get(path);
    if (!table) {
      if (ignoreIfNotExists) return;
      throw new FlussServerError(FlussError.TABLE_NOT_EXIST, `Table ${path} does not exist.`);
    }
    this.tables.delete(path);
    this.byId.delete(table.id);
  }

  findTable(database: string, name: string): TableState | undefined {
    return this.tables.get(`${database}.${name}`);
  }

  getTable(database: string, name: string): TableState {
    const t = this.findTable(database, name);
    if (!t) throw new FlussServerError(FlussError.TABLE_NOT_EXIST, `Table '${database}.${name}' does not exist.`);
    return t;
  }

  tableById(id: bigint): TableState | undefined {
    return this.byId.get(id);
  }

  allocateWriterId(): bigint {
    return this.nextWriterId++;
  }
}
