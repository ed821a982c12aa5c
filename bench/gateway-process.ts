/**
 * The gateway as the benchmark runs it: its own Node process (like haproxy is its own
 * process), so it can be profiled with `node --cpu-prof` and never shares an event loop with
 * the orchestrator.
 *
 * Usage: node dist/bench/gateway-process.js CONFIG.yaml
 * Prints one line `LISTENERS {"name":port,...}` once every listener is bound, then runs until
 * stdin ends (the parent died or closed it) or SIGTERM/SIGINT, closes the gateway and exits 0.
 */
import { loadConfig } from '../src/config/parse.js';
import { startGateway } from '../src/gateway.js';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: gateway-process CONFIG.yaml');
  const config = await loadConfig(file);
  const gateway = await startGateway(config);
  const ports: Record<string, number> = {};
  for (const [name, listener] of gateway.listeners) ports[name] = listener.boundPort;
  process.stdout.write(`LISTENERS ${JSON.stringify(ports)}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(0), 3000);
    forced.unref();
    gateway.close().finally(() => process.exit(0));
  };
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway-process: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
