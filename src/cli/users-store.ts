/**
 * Shared by the `users` subcommands: the credentials file they work on (from -c or --file),
 * opened as a CredentialStore, and the `--mechanisms` list.
 */
import { CredentialStore } from '../sasl/credentials.js';
import { MECHANISMS, isMechanismName, type PasswordMechanismName as MechanismName } from '../sasl/types.js';
import { validUserName } from '../sasl/credentials-model.js';
import type { CliIO, OptionSpec, ParsedArgs } from './command.js';
import { resolveStoreFile, storeFileOptions, type StoreFile } from './users-acl-files.js';
import { EtcdDocumentStore } from '../store/etcd-document.js';

export const USERS_COMMON_OPTIONS: Record<string, OptionSpec> = storeFileOptions('credentials file', '`credentials`');

export const MECHANISMS_OPTION: OptionSpec = {
  type: 'string',
  value: '<list>',
  help: `mechanisms to store verifiers for, comma-separated (default: ${MECHANISMS.join(',')})`,
};

/** The credentials store (a file, or the config's etcd store), or null when the config could not be loaded (already reported). */
export function credentialsStore(args: ParsedArgs, io: CliIO): Promise<StoreFile | null> {
  return resolveStoreFile(args, io, {
    what: 'credentials file',
    configField: '`credentials`',
    pick: (c) => c.credentials,
    pickEtcd: (c) => c.credentialsEtcd,
  });
}

/** The credentials file path, or null when the config could not be loaded (already reported). */
export async function credentialsPath(args: ParsedArgs, io: CliIO): Promise<string | null> {
  const found = await credentialsStore(args, io);
  if (found?.etcd) throw new Error('this command works on a credentials file; for etcd use `users add` or `users import`');
  return found?.path ?? null;
}

/** The store (file: a missing file is an empty store, created by the first change; or etcd). */
export async function openCredentials(args: ParsedArgs, io: CliIO): Promise<CredentialStore | null> {
  const found = await credentialsStore(args, io);
  if (!found) return null;
  if (found.etcd) return CredentialStore.openShared(new EtcdDocumentStore(found.etcd, { oneShot: true }));
  return CredentialStore.load(found.path, { createIfMissing: true });
}

/** `PLAIN,SCRAM-SHA-256` → the list (case-insensitive, duplicates dropped); absent → all three. */
export function parseMechanisms(value: string | undefined): MechanismName[] {
  if (value === undefined) return [...MECHANISMS];
  const out: MechanismName[] = [];
  for (const raw of value.split(',')) {
    const name = raw.trim().toUpperCase();
    if (name === '') continue;
    if (!isMechanismName(name)) throw new Error(`unknown mechanism "${raw.trim()}" (one of ${MECHANISMS.join(', ')})`);
    if (!out.includes(name)) out.push(name);
  }
  if (out.length === 0) throw new Error('--mechanisms names no mechanism');
  return out;
}

/** Throws a clear error for a name the store would refuse. */
export function checkUserName(user: string): void {
  if (!validUserName(user)) throw new Error('invalid user name: it must be 1..255 characters without control characters');
}
