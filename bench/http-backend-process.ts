/**
 * The HTTP backend of one measurement: the project's Flink REST stand-in
 * (testkit/http/flink-backend.ts) in its own Node process, fresh per measurement.
 *
 * Usage: node dist/bench/http-backend-process.js
 * Prints `URL http://127.0.0.1:PORT` once listening; runs until stdin ends or SIGTERM/SIGINT.
 */
import { startFlinkBackend } from '../testkit/http/flink-backend.js';
import { runChild, stopWhenParentGoes } from './child-lifecycle.js';

async function main(): Promise<void> {
  const backend = await startFlinkBackend();
  process.stdout.write(`URL ${backend.url}\n`);
  stopWhenParentGoes(() => backend.close());
}

runChild('http-backend-process', main);
