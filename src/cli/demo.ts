/**
 * `streamward demo`: starts local test backends, the gateway in front of them with the built-in
 * demo config, and shows clients being allowed and denied (all in demo.ts).
 */
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { importLazily } from './load.js';

interface DemoModule {
  runDemo(opts?: { selfTest?: boolean }): Promise<void>;
}

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run a self-contained demo: local backends, certificates, users, ACLs and the gateway.',
  synopsis: '[--self-test]',
  options: {
    'self-test': { type: 'boolean', help: 'run the printed commands against the demo, check them, and exit' },
  },
  async run(args, io) {
    try {
      const { runDemo } = await importLazily<DemoModule>('../demo.js');
      await runDemo({ selfTest: args.values['self-test'] === true });
      return EXIT_OK;
    } catch (e) {
      io.stderr.write(`streamward: ${(e as Error).message}\n`);
      return EXIT_FAILED;
    }
  },
};
