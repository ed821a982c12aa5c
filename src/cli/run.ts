/**
 * `streamward run -c FILE`: loads the config, starts the gateway (listeners, admin server,
 * reloader) and serves until SIGTERM/SIGINT, which drain it gracefully (src/reload/signals.ts);
 * SIGHUP reloads. Returns once the gateway has closed. With `workers: N` (N > 1) this process is
 * the primary of a node:cluster (src/cluster/primary.ts) and each forked worker runs the gateway.
 */
import { createLogger } from '../log.js';
import { parseDuration } from '../config/units.js';
import { EXIT_FAILED, EXIT_OK, UsageError, requireString, type Command } from './command.js';
import { loadConfigOrReport } from './load.js';
import { handleSignals } from './signals.js';

const DEFAULT_DRAIN = '30s';

export const runCommand: Command = {
  name: 'run',
  summary: 'Start the gateway with a config file.',
  synopsis: '-c <file> [--drain-timeout <duration>]',
  description: `
Signals: SIGHUP reloads certificates, credentials, ACLs and the reloadable parts of the config
file (and reopens the audit file); SIGTERM or SIGINT stops accepting connections, marks the
gateway not ready, lets in-flight requests finish for up to --drain-timeout, then exits. A
second SIGTERM closes at once.`,
  options: {
    config: { type: 'string', short: 'c', value: '<file>', help: 'config file (see `streamward check`)' },
    'drain-timeout': { type: 'string', value: '<duration>', help: `longest wait for in-flight requests on SIGTERM (default ${DEFAULT_DRAIN})` },
  },
  async run(args, io) {
    const drainText = typeof args.values['drain-timeout'] === 'string' ? args.values['drain-timeout'] : DEFAULT_DRAIN;
    const drainTimeoutMs = parseDuration(drainText);
    if (drainTimeoutMs === undefined) throw new UsageError(`--drain-timeout: not a duration: ${drainText} (e.g. 30s, 2m)`);
    const config = await loadConfigOrReport(requireString(args, 'config', '-c/--config'), io);
    if (!config) return EXIT_FAILED;
    const base = createLogger({ level: config.log.level });
    const log = process.env.STREAMWARD_WORKER && config.workers > 1 ? base.child({ worker: Number(process.env.STREAMWARD_WORKER), pid: process.pid }) : base;
    for (const w of config.meta.warnings) log.warn({ config: config.meta.source }, w);
    const cluster = config.workers > 1 ? (await import('node:cluster')).default : null;
    if (cluster?.isPrimary) {
      const { runPrimary } = await import('../cluster/primary.js');
      const outcome = await runPrimary(config, { drainTimeoutMs, log });
      await new Promise<void>((resolve) => log.flush(() => resolve()));
      return outcome.ok ? EXIT_OK : EXIT_FAILED;
    }
    const worker = cluster ? await import('../cluster/worker.js') : null;
    let gateway;
    try {
      // loaded on demand: `check` and `certs` should not pay for the whole gateway
      const { startGateway } = await import('../gateway.js');
      gateway = await startGateway(config, worker ? { log, admin: false, nodePortClaim: worker.claimNodePort } : { log });
    } catch (e) {
      io.stderr.write(`streamward: ${(e as Error).message}\n`);
      return EXIT_FAILED;
    }
    if (worker) {
      log.info({ listeners: [...gateway.listeners.keys()] }, 'worker running');
      await worker.serveAsWorker(gateway, { drainTimeoutMs, log, handleSignals });
      await new Promise<void>((resolve) => log.flush(() => resolve()));
      (await import('node:cluster')).default.worker?.disconnect();
      return EXIT_OK;
    }
    const signals = handleSignals(gateway, { drainTimeoutMs, log });
    log.info({ listeners: [...gateway.listeners.keys()], admin: gateway.admin ? `${config.admin.bind.host}:${gateway.admin.port}` : null }, 'gateway running');
    await signals.done;
    signals.remove();
    await new Promise<void>((resolve) => log.flush(() => resolve()));
    return EXIT_OK;
  },
};
