/**
 * `streamward acl import-rbac <policy.json> <scopes.json>`: compiles a Fluvio-style role
 * policy (role → object type → actions) and scope bindings (principal → roles, or role →
 * principals) into ALLOW entries for one protocol (the mapping is in src/acl/rbac.ts) and adds
 * them to the store in one atomic write. Warnings (object types or roles that produce nothing)
 * go to stderr.
 */
import { compileRbac, type RbacOptions } from '../acl/rbac.js';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from './command.js';
import { parseHostArg } from './acl-args.js';
import { aclStoreFile, entryLine, requireProtocol, updateAclIndex } from './acl-store.js';
import { optionalString } from './users-acl-group.js';
import { readInputFile } from './users-acl-files.js';

const SCOPES_FORMATS = ['principal-roles', 'role-principals'] as const;

function scopesFormat(value: string | undefined): RbacOptions['scopesFormat'] {
  if (value === undefined) return 'principal-roles';
  const found = SCOPES_FORMATS.find((f) => f === value.toLowerCase());
  if (!found) throw new Error(`--scopes-format "${value}": one of ${SCOPES_FORMATS.join(', ')}`);
  return found;
}

export const aclImportRbacCommand: Command = {
  name: 'import-rbac',
  summary: 'Compile a Fluvio-style RBAC policy and scopes file into ACL entries and add them.',
  synopsis: '<policy.json> <scopes.json> [--scopes-format principal-roles|role-principals] [--host <ip>] [--dry-run]',
  description:
    'policy.json: { "<Role>": { "<ObjectType>": ["Read", "Update:orders", ...] } }\n' +
    'scopes.json: { "<principal>": ["<Role>", ...] }  (or role-principals: { "<Role>": ["<principal>", ...] })\n' +
    'Object types Topic/Partition become kafka topics or fluss tables, Database fluss databases,\n' +
    'Group kafka groups, Cluster/Spu the cluster; actions Create/Read/Update/Delete/All.',
  positionals: true,
  options: {
    'scopes-format': { type: 'string', value: '<format>', help: 'principal-roles (Fluvio, default) or role-principals' },
    host: { type: 'string', value: '<ip>', help: 'host of every generated entry (default: *)' },
    'dry-run': { type: 'boolean', help: 'print the entries, write nothing' },
  },
  async run(args, io) {
    if (args.positionals.length !== 2) throw new UsageError('import-rbac takes two files: <policy.json> <scopes.json>');
    const [policyPath, scopesPath] = args.positionals as [string, string];
    const store = await aclStoreFile(args, io);
    if (!store) return EXIT_FAILED;
    const protocol = requireProtocol(args.values.protocol, [], store.config);
    const format = scopesFormat(optionalString(args.values['scopes-format']));
    const hostText = optionalString(args.values.host);
    const host = hostText === undefined ? '*' : parseHostArg(hostText);
    const policy = await readInputFile(policyPath, 'policy file');
    const scopes = await readInputFile(scopesPath, 'scopes file');
    const { entries, warnings } = compileRbac(policy, scopes, { protocol, scopesFormat: format, host });
    for (const w of warnings) io.stderr.write(`warning: ${w}\n`);
    const dryRun = Boolean(args.values['dry-run']);
    const { added, lines } = await updateAclIndex(store, (index) => {
      let n = 0;
      const out: string[] = [];
      for (const e of entries) {
        const isNew = index.add(protocol, e);
        if (isNew) n++;
        out.push(`${isNew ? (dryRun ? 'would add' : 'added') : 'already present'}: ${entryLine(protocol, e)}`);
      }
      return { result: { added: n, lines: out }, changed: n > 0 && !dryRun };
    });
    if (lines.length > 0) io.stdout.write(`${lines.join('\n')}\n`);
    io.stdout.write(`${entries.length} entries from the policy, ${added} new${args.values['dry-run'] ? ' (dry run: nothing written)' : ''}\n`);
    return EXIT_OK;
  },
};
