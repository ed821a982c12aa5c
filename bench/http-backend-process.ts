/**
 * The HTTP backend of one measurement: the project's Flink REST stand-in
 * (test/helpers/http/flink-backend.ts) in its own Node process, fresh per measurement.
 *
 * Usage: node dist/bench/http-backend-process.js
 * Prints `URL http://127.0.0.1:PORT` once listening; runs until stdin ends or SIGTERM/SIGINT.
 */
import { startFlinkBackend } from '../test/helpers/http/flink-backend.js';

async function main(): Promise<void> {
  const backend = await startFlinkBackend();
  process.stdout.write(`URL ${backend.url}\n`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    await backend.close();
    process.exit(0);
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('error', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`http-backend-process: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
