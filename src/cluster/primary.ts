/**
 * `streamward run` with `workers: N` (N > 1), primary side. The primary proxies nothing: it forks
 * the workers (supervisor.ts), assigns node ports for all of them (node-ports.ts), and is the one
 * gateway seen from outside for operations:
 *   /metrics  every worker's registry aggregated (aggregate-metrics.ts) + workers/restarts
 *   /readyz   ready only when every worker is running and ready, and not draining
 *   SIGHUP    forwarded to every worker (each reloads and logs its outcome)
 *   SIGTERM   every worker drains; the primary exits when all have; a second one closes them now
 * The audit log is written by each worker to the same file opened with O_APPEND (docs/operations.md).
 */
import { Registry } from 'prom-client';
import { AdminServer } from '../admin/server.js';
import type { ReadinessReport } from '../admin/readiness.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../log.js';
import { PrimaryMetrics } from '../metrics.js';
import { aggregateWorkers, type MetricJson } from './aggregate-metrics.js';
import { NodePortAllocator } from './node-ports.js';
import { Supervisor } from './supervisor.js';

export interface PrimaryReadiness extends ReadinessReport {
  workers: Array<{ worker: number; pid: number | null; ready: boolean }>;
}

export async function runPrimary(config: Config, opts: { drainTimeoutMs: number; log: Logger }): Promise<{ ok: boolean }> {
  const { log } = opts;
  const metrics = new PrimaryMetrics(new Registry());
  let supervisor: Supervisor | null = null;
  const nodes = new NodePortAllocator(config, (a) => supervisor?.broadcast({ sw: 'node', ...a }));
  const sup = new Supervisor(config.workers, nodes, metrics, log);
  supervisor = sup;
  let draining = false;

  const readiness = async (): Promise<PrimaryReadiness> => {
    const answers = await sup.ask('readiness');
    const listeners: ReadinessReport['listeners'] = {};
    const workers = answers.map(({ slot, body }) => {
      const r = body as ReadinessReport | undefined;
      for (const [name, l] of Object.entries(r?.listeners ?? {})) {
        const before = listeners[name];
        listeners[name] = !before ? l : { bound: before.bound && l.bound, backend: before.backend === 'reachable' ? l.backend : before.backend, detail: before.detail ?? l.detail };
      }
      return { worker: slot.index, pid: slot.worker?.process.pid ?? null, ready: r?.ready === true };
    });
    const ready = !draining && workers.every((w) => w.ready);
    metrics.ready.set(ready ? 1 : 0);
    return { ready, draining, listeners, workers };
  };
  const registry = {
    contentType: metrics.registry.contentType,
    metrics: async (): Promise<string> => {
      await readiness();
      const answers = await sup.ask('metrics');
      const perWorker = answers.filter((a) => Array.isArray(a.body)).map((a) => ({ worker: a.slot.index, metrics: a.body as MetricJson[] }));
      return aggregateWorkers(perWorker, metrics.registry).metrics();
    },
  };
  const admin = new AdminServer({ bind: config.admin.bind, registry, readiness, log });
  try {
    await admin.start();
  } catch (e) {
    log.error({ err: 'SW_ERR_CONFIG_INVALID', detail: `admin.bind ${config.admin.bind.host}:${config.admin.bind.port}: ${(e as Error).message}` }, 'admin server not started');
    return { ok: false };
  }

  let failed = false;
  sup.onStartFailure = (reason) => {
    failed = true;
    log.error({ err: 'SW_ERR_WORKER_EXITED', detail: reason }, 'gateway not started');
    sup.stop();
    sup.broadcast({ sw: 'close' });
  };
  sup.start();
  const onHup = (): void => {
    if (draining) return;
    log.info({ signal: 'SIGHUP', workers: sup.slots.filter((s) => s.worker).length }, 'reloading every worker');
    sup.broadcast({ sw: 'reload' });
  };
  const onTerm = (signal: NodeJS.Signals) => (): void => {
    if (draining) {
      log.warn({ signal }, 'second stop signal: closing every worker now');
      sup.broadcast({ sw: 'close' });
      return;
    }
    draining = true;
    metrics.ready.set(0);
    log.info({ signal, drainTimeoutMs: opts.drainTimeoutMs }, 'draining: every worker stops accepting and finishes in-flight requests');
    sup.stop();
    sup.broadcast({ sw: 'drain', timeoutMs: opts.drainTimeoutMs });
  };
  const term = onTerm('SIGTERM');
  const int = onTerm('SIGINT');
  process.on('SIGHUP', onHup);
  process.on('SIGTERM', term);
  process.on('SIGINT', int);
  log.info({ workers: config.workers, listeners: config.listeners.map((l) => l.name), admin: `${config.admin.bind.host}:${admin.port}` }, 'gateway running');
  await sup.allExited;
  process.removeListener('SIGHUP', onHup);
  process.removeListener('SIGTERM', term);
  process.removeListener('SIGINT', int);
  await admin.close();
  log.info('gateway closed');
  return { ok: !failed };
}
