/**
 * CREATE_ACLS (1039), LIST_ACLS (1040), DROP_ACLS (1041), answered by the gateway from its own
 * ACL store (the unsecured backend answers 47 "No Authorizer is configured."), the way Fluss's
 * DefaultAuthorizer does:
 * - create: ALL on every target resource (a TABLE's rights are managed on its DATABASE), checked
 *   for all bindings before anything changes; one denial fails the request (48). Results echo
 *   each binding in request order with error_code 0, or the binding's own error.
 * - list:   every entry matching the filter on a resource the principal may DESCRIBE.
 * - drop:   ALL on every resource that has entries and matches a filter's resource part; results
 *   by filter position, an entry listed under the first filter that matched it.
 * Changes are serialized per authorizer (check, change and persist run one at a time), and the
 * admin checks are enforced even in shadow mode (access.ts).
 */
import { encodeMessage, type Input } from '../../../protocol/fluss/proto-message.js';
import { errorResponseFrame } from '../../../protocol/fluss/error-response.js';
import { FlussError } from '../../../protocol/fluss/error-codes.js';
import { CreateAclsRequest, CreateAclsResponse, ListAclsRequest, ListAclsResponse, DropAclsRequest, DropAclsResponse, PbDropAclsFilterResult } from '../../../protocol/fluss/messages/acl.js';
import { flussAclAdminResource } from '../../../acl/decide-fluss.js';
import { matchesFilter } from '../../../acl/filters.js';
import { deny, respond, respondOk, type AuthzCall } from './call.js';
import { bindingEntry, bindingResource, entryToPb, filterFromPb, resourcePart, unknownCodeText } from './acl-wire.js';
import type { Authorizer } from '../../authz.js';
import type { AclEntry } from '../../../acl/types.js';
import type { Verdict } from '../../../proxy/protocol.js';

const queues = new WeakMap<Authorizer, Promise<unknown>>();

/** Runs `fn` after every earlier ACL change of this authorizer has finished. */
function serialized<T>(authorizer: Authorizer, fn: () => Promise<T>): Promise<T> {
  const run = (queues.get(authorizer) ?? Promise.resolve()).then(fn, fn);
  queues.set(
    authorizer,
    run.catch(() => undefined),
  );
  return run;
}

function adminResource(type: string, name: string): [string, string] {
  try {
    return flussAclAdminResource(type, name);
  } catch {
    return [type, name];
  }
}

/** ALL on the admin resource of every (type, name); the denial verdict for the first refused. */
function authorizeAdmin(c: AuthzCall, resources: Iterable<[string, string]>): Verdict | null {
  const seen = new Set<string>();
  for (const [type, name] of resources) {
    const [rt, rn] = adminResource(type, name);
    const key = `${rt}\u0000${rn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (!c.access.allowStrict(c.info.api, 'ALL', rt, rn)) return deny(c, rt, rn, 'ALL');
  }
  return null;
}

function unknownServerError(c: AuthzCall, text: string): Verdict {
  c.access.ctx.log.warn({ err: 'SW_ERR_MALFORMED_REQUEST', api: c.info.api, detail: text }, 'ACL request refused');
  return respond(c.info, errorResponseFrame(c.info.id, FlussError.UNKNOWN_SERVER_ERROR, text));
}

function failedChange(c: AuthzCall, e: unknown): string {
  const text = `Failed to update ACLs: ${(e as Error).message}`;
  c.access.ctx.log.error({ err: 'SW_ERR_INTERNAL', api: c.info.api, detail: (e as Error).message }, 'ACL change failed');
  return text;
}

export function createAcls(c: AuthzCall): Promise<Verdict> | Verdict {
  const req = c.request.decoded(CreateAclsRequest);
  for (const pb of req.acl) {
    const bad = unknownCodeText(pb);
    if (bad) return unknownServerError(c, bad);
  }
  const authorizer = c.access.authorizer;
  return serialized(authorizer, async () => {
    const denied = authorizeAdmin(
      c,
      req.acl.map((pb) => {
        const r = bindingResource(pb);
        return [r.type, r.name] as [string, string];
      }),
    );
    if (denied) return denied;
    const results: Array<{ code: number; message?: string }> = [];
    const valid: AclEntry[] = [];
    for (const pb of req.acl) {
      const b = bindingEntry(pb);
      if ('problem' in b) {
        c.access.ctx.log.warn({ err: 'SW_ERR_MALFORMED_REQUEST', api: c.info.api, detail: b.problem }, 'ACL binding refused');
        results.push({ code: FlussError.UNKNOWN_SERVER_ERROR, message: b.problem });
      } else {
        results.push({ code: FlussError.NONE });
        valid.push(b.entry);
      }
    }
    if (valid.length > 0) {
      try {
        await authorizer.mutate((index) => {
          for (const e of valid) index.add('fluss', e);
        });
      } catch (e) {
        const message = failedChange(c, e);
        for (const r of results) if (r.code === FlussError.NONE) Object.assign(r, { code: FlussError.UNKNOWN_SERVER_ERROR, message });
      }
    }
    const aclRes = req.acl.map((acl, i) => ({ acl, error_code: results[i].code, error_message: results[i].message }));
    return respondOk(c.info, encodeMessage(CreateAclsResponse, { aclRes }));
  });
}

export function listAcls(c: AuthzCall): Verdict {
  const pb = c.request.decoded(ListAclsRequest).acl_filter;
  const bad = unknownCodeText(pb);
  if (bad) return unknownServerError(c, bad);
  const filter = filterFromPb(pb);
  const entries = c.access.authorizer.options.acls
    .current()
    .match(filter)
    .filter((e) => c.access.visible('DESCRIBE', e.resourceType, e.resourceName));
  return respondOk(c.info, encodeMessage(ListAclsResponse, { acl: entries.map(entryToPb) }));
}

export function dropAcls(c: AuthzCall): Promise<Verdict> | Verdict {
  const pbs = c.request.decoded(DropAclsRequest).acl_filter;
  for (const pb of pbs) {
    const bad = unknownCodeText(pb);
    if (bad) return unknownServerError(c, bad);
  }
  const filters = pbs.map(filterFromPb);
  const authorizer = c.access.authorizer;
  return serialized(authorizer, async () => {
    const resources = new Map<string, [string, string]>();
    for (const e of authorizer.options.acls.current().entries('fluss')) {
      if (filters.some((f) => matchesFilter(resourcePart(f), e))) resources.set(`${e.resourceType}\u0000${e.resourceName}`, [e.resourceType, e.resourceName]);
    }
    const denied = authorizeAdmin(c, resources.values());
    if (denied) return denied;
    let filter_results: Array<Input<typeof PbDropAclsFilterResult>>;
    try {
      const removed = await authorizer.mutate((index) => index.removeMatchingAll(filters));
      filter_results = removed.map((list) => ({ matching_acls: list.map((e) => ({ acl: entryToPb(e) })) }));
    } catch (e) {
      const message = failedChange(c, e);
      filter_results = filters.map(() => ({ error_code: FlussError.UNKNOWN_SERVER_ERROR, error_message: message }));
    }
    return respondOk(c.info, encodeMessage(DropAclsResponse, { filter_results }));
  });
}
