/**
 * `streamward run -c FILE`: loads the config and starts the gateway. The process then lives as
 * long as the gateway's sockets; signal handling and shutdown belong to gateway.ts.
 */
import { createLogger } from '../log.js';
import { EXIT_FAILED, EXIT_OK, requireString, type Command } from './command.js';
import { loadConfigOrReport } from './load.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'Start the gateway with a config file.',
  synopsis: '-c <file>',
  options: {
    config: { type: 'string', short: 'c', value: '<file>', help: 'config file (see `streamward check`)' },
  },
  async run(args, io) {
    const config = await loadConfigOrReport(requireString(args, 'config', '-c/--config'), io);
    if (!config) return EXIT_FAILED;
    const log = createLogger({ level: config.log.level });
    for (const w of config.meta.warnings) log.warn({ config: config.meta.source }, w);
    try {
      // loaded on demand: `check` and `certs` should not pay for the whole gateway
      const { startGateway } = await import('../gateway.js');
      await startGateway(config, { log });
      return EXIT_OK;
    } catch (e) {
      io.stderr.write(`streamward: ${(e as Error).message}\n`);
      return EXIT_FAILED;
    }
  },
};
