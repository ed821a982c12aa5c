/** A command that is announced but not built yet: `--help` works, anything else says so. */
import { EXIT_FAILED, type Command } from './command.js';

export function placeholderCommand(name: string, summary: string): Command {
  return {
    name,
    summary,
    synopsis: '...',
    description: 'Not yet available in this version.',
    options: {},
    anyArgs: true,
    async run(_args, io) {
      io.stderr.write(`streamward ${name}: not yet available\n`);
      return EXIT_FAILED;
    },
  };
}
