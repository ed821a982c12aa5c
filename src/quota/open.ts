/**
 * Where the client quotas altered over the wire are kept: beside the ACLs, so a gateway needs no
 * new setting and replicas that share their ACLs share their quotas too.
 *
 *   acls.etcd   the key `<acls.etcd.prefix>/quotas/document` on the same etcd
 *   acls.store  the file `<name>.quotas.yaml` beside the ACL file (acls.yaml -> acls.quotas.yaml)
 *   neither     memory: alterations last until the gateway stops
 */
import { basename, dirname, extname, join } from 'node:path';
import type { Config } from '../config/types.js';
import type { DocumentStore } from '../store/document.js';
import { EtcdDocumentStore } from '../store/etcd-document.js';
import { FileDocumentStore, MemoryDocumentStore } from '../store/file-document.js';

/** The quota file beside an ACL file. */
export function quotaFileFor(aclFile: string): string {
  const ext = extname(aclFile);
  return join(dirname(aclFile), `${basename(aclFile, ext)}.quotas.yaml`);
}

export function quotaDocumentFor(acls: Config['acls'], timing: { pollMs?: number } = {}): DocumentStore {
  if (acls.etcd) return new EtcdDocumentStore({ ...acls.etcd, prefix: `${acls.etcd.prefix.replace(/\/+$/, '')}/quotas` }, { pollMs: timing.pollMs });
  if (acls.store) return new FileDocumentStore(quotaFileFor(acls.store), { pollMs: timing.pollMs });
  return new MemoryDocumentStore();
}
