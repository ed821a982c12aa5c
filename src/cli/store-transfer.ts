/**
 * `streamward acl export|import` and `streamward users export|import`: move a store between a
 * file and etcd (or back, or between two etcd prefixes). The file and the etcd document hold the
 * same YAML, so export prints the store as it is and import replaces the target store with a
 * validated copy: under the file's lock, or in one etcd transaction.
 *
 *   streamward acl export --file acls.yaml > acls-export.yaml
 *   streamward acl import -c gateway-etcd.yaml acls-export.yaml
 */
import { readFile } from 'node:fs/promises';
import { withFileLock } from '../store/file-lock.js';
import { writeFileAtomic } from '../sasl/credentials-file.js';
import { EtcdDocumentStore } from '../store/etcd-document.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type CliIO, type Command, type ParsedArgs } from './command.js';
import { readInputFile, type StoreFile } from './users-acl-files.js';
import { optionalString } from './users-acl-group.js';

export interface StoreKind {
  /** e.g. 'ACL store', 'credentials' */
  what: string;
  resolve(args: ParsedArgs, io: CliIO): Promise<StoreFile | null>;
  /** Throws with a clear message when `text` is not a valid store; returns a count for the report. */
  validate(text: string, where: string): number;
}

async function readStore(store: StoreFile): Promise<string | null> {
  if (store.etcd) return new EtcdDocumentStore(store.etcd, { oneShot: true }).read();
  try {
    return await readFile(store.path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot read ${store.path} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function writeStore(store: StoreFile, text: string): Promise<void> {
  if (store.etcd) {
    await new EtcdDocumentStore(store.etcd, { oneShot: true }).update(async () => ({ text, result: undefined }));
    return;
  }
  await withFileLock(store.path, () => writeFileAtomic(store.path, text));
}

export function exportCommand(kind: StoreKind): Command {
  return {
    name: 'export',
    summary: `Print the ${kind.what} (file or etcd) as YAML, for import elsewhere.`,
    synopsis: '[--out <file>]',
    description: `--out writes a new file with mode 0600 instead of printing.`,
    options: { out: { type: 'string', value: '<file>', help: 'write to this file (0600) instead of stdout' } },
    async run(args, io) {
      const store = await kind.resolve(args, io);
      if (!store) return EXIT_FAILED;
      const text = (await readStore(store)) ?? '';
      kind.validate(text, store.path);
      const out = optionalString(args.values.out);
      if (out) await writeFileAtomic(out, text);
      else io.stdout.write(text);
      return EXIT_OK;
    },
  };
}

export function importCommand(kind: StoreKind): Command {
  return {
    name: 'import',
    summary: `Replace the ${kind.what} (file or etcd) with a validated export.`,
    synopsis: '<file|->',
    description: "The whole store is replaced in one write (the file's lock, or one etcd transaction);\nrunning gateways pick it up by themselves.",
    positionals: true,
    options: {},
    async run(args, io) {
      if (args.positionals.length !== 1) throw new UsageError('import takes exactly one file (or - for stdin)');
      const store = await kind.resolve(args, io);
      if (!store) return EXIT_FAILED;
      const input = args.positionals[0]!;
      const text = await readInputFile(input, `${kind.what} export`);
      const count = kind.validate(text, input);
      await writeStore(store, text);
      io.stdout.write(`imported ${count} ${kind.what} entries into ${store.path}\n`);
      return EXIT_OK;
    },
  };
}
