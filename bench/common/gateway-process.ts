/**
 * The gateway as the benchmark runs it: its own Node process (like haproxy is its own
 * process), so it never shares an event loop with the orchestrator and can be profiled alone.
 *
 * Usage: node dist/bench/common/gateway-process.js CONFIG.yaml [CPU_PROFILE_OUT.cpuprofile]
 * Every listener (Kafka, Fluss, HTTP) is started by `startGateway`, as `streamward run` would.
 * Prints one line `LISTENERS {"name":port,...}` once every listener is bound, then runs until
 * stdin ends (the parent died or closed it) or SIGTERM/SIGINT, closes the gateway and exits 0.
 * With a profile path, V8's CPU profiler (the one behind `node --cpu-prof`) runs from the
 * moment the listeners are bound until the stop, so start-up and module loading are left out.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../../src/config/parse.js';
import { startGateway } from '../../src/gateway.js';
import { runChild, stopWhenParentGoes } from './child-lifecycle.js';

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
  const ports: Record<string, number> = {};
  for (const [name, listener] of gateway.listeners) ports[name] = listener.boundPort;
  for (const [name, listener] of gateway.http) ports[name] = listener.port;
  const stopProfiler = profileOut ? await startProfiler() : null;
  process.stdout.write(`LISTENERS ${JSON.stringify(ports)}\n`);

  stopWhenParentGoes(async () => {
    if (stopProfiler && profileOut) writeFileSync(profileOut, JSON.stringify(await stopProfiler()));
    await gateway.close();
  }, 5000);
}

runChild('gateway-process', main);
