/**
 * `streamward acl list [filters]`: the stored entries, in the form each project's own tools
 * print them: Fluss as Flink's `CALL sys.list_acl` lines
 *   resource="cluster.marketing_db";permission="ALLOW";principal="User:marketing";operation="ALL";host="*"
 * Kafka as `kafka-acls --list` blocks ("Current ACLs for resource `ResourcePattern(...)`:"),
 * and Flink (HTTP listener) entries as the Fluss line with a `<type>:<name>` resource.
 * Without a protocol (no --protocol, nothing implied) all are listed: Fluss, Kafka, Flink.
 */
import { ACL_PROTOCOLS } from '../acl/codes.js';
import { formatAclLine, formatKafkaAclListing } from '../acl/format.js';
import type { AclProtocol } from '../acl/types.js';
import { EXIT_FAILED, EXIT_OK, type Command } from './command.js';
import { parseResourceArg } from './acl-args.js';
import { entryOptions, filtersFromArgs } from './acl-entries.js';
import { aclStoreFile, commandProtocol, loadAclIndex } from './acl-store.js';
import { stringList } from './users-acl-group.js';

export const aclListCommand: Command = {
  name: 'list',
  summary: "List ACL entries (Fluss list_acl lines, or kafka-acls' listing), optionally filtered.",
  synopsis: '[--principal <Type:Name>] [--operation <op>] [--resource <resource>] [--pattern <type>] [--host <ip>] [--permission <p>]',
  description:
    "Omitted filters match anything (also --host: Flink's list_acl would default it to *).\n" +
    'On kafka --pattern defaults to ANY (exact name, LITERAL or PREFIXED); MATCH lists the\n' +
    'entries that apply to the named resource.',
  options: entryOptions('filter'),
  async run(args, io) {
    const store = await aclStoreFile(args, io);
    if (!store) return EXIT_FAILED;
    const resources = stringList(args.values.resource).map((r) => parseResourceArg(r, true));
    const protocol = commandProtocol(args.values.protocol, resources, store.config);
    const protocols: AclProtocol[] = protocol ? [protocol] : [...ACL_PROTOCOLS];
    // Without a protocol, a value only one protocol knows (DENY, PREFIXED) limits the listing to it.
    const errors: Error[] = [];
    const filtersByProtocol = protocols.flatMap((p) => {
      try {
        return [[p, filtersFromArgs(args, p, resources, 'ANY')] as const];
      } catch (e) {
        errors.push(e as Error);
        return [];
      }
    });
    if (filtersByProtocol.length === 0) throw errors[0]!;
    const index = await loadAclIndex(store);
    let shown = 0;
    for (const [p, filters] of filtersByProtocol) {
      const matched = new Set(filters.flatMap((f) => index.match(f)));
      const entries = index.entries(p).filter((e) => matched.has(e)); // store order
      shown += entries.length;
      if (entries.length === 0) continue;
      io.stdout.write(p === 'kafka' ? formatKafkaAclListing(entries) : entries.map((e) => `${formatAclLine(p, e)}\n`).join(''));
    }
    if (shown === 0) io.stderr.write(`no matching ACL entries in ${store.path}\n`);
    return EXIT_OK;
  },
};
