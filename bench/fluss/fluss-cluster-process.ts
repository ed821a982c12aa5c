/**
 * The Fluss backend of one measurement: the project's Fluss test cluster (testkit/fluss,
 * in-memory, TypeScript) in its own Node process, so its CPU is its own and can be read from
 * /proc. The benchmark's database and log table are created before it reports ready (like the
 * Kafka mock's pre-created topic), so every target starts from the same empty table.
 *
 * Usage: node dist/bench/fluss/fluss-cluster-process.js TABLETS DATABASE TABLE BUCKETS
 * Prints `BOOTSTRAP host:port` (the coordinator) once listening; runs until stdin ends or
 * SIGTERM/SIGINT, then stops the cluster and exits 0.
 */
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { tableDescriptorJson } from '../../testkit/fluss/client/admin.js';
import { runChild, stopWhenParentGoes } from '../common/child-lifecycle.js';

async function main(): Promise<void> {
  const [tablets, database, table, buckets] = process.argv.slice(2);
  if (!table || !Number(tablets) || !Number(buckets)) throw new Error('usage: fluss-cluster-process TABLETS DATABASE TABLE BUCKETS');
  const cluster = await startFlussCluster({ tabletServers: Number(tablets) });
  cluster.state.createDatabase(database, undefined, true);
  const json = tableDescriptorJson({ columns: [{ name: 'payload', type: 'BYTES' }], bucketCount: Number(buckets) });
  cluster.state.createTable(database, table, json, false);
  process.stdout.write(`BOOTSTRAP ${cluster.bootstrap}\n`);
  stopWhenParentGoes(() => cluster.stop());
}

runChild('fluss-cluster-process', main);
