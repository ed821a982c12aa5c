/**
 * Top level of the CLI: picks the command from argv[0], handles `--help`, `help <command>` and
 * `--version`, turns usage errors into exit code 2 and unexpected errors into exit code 1.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, commandHelp, parseCommandArgs, wantsHelp, type CliIO, type Command } from './command.js';
import { COMMANDS } from './commands.js';

export function topLevelHelp(commands: readonly Command[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'streamward: a security gateway (TLS, mTLS, SASL, ACLs) for Apache Kafka and Apache Fluss',
    '',
    'Usage: streamward <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `streamward <command> --help` for the options of a command.',
    '',
  ].join('\n');
}

/** The version in the package.json next to the source or build tree. */
export function version(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'streamward') return pkg.version ?? 'unknown';
    } catch {
      // keep looking upwards
    }
  }
  return 'unknown';
}

export async function main(argv: string[], io: CliIO, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(topLevelHelp(commands));
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(topLevelHelp(commands));
    return EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  const wanted = name === 'help' ? rest[0] : name;
  const cmd = commands.find((c) => c.name === wanted);
  if (name === 'help' && wanted === undefined) {
    io.stdout.write(topLevelHelp(commands));
    return EXIT_OK;
  }
  if (!cmd) {
    io.stderr.write(`streamward: unknown command "${wanted}"\n\n${topLevelHelp(commands)}`);
    return EXIT_USAGE;
  }
  if (name === 'help' || wantsHelp(rest)) {
    io.stdout.write(commandHelp(cmd));
    return EXIT_OK;
  }
  try {
    return await cmd.run(parseCommandArgs(cmd, rest), io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`streamward ${cmd.name}: ${e.message}\nRun \`streamward ${cmd.name} --help\` for usage.\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`streamward ${cmd.name}: ${(e as Error).message}\n`);
    return EXIT_FAILED;
  }
}
