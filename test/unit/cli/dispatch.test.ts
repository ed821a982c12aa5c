/** The command dispatcher: help everywhere, usage errors exit 2, placeholders, custom tables. */
import t from 'tap';
import { main, topLevelHelp } from '../../../src/cli/dispatch.js';
import { COMMANDS } from '../../../src/cli/commands.js';
import type { Command } from '../../../src/cli/command.js';
import { memoryIO } from './io.js';

t.test('top-level help lists every command', async (t) => {
  const io = memoryIO();
  t.equal(await main(['--help'], io), 0);
  for (const name of ['run', 'check', 'certs', 'demo', 'users', 'acl']) t.match(io.out(), new RegExp(`^  ${name} +\\S`, 'm'), name);
  const bare = memoryIO();
  t.equal(await main([], bare), 2, 'no command is a usage error');
  t.equal(bare.err(), topLevelHelp());
  const help = memoryIO();
  t.equal(await main(['help'], help), 0);
  t.equal(help.out(), io.out());
});

t.test('--help, -h and `help <command>` work for every command', async (t) => {
  for (const cmd of COMMANDS) {
    for (const argv of [
      [cmd.name, '--help'],
      [cmd.name, '-h'],
      ['help', cmd.name],
      [cmd.name, '--bogus', '--help'],
    ]) {
      const io = memoryIO();
      t.equal(await main(argv, io), 0, argv.join(' '));
      t.match(io.out(), new RegExp(`^Usage: streamward ${cmd.name}`), argv.join(' '));
      t.match(io.out(), /-h, --help/);
      t.equal(io.err(), '');
    }
  }
  const io = memoryIO();
  await main(['check', '--help'], io);
  t.match(io.out(), /-c, --config <file> +config file to check/);
});

t.test('unknown flags, missing values and unknown commands exit 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [['check', '--bogus'], /streamward check: Unknown option '--bogus'/],
    [['check'], /streamward check: missing required option -c\/--config/],
    [['check', '-c'], /argument missing/],
    [['run', '-c', 'a.yaml', 'extra'], /Unexpected argument 'extra'/],
    [['certs', '--days', 'soon'], /--days must be a whole number of days/],
    [['certs', '--san', 'IP:nope'], /not an IP address/],
    [['certs', '--client', 'x,CN=y'], /expected CN\[,OU=unit\]\[,O=org\]/],
    [['launch'], /unknown command "launch"/],
  ];
  for (const [argv, message] of cases) {
    const io = memoryIO();
    t.equal(await main(argv, io), 2, argv.join(' '));
    t.match(io.err(), message, argv.join(' '));
  }
});

t.test('a command is one table entry; its failures exit 1', async (t) => {
  const seen: unknown[] = [];
  const hello: Command = {
    name: 'hello',
    summary: 'Say hello.',
    synopsis: '[--name <n>]',
    options: { name: { type: 'string', value: '<n>', help: 'who' }, loud: { type: 'boolean', short: 'l', help: 'shout' } },
    async run(args, io) {
      seen.push(args.values);
      if (args.values.name === 'boom') throw new Error('exploded');
      io.stdout.write(`hello ${String(args.values.name)}\n`);
      return 0;
    },
  };
  const io = memoryIO();
  t.equal(await main(['hello', '--name', 'ada', '-l'], io, [hello]), 0);
  t.equal(io.out(), 'hello ada\n');
  t.same(seen, [{ name: 'ada', loud: true }]);
  const bad = memoryIO();
  t.equal(await main(['hello', '--name', 'boom'], bad, [hello]), 1);
  t.equal(bad.err(), 'streamward hello: exploded\n');
  t.match(topLevelHelp([hello]), /^ {2}hello {2}Say hello\.$/m);
});

t.test('--version prints the package version', async (t) => {
  const io = memoryIO();
  t.equal(await main(['--version'], io), 0);
  t.match(io.out(), /^\d+\.\d+\.\d+/);
});
