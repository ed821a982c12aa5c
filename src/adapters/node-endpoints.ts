/**
 * Address rewriting in two passes, shared by the protocol sessions: first resolve (and, for a
 * node seen for the first time, open) the gateway endpoint of every backend node a response
 * names, then rewrite the response synchronously with the returned lookup.
 *
 * Node keys carry the node's kind (`broker:1`, `controller:1`, `coordinator:0`, `tablet:3`), so
 * one kind's addresses never re-point another kind's endpoint. Within one response the first
 * address of a key wins: a node listed twice with different addresses (a KRaft controller with
 * two listeners) gets one endpoint, and the response cannot flip it back and forth.
 */
import { GatewayError } from '../errors.js';
import type { BackendNode, NodeDirectory } from '../proxy/protocol.js';

type Endpoint = { host: string; port: number };

export async function resolveEndpoints<T>(nodes: NodeDirectory, items: readonly T[], nodeOf: (item: T) => BackendNode): Promise<(item: T) => Endpoint> {
  const resolved = new Map<string, Endpoint>();
  for (const item of items) {
    const node = nodeOf(item);
    if (resolved.has(node.key)) continue;
    resolved.set(node.key, nodes.lookup(node) ?? (await nodes.endpointFor(node)));
  }
  return (item) => {
    const node = nodeOf(item);
    const endpoint = resolved.get(node.key);
    if (!endpoint) throw new GatewayError('SW_ERR_REWRITE_FAILED', `node ${node.key} at ${node.host}:${node.port} was not resolved`);
    return endpoint;
  };
}
