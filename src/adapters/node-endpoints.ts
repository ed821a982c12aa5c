/**
 * Address rewriting in two passes, shared by the protocol sessions: first resolve (and, for a
 * node seen for the first time, open) the gateway endpoint of every backend node a response
 * names, then rewrite the response synchronously with the returned lookup.
 */
import { GatewayError } from '../errors.js';
import type { BackendNode, NodeDirectory } from '../proxy/protocol.js';

type Endpoint = { host: string; port: number };

const identity = (n: BackendNode) => `${n.key}|${n.host}|${n.port}`;

export async function resolveEndpoints<T>(nodes: NodeDirectory, items: readonly T[], nodeOf: (item: T) => BackendNode): Promise<(item: T) => Endpoint> {
  const resolved = new Map<string, Endpoint>();
  for (const item of items) {
    const node = nodeOf(item);
    resolved.set(identity(node), nodes.lookup(node) ?? (await nodes.endpointFor(node)));
  }
  return (item) => {
    const node = nodeOf(item);
    const endpoint = resolved.get(identity(node));
    if (!endpoint) throw new GatewayError('SW_ERR_REWRITE_FAILED', `node ${node.key} at ${node.host}:${node.port} was not resolved`);
    return endpoint;
  };
}
