/**
 * How the gateway asks a Fluss backend for its servers (for a pre-opened node port a client
 * reached before this replica met the node): API_VERSIONS (every Fluss connection starts with
 * it), then GET_METADATA with no tables, whose answer names the coordinator and every tablet
 * server, as a Fluss client's bootstrap does (MetadataUpdater#initializeCluster).
 */
import { encodeRequestFrame, ResponseType } from '../../protocol/fluss/frame.js';
import { ApiKey } from '../../protocol/fluss/api-keys.js';
import { encodeMessage } from '../../protocol/fluss/proto-message.js';
import { ApiVersionsRequest } from '../../protocol/fluss/messages/handshake.js';
import { collectMetadataServers } from '../../protocol/fluss/rewrite.js';
import type { BackendNode, NodeDiscovery } from '../../proxy/protocol.js';

const apiVersions = encodeRequestFrame(ApiKey.API_VERSIONS, 0, 0, encodeMessage(ApiVersionsRequest, { client_software_name: 'streamward', client_software_version: '0' }));
const getMetadata = encodeRequestFrame(ApiKey.GET_METADATA, 0, 1, Buffer.alloc(0));

export const flussDiscovery: NodeDiscovery = {
  attempts: [[apiVersions, getMetadata]],
  nodes(_attempt: number, responses: Buffer[]): BackendNode[] {
    const metadata = responses.find((f) => f.length >= 9 && f.readInt32BE(5) === 1);
    if (!metadata || metadata.readInt8(4) !== ResponseType.SUCCESS) throw new Error('GET_METADATA failed');
    return collectMetadataServers(metadata).map((s) => ({ key: `${s.type}:${s.nodeId}`, host: s.host, port: s.port }));
  },
};
