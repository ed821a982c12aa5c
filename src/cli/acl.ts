/**
 * `streamward acl ...`: manage the ACL store file the gateway enforces (the same file the
 * gateway serves to Fluss CREATE_ACLS/LIST_ACLS/DROP_ACLS and Kafka CreateAcls/DescribeAcls/
 * DeleteAcls). A running gateway reloads it when it changes.
 */
import { aclAddCommand, aclRemoveCommand } from './acl-change.js';
import { aclExplainCommand } from './acl-explain.js';
import { aclListCommand } from './acl-list.js';
import { aclImportRbacCommand } from './acl-rbac.js';
import { ACL_COMMON_OPTIONS } from './acl-store.js';
import { commandGroup } from './users-acl-group.js';
import { aclStoreFile } from './acl-store.js';
import { exportCommand, importCommand } from './store-transfer.js';
import { parseAclStore } from '../acl/store-schema.js';

const aclStoreKind = { what: 'ACL store', resolve: aclStoreFile, validate: (text: string, where: string) => (text.trim() === '' ? 0 : parseAclStore(text, where).length) };

export const aclCommand = commandGroup({
  name: 'acl',
  summary: 'List, add, remove and explain ACL entries in the ACL store.',
  description:
    'Works on the ACL store named by a gateway config (-c: acls.store, or acls.etcd: the store on\n' +
    'etcd shared by every replica) or given directly (--file). export/import move a store between\n' +
    'a file and etcd.\n' +
    'Entries belong to one protocol (--protocol fluss|kafka|flink, or implied by --resource: table:/\n' +
    'database: are fluss, topic:/group:/transactional-id: kafka, job: flink (the HTTP listener for\n' +
    "Flink's REST API), or by a config whose clusters speak one protocol, http counting as flink).\n" +
    'Writes are atomic; a running gateway reloads the file. Exit status: 0 done, 1 failed or\n' +
    'invalid value (nothing written), 2 usage error.',
  common: ACL_COMMON_OPTIONS,
  subcommands: [aclAddCommand, aclRemoveCommand, aclListCommand, aclExplainCommand, aclImportRbacCommand, exportCommand(aclStoreKind), importCommand(aclStoreKind)],
});
