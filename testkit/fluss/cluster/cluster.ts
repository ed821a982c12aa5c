/**
 * startFlussCluster: one coordinator (node id 0, like Fluss) and N tablet servers (ids 0..N-1
 * unless given; ids of coordinator and tablet servers are separate namespaces, as in Fluss)
 * sharing one in-memory state, each on its own 127.0.0.1 port. No security by default: it plays
 * the unsecured backend behind the gateway; with `sasl` every node's listener is SASL/PLAIN (a
 * backend with its own identities, for the gateway's upstream login).
 */
import { ClusterState } from './state.js';
import { FlussTestNode, type NodeInfo, type Quirks } from './node.js';
import { HANDLERS } from './handlers/index.js';
import type { SaslPlainOptions } from './sasl-plain.js';

export interface FlussClusterOptions {
  tabletServers?: number;
  tabletServerIds?: number[];
  quirks?: Partial<Quirks>;
  /** Largest accepted request frame (prefix included); default 100 MiB like Fluss. */
  maxRequestBytes?: number;
  /** SASL/PLAIN on every node with these users (name -> password); absent = PLAINTEXT. */
  sasl?: SaslPlainOptions;
}

export interface FlussCluster {
  /** `host:port` of the coordinator (what a client's bootstrap.servers names). */
  bootstrap: string;
  coordinator: NodeInfo;
  tabletServers: NodeInfo[];
  /** Every node, coordinator first, for inspecting `received` requests. */
  nodes: FlussTestNode[];
  state: ClusterState;
  stop(): Promise<void>;
}

export async function startFlussCluster(opts: FlussClusterOptions = {}): Promise<FlussCluster> {
  const ids = opts.tabletServerIds ?? Array.from({ length: opts.tabletServers ?? 3 }, (_, i) => i);
  if (ids.length === 0) throw new Error('a Fluss test cluster needs at least one tablet server');
  const state = new ClusterState(ids);
  const quirks: Quirks = { silentOnUnservedApi: true, silentOnUnparsableRequest: true, ...opts.quirks };
  let coordinator: FlussTestNode | undefined;
  const tablets: FlussTestNode[] = [];
  const deps = {
    state,
    handlers: HANDLERS,
    quirks,
    maxRequestBytes: opts.maxRequestBytes ?? 100 * 1024 * 1024,
    sasl: opts.sasl,
    coordinator: (): NodeInfo => coordinator!.info,
    tabletServers: (): NodeInfo[] => tablets.map((n) => n.info),
  };
  coordinator = new FlussTestNode('coordinator', 0, deps);
  for (const id of ids) tablets.push(new FlussTestNode('tablet', id, deps));
  const nodes = [coordinator, ...tablets];
  try {
    for (const n of nodes) await n.listen();
  } catch (e) {
    await Promise.allSettled(nodes.map((n) => n.stop()));
    throw e;
  }
  return {
    bootstrap: `${coordinator.info.host}:${coordinator.info.port}`,
    coordinator: coordinator.info,
    tabletServers: tablets.map((n) => n.info),
    nodes,
    state,
    stop: async () => {
      await Promise.allSettled(nodes.map((n) => n.stop()));
    },
  };
}
