/** The protocol-faithful Fluss test cluster (see cluster.ts). */
export { startFlussCluster, type FlussCluster, type FlussClusterOptions } from './cluster.js';
export { FlussTestNode, type NodeInfo, type Quirks, type ReceivedRequest } from './node.js';
export { ClusterState, DEFAULT_DATABASE } from './state.js';
export { FlussServerError } from './server-error.js';
