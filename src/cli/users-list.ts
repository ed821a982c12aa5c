/**
 * `streamward users list`: users, their credential ids, creation times and mechanisms, one
 * line per credential (or JSON). Salts, hashes and keys are never printed.
 */
import type { UserSummary } from '../sasl/credentials.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { openCredentials } from './users-store.js';

/** A table with a header row, columns padded to their widest cell. */
export function formatUserTable(users: readonly UserSummary[]): string {
  const rows: string[][] = [['USER', 'CREDENTIAL', 'CREATED', 'MECHANISMS']];
  for (const u of users) {
    for (const c of u.credentials) rows.push([u.user, c.id, c.created, c.mechanisms.join(',')]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n') + '\n';
}

export const usersListCommand: Command = {
  name: 'list',
  summary: 'List users with their credential ids, creation times and mechanisms (never secrets).',
  synopsis: '[--json]',
  options: {
    json: { type: 'boolean', help: 'print JSON: [{ user, credentials: [{ id, created, mechanisms }] }]' },
  },
  async run(args, io) {
    const store = await openCredentials(args, io);
    if (!store) return EXIT_FAILED;
    const users = store.list();
    if (args.values.json) io.stdout.write(`${JSON.stringify(users, null, 2)}\n`);
    else if (users.length === 0) io.stderr.write(`no users in ${store.path ?? 'the store'}\n`);
    else io.stdout.write(formatUserTable(users));
    return EXIT_OK;
  },
};
