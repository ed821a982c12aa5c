/**
 * `streamward users remove <user> [--credential <id>]`: removes a user, or one of its
 * credentials (the end of a password rotation). Removing the last credential removes the user.
 */
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from './command.js';
import { optionalString } from './users-acl-group.js';
import { openCredentials } from './users-store.js';

export const usersRemoveCommand: Command = {
  name: 'remove',
  summary: 'Remove a user, or one credential of a user.',
  synopsis: '<user> [--credential <id>]',
  positionals: true,
  options: {
    credential: { type: 'string', value: '<id>', help: 'remove only this credential (see `users list`)' },
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('remove takes exactly one user name');
    const user = args.positionals[0]!;
    const id = optionalString(args.values.credential);
    const store = await openCredentials(args, io);
    if (!store) return EXIT_FAILED;
    const summary = store.list().find((u) => u.user === user);
    if (!summary) throw new Error(`no user ${user}; nothing changed`);
    if (id === undefined) {
      await store.removeUser(user);
      io.stdout.write(`removed user ${user} (${summary.credentials.length} credential(s))\n`);
      return EXIT_OK;
    }
    if (!(await store.removeCredential(user, id))) {
      const ids = summary.credentials.map((c) => c.id).join(', ');
      throw new Error(`user ${user} has no credential ${id} (it has: ${ids}); nothing changed`);
    }
    const left = summary.credentials.length - 1;
    io.stdout.write(left === 0 ? `removed credential ${id}, the last of user ${user}: the user is removed\n` : `removed credential ${id} from user ${user} (${left} left)\n`);
    return EXIT_OK;
  },
};
