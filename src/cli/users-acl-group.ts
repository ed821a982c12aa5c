/**
 * A command made of subcommands, shared by `streamward users` and `streamward acl`:
 * `streamward <group> <subcommand> [options]`. Each subcommand is an ordinary `Command` whose
 * name is the subcommand word; the group adds its common options (the store file flags) to
 * every subcommand, parses the rest strictly and runs it.
 *
 * Help: `streamward <group> --help` (also `<group> <sub> --help`, which the dispatcher answers
 * with the group help) lists every subcommand with its own options; `streamward <group> help
 * <sub>` prints the help of that one subcommand.
 */
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, commandHelp, parseCommandArgs, type Command, type OptionSpec } from './command.js';

export interface GroupSpec {
  name: string;
  summary: string;
  /** Text printed above the subcommand list. */
  description: string;
  /** Options every subcommand takes (listed once under Options:). */
  common: Record<string, OptionSpec>;
  subcommands: readonly Command[];
}

function flagText(name: string, o: OptionSpec): string {
  return `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
}

/** Option lines for the group help, indented under their subcommand. */
function optionLines(options: Record<string, OptionSpec>, indent: string): string[] {
  const rows = Object.entries(options).map(([name, o]) => [flagText(name, o), o.help + (o.multiple ? ' (repeatable)' : '')] as const);
  if (rows.length === 0) return [];
  const width = Math.max(...rows.map(([f]) => f.length));
  return rows.map(([f, h]) => `${indent}${f.padEnd(width)}  ${h}`);
}

/** The subcommand as a stand-alone command named `<group> <sub>`, with the common options. */
function qualified(spec: GroupSpec, sub: Command): Command {
  return { ...sub, name: `${spec.name} ${sub.name}`, options: { ...spec.common, ...sub.options } };
}

function groupDescription(spec: GroupSpec): string {
  const lines = [spec.description.trim(), '', 'Subcommands:'];
  for (const sub of spec.subcommands) {
    lines.push('', `  ${spec.name} ${sub.name} ${sub.synopsis}`.trimEnd(), `      ${sub.summary}`);
    lines.push(...optionLines(sub.options, '      '));
  }
  lines.push('', `Run \`streamward ${spec.name} help <subcommand>\` for the help of one subcommand.`);
  return lines.join('\n');
}

export function commandGroup(spec: GroupSpec): Command {
  const names = spec.subcommands.map((s) => s.name);
  const group: Command = {
    name: spec.name,
    summary: spec.summary,
    synopsis: `<${names.join('|')}> [options]`,
    description: groupDescription(spec),
    options: spec.common,
    anyArgs: true,
    async run(args, io) {
      const [word, ...rest] = args.positionals;
      if (word === undefined || word.startsWith('-')) {
        throw new UsageError(`expected a subcommand first: ${names.join(', ')}`);
      }
      if (word === 'help') {
        const target = rest[0] === undefined ? undefined : spec.subcommands.find((s) => s.name === rest[0]);
        if (rest[0] !== undefined && !target) throw new UsageError(`unknown subcommand "${rest[0]}" (one of ${names.join(', ')})`);
        io.stdout.write(commandHelp(target ? qualified(spec, target) : group));
        return EXIT_OK;
      }
      const sub = spec.subcommands.find((s) => s.name === word);
      if (!sub) throw new UsageError(`unknown subcommand "${word}" (one of ${names.join(', ')})`);
      const full = qualified(spec, sub);
      try {
        return await sub.run(parseCommandArgs(full, rest), io);
      } catch (e) {
        // Reported here so the message names the subcommand (`streamward acl add: ...`).
        if (e instanceof UsageError) {
          io.stderr.write(`streamward ${full.name}: ${e.message}\nRun \`streamward ${spec.name} help ${sub.name}\` for usage.\n`);
          return EXIT_USAGE;
        }
        io.stderr.write(`streamward ${full.name}: ${(e as Error).message}\n`);
        return EXIT_FAILED;
      }
    },
  };
  return group;
}

/** The values of a repeatable string option (absent = empty list). */
export function stringList(v: string | boolean | string[] | undefined): string[] {
  if (v === undefined || typeof v === 'boolean') return [];
  return Array.isArray(v) ? v : [v];
}

/** A single string option, or undefined. */
export function optionalString(v: string | boolean | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
