/**
 * A Fluss test client with the Java client's routing:
 * - bootstrap: a connection of type UNKNOWN (no server-type check) sends GET_METADATA to learn
 *   the coordinator and the tablet servers; later metadata refreshes go to a random tablet server;
 * - one connection per node, opened from the addresses in metadata, each checking server_type;
 * - admin writes go to the coordinator, read-only admin calls to a random tablet server;
 * - bucket traffic (produce, fetch, list offsets, put, lookup) goes to the bucket leader.
 * `request()` sends raw frames on the bootstrap connection for malformed-input tests.
 */
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
import { MetadataRequest, MetadataResponse } from '../../../src/protocol/fluss/messages/metadata.js';
import type { Decoded } from '../../../src/protocol/fluss/proto-message.js';
import { FlussConnection, type PlainAuth, type RawResponse } from './connection.js';
import { FlussAdmin } from './admin.js';
import { FlussLogClient } from './log.js';
import { FlussKvClient } from './kv.js';

export interface ClientOptions {
  auth?: PlainAuth;
  requestTimeoutMs?: number;
  /** Random source for "random tablet server" picks (default Math.random). */
  random?: () => number;
}

export interface ServerNodeInfo {
  kind: 'coordinator' | 'tablet';
  nodeId: number;
  host: string;
  port: number;
}

export interface TablePath {
  database_name: string;
  table_name: string;
}

export interface TableRoute {
  path: TablePath;
  tableId: bigint;
  /** Leader node id per bucket (undefined = no leader). */
  leaders: (number | undefined)[];
}

export function parseHostPort(s: string): { host: string; port: number } {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s.trim());
  if (!m) throw new Error(`not host:port: ${s}`);
  return { host: m[1], port: Number(m[2]) };
}

export class FlussTestClient {
  coordinator: ServerNodeInfo | undefined;
  readonly tabletServers = new Map<number, ServerNodeInfo>();
  readonly tables = new Map<string, TableRoute>();
  readonly admin = new FlussAdmin(this);
  readonly log = new FlussLogClient(this);
  readonly kv = new FlussKvClient(this);
  private readonly conns = new Map<string, Promise<FlussConnection>>();
  private readonly random: () => number;

  private constructor(
    readonly bootstrap: FlussConnection,
    readonly opts: ClientOptions,
  ) {
    this.random = opts.random ?? Math.random;
  }

  /** Connects to `host:port`, handshakes, and loads the cluster's server list. */
  static async connect(bootstrap: string, opts: ClientOptions = {}): Promise<FlussTestClient> {
    const { host, port } = parseHostPort(bootstrap);
    const conn = await FlussConnection.open(host, port, { expect: 'unknown', auth: opts.auth, requestTimeoutMs: opts.requestTimeoutMs });
    const client = new FlussTestClient(conn, opts);
    try {
      await client.updateMetadata([]);
    } catch (e) {
      client.close();
      throw e;
    }
    return client;
  }

  /** Raw request on the bootstrap connection. */
  request(apiKey: number, apiVersion: number, body: Buffer, timeoutMs?: number): Promise<RawResponse> {
    return this.bootstrap.request(apiKey, apiVersion, body, timeoutMs);
  }

  /** The (shared) connection to a node from metadata, opened on first use. */
  connectionTo(node: ServerNodeInfo): Promise<FlussConnection> {
    const key = `${node.kind}:${node.nodeId}`;
    let p = this.conns.get(key);
    if (!p) {
      p = FlussConnection.open(node.host, node.port, { expect: node.kind, auth: this.opts.auth, requestTimeoutMs: this.opts.requestTimeoutMs });
      p.catch(() => this.conns.delete(key));
      this.conns.set(key, p);
    }
    return p;
  }

  coordinatorConnection(): Promise<FlussConnection> {
    if (!this.coordinator) throw new Error('metadata names no coordinator');
    return this.connectionTo(this.coordinator);
  }

  randomTabletServer(): ServerNodeInfo {
    const all = [...this.tabletServers.values()];
    if (all.length === 0) throw new Error('metadata names no tablet server');
    return all[Math.floor(this.random() * all.length) % all.length];
  }

  randomTabletConnection(): Promise<FlussConnection> {
    return this.connectionTo(this.randomTabletServer());
  }

  /** GET_METADATA: first via bootstrap, then via a random tablet server. Updates routes. */
  async updateMetadata(paths: TablePath[]): Promise<Decoded<typeof MetadataResponse>> {
    const conn = this.tabletServers.size === 0 ? this.bootstrap : await this.randomTabletConnection();
    const m = await conn.call(ApiKey.GET_METADATA, MetadataRequest, { table_path: paths }, MetadataResponse);
    const c = m.coordinator_server;
    this.coordinator = c ? { kind: 'coordinator', nodeId: c.node_id, host: c.host, port: c.port } : undefined;
    this.tabletServers.clear();
    for (const n of m.tablet_servers) this.tabletServers.set(n.node_id, { kind: 'tablet', nodeId: n.node_id, host: n.host, port: n.port });
    for (const t of m.table_metadata) {
      const leaders: (number | undefined)[] = [];
      for (const b of t.bucket_metadata) leaders[b.bucket_id] = b.leader_id;
      this.tables.set(`${t.table_path.database_name}.${t.table_path.table_name}`, { path: t.table_path, tableId: t.table_id, leaders });
    }
    return m;
  }

  /** The cached route of a table, fetching metadata when unknown. */
  async route(path: TablePath): Promise<TableRoute> {
    const key = `${path.database_name}.${path.table_name}`;
    if (!this.tables.has(key)) await this.updateMetadata([path]);
    return this.tables.get(key)!;
  }

  /** The connection to the leader of one bucket. */
  async leaderConnection(route: TableRoute, bucket: number): Promise<FlussConnection> {
    const leader = route.leaders[bucket];
    const node = leader === undefined ? undefined : this.tabletServers.get(leader);
    if (!node) throw new Error(`no leader known for bucket ${bucket} of table id ${route.tableId}`);
    return this.connectionTo(node);
  }

  close(): void {
    this.bootstrap.close();
    for (const p of this.conns.values())
      p.then(
        (c) => c.close(),
        () => undefined,
      );
    this.conns.clear();
  }
}
