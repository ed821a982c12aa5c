/**
 * `streamward users import-jaas <file>`: moves the users of a Fluss or Kafka PLAIN JAAS
 * configuration (`user_<name>="<password>"` options) into the credentials file as salted
 * verifiers. Per user: a new user is added; an existing user whose PLAIN verifier already
 * accepts the password is left alone; otherwise it gets a new credential (rotation), or with
 * --replace the new credential replaces all its others. All changes are made in memory and
 * written in one atomic replace, so an import is all or nothing.
 */
import { readFile } from 'node:fs/promises';
import { withFileLock } from '../store/file-lock.js';
import { CredentialStore } from '../sasl/credentials.js';
import { writeFileAtomic } from '../sasl/credentials-file.js';
import { parseCredentials } from '../sasl/credentials-model.js';
import { importJaas, type JaasUser } from '../sasl/jaas.js';
import type { PasswordMechanismName } from '../sasl/types.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from './command.js';
import { optionalString } from './users-acl-group.js';
import { readInputFile } from './users-acl-files.js';
import { MECHANISMS_OPTION, checkUserName, credentialsPath, parseMechanisms } from './users-store.js';

async function readStoreText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new Error(`cannot read the credentials file ${path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Applies one imported user to the in-memory store; returns what happened, for the report. */
async function importOne(store: CredentialStore, u: JaasUser, replace: boolean, mechanisms: PasswordMechanismName[]): Promise<string> {
  const existing = store.list().find((s) => s.user === u.user)?.credentials ?? [];
  if (existing.length === 0) {
    const id = await store.addUser(u.user, u.password, { mechanisms });
    return `added user (credential ${id})`;
  }
  const matches = await store.verifyPlain(u.user, u.password);
  if (matches && (!replace || existing.length === 1)) return 'unchanged (the password is already stored)';
  const id = await store.addCredential(u.user, u.password, { mechanisms });
  if (!replace) return `added credential ${id} (the ${existing.length} older one(s) still work until removed)`;
  for (const c of existing) await store.removeCredential(u.user, c.id);
  return `replaced ${existing.length} credential(s) with ${id}`;
}

export const usersImportJaasCommand: Command = {
  name: 'import-jaas',
  summary: 'Import the user_<name>="<password>" entries of a Fluss/Kafka JAAS config as salted hashes.',
  synopsis: '<jaas-file|-> [--replace] [--mechanisms <list>]',
  description: "Reads a JAAS file or a sasl.jaas.config value (`-` = stdin). The broker's own username/password\n" + 'options are ignored. Passwords are never printed.',
  positionals: true,
  options: {
    replace: { type: 'boolean', help: 'an existing user keeps only the imported password (default: it is added beside the old ones)' },
    mechanisms: MECHANISMS_OPTION,
  },
  async run(args, io) {
    if (args.positionals.length !== 1) throw new UsageError('import-jaas takes exactly one JAAS file (or - for stdin)');
    const mechanisms = parseMechanisms(optionalString(args.values.mechanisms));
    const path = await credentialsPath(args, io);
    if (path === null) return EXIT_FAILED;
    const users = importJaas(await readInputFile(args.positionals[0]!, 'JAAS file'));
    if (users.length === 0) throw new Error(`no user_<name>="<password>" entries in ${args.positionals[0]}; nothing changed`);
    for (const u of users) checkUserName(u.user);
    // Under the store's lock, on the file as it is now: no lost update with another writer.
    const { report, changed } = await withFileLock(path, async () => {
      const before = await readStoreText(path);
      parseCredentials(before, path); // a broken file fails here, with its path in the message
      const store = CredentialStore.fromYaml(before);
      const lines: string[] = [];
      let any = false;
      for (const u of users) {
        const what = await importOne(store, u, args.values.replace === true, mechanisms);
        if (!what.startsWith('unchanged')) any = true;
        lines.push(`${u.user}: ${what}`);
      }
      if (any) await writeFileAtomic(path, store.toYaml());
      return { report: lines, changed: any };
    });
    io.stdout.write(`${report.join('\n')}\n${changed ? `wrote ${path}` : 'nothing to write'}\n`);
    return EXIT_OK;
  },
};
