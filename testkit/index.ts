/**
 * The test kit: stand-in backends and a client that tests, bench and `streamward demo` run the
 * gateway against. Not part of the product (the container image does not carry it); see
 * README.md beside this file for what each part is.
 */
export { startMockCluster, mockClusterBinary, parseBootstrap, type MockCluster, type MockClusterOptions, type MockBroker, type MockFlavor } from './kafka/mock-cluster.js';
export { startFlussCluster, type FlussCluster, type FlussClusterOptions } from './fluss/cluster/index.js';
export { FlussTestClient, type ClientOptions } from './fluss/client/index.js';
export { startFlinkBackend, type FlinkBackend } from './http/flink-backend.js';
