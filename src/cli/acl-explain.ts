/**
 * `streamward acl explain`: what the gateway would decide for one request, and why: the entry
 * that decided it, super user, or the default (deny, or allowIfNoAcl on kafka). With -c the
 * config's principals.superUsers and acls.allowIfNoAcl apply; --super-user and
 * --allow-if-no-acl add to them (for --file).
 */
import { explain } from '../acl/explain.js';
import type { AccessRequest, DecideOptions } from '../acl/types.js';
import { EXIT_FAILED, EXIT_OK, requireString, type Command } from './command.js';
import { parseHostArg, parseOperationArg, parsePrincipalArg, parseResourceArg, resourceNameFor } from './acl-args.js';
import { aclStoreFile, loadAclIndex, requireProtocol } from './acl-store.js';
import { optionalString, stringList } from './users-acl-group.js';

export const aclExplainCommand: Command = {
  name: 'explain',
  summary: 'Show the decision for one request and the entry that decided it (or "default deny").',
  synopsis: '--principal <Type:Name> --operation <op> --resource <resource> [--host <ip>]',
  description:
    'Without --host the client address is unknown: entries limited to one host do not apply.\n' +
    'Example: streamward acl explain -c gw.yaml --principal User:developer --operation WRITE --resource table:fluss.fluss_order',
  options: {
    principal: { type: 'string', value: '<Type:Name>', help: 'who asks, e.g. User:alice' },
    operation: { type: 'string', value: '<op>', help: 'what they ask to do, e.g. READ' },
    resource: { type: 'string', value: '<resource>', help: 'on what: table:<db>.<t>, database:<db>, cluster, topic:<n>, group:<n>, ...' },
    host: { type: 'string', value: '<ip>', help: 'the client IP address' },
    'super-user': { type: 'string', multiple: true, value: '<Type:Name>', help: 'treat as a super user (in addition to the config)' },
    'allow-if-no-acl': { type: 'boolean', help: 'kafka: allow when no ACL exists on the resource (as acls.allowIfNoAcl)' },
  },
  async run(args, io) {
    const principalText = requireString(args, 'principal', '--principal');
    const operationText = requireString(args, 'operation', '--operation');
    const resourceText = requireString(args, 'resource', '--resource');
    const store = await aclStoreFile(args, io);
    if (!store) return EXIT_FAILED;
    const resource = parseResourceArg(resourceText);
    const protocol = requireProtocol(args.values.protocol, [resource], store.config);
    const hostText = optionalString(args.values.host);
    const request: AccessRequest = {
      protocol,
      principal: parsePrincipalArg(principalText, protocol),
      host: hostText === undefined ? '*' : parseHostArg(hostText),
      resourceType: resource.resourceType,
      resourceName: resourceNameFor(resource, protocol) as string,
      operation: parseOperationArg(operationText, protocol),
    };
    if (request.host === '*' && hostText !== undefined) throw new Error('--host names one client address; * is not one');
    const options: DecideOptions = {
      superUsers: [...(store.config?.principals.superUsers ?? []), ...stringList(args.values['super-user'])],
      allowIfNoAcl: args.values['allow-if-no-acl'] === true || (store.config?.acls.allowIfNoAcl ?? false),
    };
    const index = await loadAclIndex(store);
    if (hostText === undefined && index.entries(protocol).some((e) => e.host !== '*')) {
      io.stderr.write('note: no --host given; entries limited to one client address were not considered\n');
    }
    io.stdout.write(`${explain(index, request, options)}\n`);
    return EXIT_OK;
  },
};
