/**
 * API_VERSIONS and GET_METADATA handlers of the Fluss test cluster.
 * ApiVersions lists every key this server type serves, PRIVATE ones included, ascending, with
 * server_type 1 (coordinator) or 2 (tablet server). Metadata names the coordinator (node id 0),
 * every tablet server, and each requested table with bucket leaders; an unknown table fails the
 * whole request with TABLE_NOT_EXIST, as the server's ZooKeeper lookup does.
 */
import { apisServedBy } from '../../../../src/protocol/fluss/api-keys.js';
import { decodeMessage, encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { ApiVersionsRequest, ApiVersionsResponse } from '../../../../src/protocol/fluss/messages/handshake.js';
import { MetadataRequest, MetadataResponse } from '../../../../src/protocol/fluss/messages/metadata.js';
import type { HandlerContext } from '../node.js';

export function apiVersions(ctx: HandlerContext, body: Buffer): Buffer {
  decodeMessage(ApiVersionsRequest, body);
  return encodeMessage(ApiVersionsResponse, {
    api_versions: apisServedBy(ctx.node.serverType).map((a) => ({ api_key: a.key, min_version: a.minVersion, max_version: a.maxVersion })),
    server_type: ctx.node.serverType,
  });
}

export function getMetadata(ctx: HandlerContext, body: Buffer): Buffer {
  const req = decodeMessage(MetadataRequest, body);
  const tables = req.table_path.map((p) => ctx.state.getTable(p.database_name, p.table_name));
  const c = ctx.coordinator();
  return encodeMessage(MetadataResponse, {
    coordinator_server: { node_id: c.nodeId, host: c.host, port: c.port },
    tablet_servers: ctx.tabletServers().map((n) => ({ node_id: n.nodeId, host: n.host, port: n.port })),
    table_metadata: tables.map((t) => ({
      table_path: { database_name: t.database, table_name: t.name },
      table_id: t.id,
      schema_id: t.schemaId,
      table_json: t.tableJson,
      bucket_metadata: t.buckets.map((b, i) => ({ bucket_id: i, leader_id: b.leader, replica_id: [b.leader], leader_epoch: 0 })),
      created_time: t.created,
      modified_time: t.modified,
    })),
  });
}
