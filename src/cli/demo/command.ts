/**
 * `streamward demo`: starts local test backends (from the test kit), the gateway in front of them
 * with the built-in demo config, and shows clients being allowed and denied (run.ts). Without the
 * test kit (the container image, an npm installation) it says in one line that the demo needs a
 * source checkout and exits 2.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type Command } from '../command.js';
import { DEMO_NEEDS_CHECKOUT, loadTestkit } from './testkit.js';

/** The command; `testkitEntry` points elsewhere in tests. */
export function makeDemoCommand(testkitEntry?: string): Command {
  return {
    name: 'demo',
    summary: 'Run a self-contained demo: local backends, certificates, users, ACLs and the gateway (needs a source checkout).',
    synopsis: '[--self-test]',
    options: {
      'self-test': { type: 'boolean', help: 'run the printed commands against the demo, check them, and exit' },
    },
    async run(args, io) {
      const kit = await loadTestkit(testkitEntry);
      if (!kit) {
        io.stderr.write(`${DEMO_NEEDS_CHECKOUT}\n`);
        return EXIT_USAGE;
      }
      try {
        const { runDemo } = await import('./run.js');
        await runDemo(kit, { selfTest: args.values['self-test'] === true });
        return EXIT_OK;
      } catch (e) {
        io.stderr.write(`streamward: ${(e as Error).message}\n`);
        return EXIT_FAILED;
      }
    },
  };
}

export const demoCommand: Command = makeDemoCommand();
