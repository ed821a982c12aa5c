/**
 * `streamward check -c FILE`: validates a config file and prints it back with every default
 * filled in and secrets masked (exit 0), or lists every problem as `file:line: field: problem`
 * (exit 1). Warnings go to stderr and do not fail the check.
 */
import { formatConfig } from '../config.js';
import { EXIT_FAILED, EXIT_OK, requireString, type Command } from './command.js';
import { loadConfigOrReport } from './load.js';

export const checkCommand: Command = {
  name: 'check',
  summary: 'Validate a config file and print it with defaults filled in and secrets masked.',
  synopsis: '-c <file> [--quiet]',
  description: 'Exit status 0 when the file is valid, 1 when it is not (every problem is listed as\n' + 'file:line: field.path: what is wrong), 2 for a usage error.',
  options: {
    config: { type: 'string', short: 'c', value: '<file>', help: 'config file to check' },
    quiet: { type: 'boolean', short: 'q', help: 'print nothing when the file is valid' },
  },
  async run(args, io) {
    const config = await loadConfigOrReport(requireString(args, 'config', '-c/--config'), io);
    if (!config) return EXIT_FAILED;
    for (const w of config.meta.warnings) io.stderr.write(`warning: ${w}\n`);
    if (!args.values.quiet) io.stdout.write(formatConfig(config));
    return EXIT_OK;
  },
};
