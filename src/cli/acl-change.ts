/**
 * `streamward acl add` and `streamward acl remove`: change the ACL store file. Every value is
 * checked before the file is read; the file is re-read and rewritten atomically under the
 * store's lock (no lost update with a running gateway), and only when something changed. A running gateway reloads the file by itself.
 */
import type { AclEntry } from '../acl/types.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command, type ParsedArgs } from './command.js';
import { parseResourceArg, type ResourceArg } from './acl-args.js';
import { entriesFromArgs, entryOptions, filtersFromArgs } from './acl-entries.js';
import { aclStoreFile, entryLine, requireProtocol, updateAclIndex } from './acl-store.js';
import { stringList } from './users-acl-group.js';

function required(args: ParsedArgs, name: string): void {
  if (stringList(args.values[name]).length === 0) throw new UsageError(`missing required option --${name}`);
}

function resourcesOf(args: ParsedArgs, typeOnly: boolean): ResourceArg[] {
  return stringList(args.values.resource).map((r) => parseResourceArg(r, typeOnly));
}

export const aclAddCommand: Command = {
  name: 'add',
  summary: 'Add ACL entries (every combination of the repeated flags).',
  synopsis: '--principal <Type:Name> --operation <op> --resource <resource> [--pattern LITERAL|PREFIXED] [--host <ip>] [--permission ALLOW|DENY]',
  description:
    'Examples:\n' +
    '  streamward acl add -c gw.yaml --principal User:marketing --operation ALL --resource database:marketing_db\n' +
    '  streamward acl add --file acls.yaml --principal User:bob --operation READ --resource topic:orders- --pattern PREFIXED',
  options: entryOptions('add'),
  async run(args, io) {
    for (const name of ['principal', 'operation', 'resource']) required(args, name);
    const store = await aclStoreFile(args, io);
    if (!store) return EXIT_FAILED;
    const resources = resourcesOf(args, false);
    const protocol = requireProtocol(args.values.protocol, resources, store.config);
    const entries = entriesFromArgs(args, protocol, resources);
    const lines = await updateAclIndex(store, (index) => {
      const out: string[] = [];
      let added = 0;
      for (const e of entries) {
        const isNew = index.add(protocol, e);
        if (isNew) added++;
        out.push(`${isNew ? 'added' : 'already present'}: ${entryLine(protocol, e)}`);
      }
      return { result: out, changed: added > 0 };
    });
    io.stdout.write(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};

export const aclRemoveCommand: Command = {
  name: 'remove',
  summary: 'Remove the ACL entries matching the flags (omitted flags match anything; --resource is required).',
  synopsis: '--resource <resource> [--principal <Type:Name>] [--operation <op>] [--pattern <type>] [--host <ip>] [--permission ALLOW|DENY]',
  description: 'A bare type (--resource topic) matches every name of that type. On kafka --pattern defaults to\n' + 'LITERAL, as in kafka-acls --remove. Fails (exit 1) when nothing matches.',
  options: entryOptions('filter'),
  async run(args, io) {
    required(args, 'resource');
    const store = await aclStoreFile(args, io);
    if (!store) return EXIT_FAILED;
    const resources = resourcesOf(args, true);
    const protocol = requireProtocol(args.values.protocol, resources, store.config);
    const filters = filtersFromArgs(args, protocol, resources, 'LITERAL');
    const removed = await updateAclIndex(store, (index) => {
      const found = new Set<AclEntry>(index.removeMatchingAll(filters).flat());
      return { result: found, changed: found.size > 0 };
    });
    if (removed.size === 0) throw new Error('no ACL entry matches; nothing removed');
    io.stdout.write([...removed].map((e) => `removed: ${entryLine(protocol, e)}\n`).join(''));
    return EXIT_OK;
  },
};
