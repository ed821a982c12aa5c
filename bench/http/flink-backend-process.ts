/**
 * The Flink REST stand-in as a process, for the soak run (bench/soak): the project's Flink REST stand-in
 * (testkit/http/flink-backend.ts) in its own Node process. (The HTTP suite uses fast-backend-process.ts.)
 *
 * Usage: node dist/bench/http/flink-backend-process.js
 * Prints `URL http://127.0.0.1:PORT` once listening; runs until stdin ends or SIGTERM/SIGINT.
 */
import { startFlinkBackend } from '../../testkit/http/flink-backend.js';
import { runChild, stopWhenParentGoes } from '../common/child-lifecycle.js';

async function main(): Promise<void> {
  const backend = await startFlinkBackend();
  process.stdout.write(`URL ${backend.url}\n`);
  stopWhenParentGoes(() => backend.close());
}

runChild('flink-backend-process', main);
