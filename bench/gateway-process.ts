/**
 * The gateway as the benchmark runs it: its own Node process (like haproxy is its own
 * process), so it never shares an event loop with the orchestrator and can be profiled alone.
 *
 * Usage: node dist/bench/gateway-process.js CONFIG.yaml [CPU_PROFILE_OUT.cpuprofile]
 * Kafka and Fluss listeners are started by `startGateway`. HTTP listeners too, once
 * `startGateway` runs them; until then (it skips them with a warning) this process starts each
 * with `startHttpListener` itself, with the config's credentials file for Basic and the ACL
 * store's flink entries for decisions (no audit sink: the config's audit writes no allows anyway).
 * Prints one line `LISTENERS {"name":port,...}` once every listener is bound, then runs until
 * stdin ends (the parent died or closed it) or SIGTERM/SIGINT, closes the gateway and exits 0.
 * With a profile path, V8's CPU profiler (the one behind `node --cpu-prof`) runs from the
 * moment the listeners are bound until the stop, so start-up and module loading are left out.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../src/config/parse.js';
import { startGateway, type RunningGateway } from '../src/gateway.js';
import { startHttpListener, type RunningHttpListener } from '../src/http/listener.js';
import { flinkDecideFromAcls } from '../src/http/flink-acl.js';
import { loadAclFile } from '../src/acl/store-file.js';
import { AclIndex } from '../src/acl/acl-index.js';
import { CredentialStore } from '../src/sasl/credentials.js';
import type { Config, GatewayListener } from '../src/config/types.js';

/**
 * Bound ports by listener name: the gateway's own listeners, and any map of `{ port }` objects by
 * name on the running gateway (where startGateway keeps HTTP listeners once it starts them).
 */
function boundPorts(gateway: RunningGateway): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const [name, listener] of gateway.listeners) ports[name] = listener.boundPort;
  for (const value of Object.values(gateway) as unknown[]) {
    if (!(value instanceof Map) || value === gateway.listeners) continue;
    for (const [name, x] of value as Map<unknown, unknown>) {
      const port = (x as { port?: unknown } | null)?.port;
      if (typeof name === 'string' && typeof port === 'number' && !(name in ports)) ports[name] = port;
    }
  }
  return ports;
}

/** Starts the HTTP listeners startGateway did not start; adds their ports. */
async function startMissingHttp(config: Config, gateway: RunningGateway, ports: Record<string, number>): Promise<RunningHttpListener[]> {
  const missing = config.listeners.filter((l): l is GatewayListener => l.protocol === 'http' && l.mode === 'gateway' && !(l.name in ports));
  if (missing.length === 0) return [];
  const credentials = config.credentials ? await CredentialStore.load(config.credentials) : null;
  const index = config.acls.store ? (await loadAclFile(config.acls.store)).index : new AclIndex();
  const flinkDecide = flinkDecideFromAcls({ current: () => index }, { superUsers: config.principals.superUsers });
  const started: RunningHttpListener[] = [];
  for (const l of missing) {
    const h = await startHttpListener(l, config, { log: gateway.log, metrics: gateway.metrics, services: { credentials, flinkDecide } });
    started.push(h);
    ports[l.name] = h.port;
  }
  return started;
}

async function startProfiler(): Promise<() => Promise<object>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    return profile;
  };
}

async function main(): Promise<void> {
  const [file, profileOut] = process.argv.slice(2);
  if (!file) throw new Error('usage: gateway-process CONFIG.yaml [PROFILE.cpuprofile]');
  const config = await loadConfig(file);
  const gateway = await startGateway(config);
  const ports = boundPorts(gateway);
  const http = await startMissingHttp(config, gateway, ports);
  const stopProfiler = profileOut ? await startProfiler() : null;
  process.stdout.write(`LISTENERS ${JSON.stringify(ports)}\n`);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const forced = setTimeout(() => process.exit(0), 5000);
    forced.unref();
    try {
      if (stopProfiler && profileOut) writeFileSync(profileOut, JSON.stringify(await stopProfiler()));
      await Promise.all(http.map((h) => h.close()));
      await gateway.close();
    } finally {
      process.exit(0);
    }
  };
  process.stdin.on('end', () => void stop());
  process.stdin.on('error', () => void stop());
  process.stdin.resume();
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`gateway-process: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
