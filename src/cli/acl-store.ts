/**
 * Shared by the `acl` subcommands: the store file (from -c or --file), which protocol a
 * command is about, loading and saving the store, and printing entries in each protocol's
 * own format.
 *
 * Protocol: `--protocol fluss|kafka|flink`; without it, the one the --resource values imply
 * (`topic:` is kafka, `table:` is fluss, `job:` is flink); without those, the only one the
 * config's clusters speak (an http cluster is Flink's REST API: flink). `cluster` alone does
 * not say which.
 */
import { loadAclFile, updateAclFile } from '../acl/store-file.js';
import { ACL_PROTOCOLS } from '../acl/codes.js';
import { formatAclLine } from '../acl/format.js';
import { AclIndex } from '../acl/acl-index.js';
import { formatAclStore, parseAclStore } from '../acl/store-schema.js';
import { EtcdDocumentStore } from '../store/etcd-document.js';
import type { AclEntry, AclProtocol } from '../acl/types.js';
import type { Config } from '../config.js';
import type { CliIO, OptionSpec, ParsedArgs } from './command.js';
import type { ResourceArg } from './acl-args.js';
import { resolveStoreFile, storeFileOptions, type StoreFile } from './users-acl-files.js';

export const ACL_COMMON_OPTIONS: Record<string, OptionSpec> = {
  ...storeFileOptions('ACL store file', '`acls.store`'),
  protocol: { type: 'string', value: 'fluss|kafka|flink', help: 'which listeners the entries govern (default: implied by --resource or the config)' },
};

/** The store file, or null when the config could not be loaded (already reported). */
export function aclStoreFile(args: ParsedArgs, io: CliIO): Promise<StoreFile | null> {
  return resolveStoreFile(args, io, { what: 'ACL store file', configField: '`acls.store`', pick: (c) => c.acls.store, pickEtcd: (c) => c.acls.etcd });
}

/** The only ACL protocol the config's clusters speak (http = flink), or null. */
function configProtocol(config: Config | null): AclProtocol | null {
  if (!config) return null;
  const kinds = new Set<AclProtocol>();
  for (const c of Object.values(config.clusters)) {
    const p: string = c.protocol;
    if (p === 'fluss' || p === 'kafka') kinds.add(p);
    else if (p === 'http') kinds.add('flink');
  }
  return kinds.size === 1 ? [...kinds][0]! : null;
}

/** The protocol of this command, or null when nothing says (see the header). */
export function commandProtocol(flag: unknown, resources: readonly ResourceArg[], config: Config | null): AclProtocol | null {
  let fromFlag: AclProtocol | null = null;
  if (typeof flag === 'string') {
    const p = ACL_PROTOCOLS.find((x) => x === flag.toLowerCase());
    if (!p) throw new Error(`--protocol "${flag}": expected ${ACL_PROTOCOLS.join(', ')}`);
    fromFlag = p;
  }
  const implied = new Set(resources.flatMap((r) => (r.protocol ? [r.protocol] : [])));
  for (const p of implied) {
    if (fromFlag && p !== fromFlag) {
      const r = resources.find((x) => x.protocol === p)!;
      throw new Error(`resource type ${r.resourceType} is a ${p} resource, but --protocol is ${fromFlag}`);
    }
  }
  if (fromFlag) return fromFlag;
  if (implied.size > 1) throw new Error(`the --resource values mix ${[...implied].join(' and ')} resources; one protocol per command`);
  if (implied.size === 1) return [...implied][0]!;
  return configProtocol(config);
}

/** Like commandProtocol, but a protocol is required. */
export function requireProtocol(flag: unknown, resources: readonly ResourceArg[], config: Config | null): AclProtocol {
  const p = commandProtocol(flag, resources, config);
  if (!p) throw new Error(`which protocol? give --protocol ${ACL_PROTOCOLS.join('|')}`);
  return p;
}

/** The entries of the store (a file, or the config's etcd store). */
export async function loadAclIndex(store: StoreFile): Promise<AclIndex> {
  if (!store.etcd) return (await loadAclFile(store.path)).index;
  const doc = new EtcdDocumentStore(store.etcd, { oneShot: true });
  try {
    const text = await doc.read();
    return text === null ? new AclIndex() : AclIndex.from(parseAclStore(text, doc.where));
  } finally {
    await doc.close();
  }
}

/**
 * Changes the store without losing a concurrent change (the gateway's CreateAcls, another CLI):
 * under the lock beside the file, `change` gets the entries as they are now and says whether it
 * changed anything; only then is the file written.
 */
export async function updateAclIndex<T>(store: StoreFile, change: (index: AclIndex) => { result: T; changed: boolean }): Promise<T> {
  if (!store.etcd) return (await updateAclFile(store.path, change)).result;
  const doc = new EtcdDocumentStore(store.etcd, { oneShot: true });
  try {
    return await doc.update(async (text) => {
      const index = text === null ? new AclIndex() : AclIndex.from(parseAclStore(text, doc.where));
      const { result, changed } = change(index);
      return { text: changed ? formatAclStore(index.tagged()) : null, result };
    });
  } finally {
    await doc.close();
  }
}

/** One entry on one line: Fluss list_acl form (flink: the same with `<type>:<name>`), or Kafka's pattern + access control entry. */
export function entryLine(protocol: AclProtocol, e: AclEntry): string {
  return formatAclLine(protocol, e);
}
