/**
 * What a CLI command is: a name, its options, its help text and a handler. Each command lives in
 * its own file in src/cli/ and is listed once in commands.ts; parsing, `--help` and usage errors
 * are handled here for all of them.
 *
 * Exit codes: 0 success, 1 the command failed (invalid config, gateway error), 2 usage error.
 */
import { parseArgs } from 'node:util';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** May be given more than once; the value is then a list. */
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `<file>`. */
  value?: string;
  help: string;
}

/** Where a command writes; the real process streams in main.ts, buffers in tests. */
export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

export interface Command {
  name: string;
  /** One line for the top-level command list. */
  summary: string;
  /** Argument synopsis after `streamward <name>`, e.g. `-c <file>`. */
  synopsis: string;
  /** Longer explanation printed by `--help` (optional). */
  description?: string;
  options: Record<string, OptionSpec>;
  /** Positional arguments accepted (default none). */
  positionals?: boolean;
  /** Skip option parsing entirely (placeholders that accept anything). */
  anyArgs?: boolean;
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}

export class UsageError extends Error {}

export function commandHelp(cmd: Command): string {
  const lines = [`Usage: streamward ${cmd.name} ${cmd.synopsis}`.trimEnd(), '', cmd.summary];
  if (cmd.description) lines.push('', cmd.description.trim());
  const opts = Object.entries(cmd.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, o.help + (o.multiple ? ' (repeatable)' : '')] as const;
  });
  opts.push(['-h, --help', 'show this help']);
  const width = Math.max(...opts.map(([f]) => f.length));
  lines.push('', 'Options:', ...opts.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`));
  return lines.join('\n') + '\n';
}

export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** Parses argv for `cmd`; throws UsageError on unknown options, missing values or stray arguments. */
export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  if (cmd.anyArgs) return { values: {}, positionals: argv };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, o] of Object.entries(cmd.options)) {
    // parseArgs rejects keys that are present but undefined
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: cmd.positionals ?? false });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]!.replace(/\. To specify.*$/, '');
    throw new UsageError(msg);
  }
}

/** The value of a required string option, or a UsageError naming it. */
export function requireString(args: ParsedArgs, name: string, flag: string): string {
  const v = args.values[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`missing required option ${flag}`);
  return v;
}
