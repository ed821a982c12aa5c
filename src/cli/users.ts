/**
 * `streamward users ...`: manage the credentials file (salted verifiers for SASL PLAIN/SCRAM
 * and HTTP basic users). The running gateway watches the file and picks up every change.
 */
import { commandGroup } from './users-acl-group.js';
import { usersAddCommand } from './users-add.js';
import { usersImportJaasCommand } from './users-import-jaas.js';
import { usersListCommand } from './users-list.js';
import { usersRemoveCommand } from './users-remove.js';
import { USERS_COMMON_OPTIONS, credentialsStore } from './users-store.js';
import { exportCommand, importCommand } from './store-transfer.js';
import { parseCredentials } from '../sasl/credentials-model.js';

const credentialsKind = { what: 'credentials', resolve: credentialsStore, validate: (text: string, where: string) => (text.trim() === '' ? 0 : parseCredentials(text, where).users.size) };

export const usersCommand = commandGroup({
  name: 'users',
  summary: 'Manage SASL/basic users in the credentials file.',
  description:
    'Works on the credentials file named by a gateway config (-c) or given directly (--file).\n' +
    'Writes are atomic; a running gateway picks changes up without a restart. Passwords are\n' +
    'read from stdin or a file, never from the command line, and are never printed.\n' +
    'Exit status: 0 done, 1 failed (nothing changed), 2 usage error.',
  common: USERS_COMMON_OPTIONS,
  subcommands: [usersAddCommand, usersRemoveCommand, usersListCommand, usersImportJaasCommand, exportCommand(credentialsKind), importCommand(credentialsKind)],
});
