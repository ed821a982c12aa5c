/**
 * `streamward users add <user>`: stores salted verifiers for a password read from stdin or
 * --password-file. A new user gets its first credential; an existing user gets one more
 * (rotation: old and new passwords both work until the old credential is removed).
 */
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from './command.js';
import { optionalString } from './users-acl-group.js';
import { readNewPassword } from './users-password.js';
import { MECHANISMS_OPTION, checkUserName, openCredentials, parseMechanisms } from './users-store.js';

export const usersAddCommand: Command = {
  name: 'add',
  summary: 'Add a user, or a new password (credential) to an existing user; the password comes from stdin.',
  synopsis: '<user> [--password-file <file>] [--mechanisms <list>] [--id <id>]',
  description:
    'The password is the first line of stdin (typed without echo at a terminal) or of\n' +
    '--password-file; it is never taken from the command line. Prints the new credential id.\n' +
    'Example: printf %s "$PW" | streamward users add alice -c gateway.yaml',
  positionals: true,
  options: {
    'password-file': { type: 'string', value: '<file>', help: 'read the password from the first line of this file' },
    mechanisms: MECHANISMS_OPTION,
    id: { type: 'string', value: '<id>', help: 'id of the new credential (default: random)' },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('add takes exactly one user name');
    const user = args.positionals[0]!;
    checkUserName(user);
    const mechanisms = parseMechanisms(optionalString(args.values.mechanisms));
    const id = optionalString(args.values.id);
    if (id === '') throw new Error('--id must not be empty');
    const store = await openCredentials(args, io);
    if (!store) return EXIT_FAILED;
    const password = await readNewPassword({ file: optionalString(args.values['password-file']), user });
    const mechs = mechanisms.join(', ');
    if (store.hasUser(user)) {
      const before =
        store
          .list()
          .find((u) => u.user === user)
          ?.credentials.map((c) => c.id) ?? [];
      const newId = await store.addCredential(user, password, { mechanisms, id });
      io.stdout.write(`added credential ${newId} to user ${user} (${mechs})\n`);
      io.stdout.write(
        `${user} now has ${before.length + 1} credentials; once clients use the new password, remove the old ` + `(${before.join(', ')}) with \`streamward users remove ${user} --credential <id>\`\n`,
      );
    } else {
      const newId = await store.addUser(user, password, { mechanisms, id });
      io.stdout.write(`added user ${user} with credential ${newId} (${mechs})\n`);
    }
    return EXIT_OK;
  },
};
