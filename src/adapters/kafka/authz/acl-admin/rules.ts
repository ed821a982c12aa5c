/**
 * DescribeAcls (29), CreateAcls (30) and DeleteAcls (31), answered by the gateway from the
 * Authorizer's ACL store (the backend has no authorizer; nothing is forwarded).
 * DescribeAcls needs DESCRIBE on CLUSTER (top-level 31), Create/DeleteAcls need ALTER on CLUSTER
 * (every result 31), enforced even on a shadow-mode listener: they change the ACL store every
 * listener shares, and shadow mode relaxes data-plane decisions only. Requests a broker could
 * not parse close the connection; invalid creations and filters get per-item INVALID_REQUEST (42) with the broker's message; a failure to persist
 * the change answers UNKNOWN_SERVER_ERROR (-1) and leaves the ACLs as they were.
 */
import { matchesFilter, type KafkaAclFilter } from '../../../../acl/filters.js';
import { kafkaEntryToWire, kafkaFilterFromWire } from '../../../../acl/wire.js';
import type { AclEntry } from '../../../../acl/types.js';
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { clusterCheck, E, type ApiRule } from '../rule.js';
import { bindingWire, creationEntry, creationParseFailure, filterParseFailure, filterWire } from './wire.js';

const UNKNOWN_SERVER_ERROR = -1;
const DENIED = errorMessage(E.CLUSTER_AUTH);

function describeAcls(call: Call): Verdict {
  const body = call.body();
  const failure = filterParseFailure([body], call.version);
  if (failure) return call.close(failure);
  if (!call.allowCluster('DESCRIBE')) return call.respond(call.response({ ErrorCode: E.CLUSTER_AUTH, ErrorMessage: DENIED }));
  let filter: KafkaAclFilter | null = null;
  try {
    filter = kafkaFilterFromWire(filterWire(body, call.version));
  } catch {
    filter = null; // a code outside the enums matches nothing, as on the broker
  }
  const index = call.authorizer.options.acls.current();
  const found = filter ? index.entries('kafka').filter((e) => matchesFilter(filter as KafkaAclFilter, e)) : [];
  const groups = new Map<string, AclEntry[]>();
  for (const e of found) {
    const k = JSON.stringify([e.resourceType, e.resourceName, e.patternType]);
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const resources = [...groups.values()].map((list) => {
    const w = kafkaEntryToWire(list[0]);
    return call.responseEntry(['Resources'], {
      ResourceType: w.resourceType,
      ResourceName: w.resourceName,
      PatternType: w.patternType,
      Acls: list.map((e) => {
        const x = kafkaEntryToWire(e);
        return call.responseEntry(['Resources', 'Acls'], { Principal: x.principal, Host: x.host, Operation: x.operation, PermissionType: x.permissionType });
      }),
    });
  });
  return call.respond(call.response({ Resources: resources }));
}

async function createAcls(call: Call): Promise<Verdict> {
  const creations = items(call.body(), 'Creations');
  const failure = creationParseFailure(creations, call.version);
  if (failure) return call.close(failure);
  const result = (code: number, message: string | null) => call.responseEntry(['Results'], { ErrorCode: code, ErrorMessage: message });
  if (!call.allowClusterEnforced('ALTER')) return call.respond(call.response({ Results: creations.map(() => result(E.CLUSTER_AUTH, DENIED)) }));
  const checked = creations.map((c) => creationEntry(bindingWire(c, call.version)));
  for (const c of checked) if ('problem' in c) call.ctx.log.warn({ err: 'SW_ERR_MALFORMED_REQUEST', principal: call.ctx.principal, detail: c.problem }, 'CreateAcls: invalid ACL refused');
  try {
    await call.authorizer.mutate((index) => {
      for (const c of checked) if ('entry' in c) index.add('kafka', c.entry);
    });
  } catch (e) {
    call.ctx.log.error({ err: 'SW_ERR_INTERNAL', detail: (e as Error).message }, 'CreateAcls: the ACL change could not be saved');
    return call.respond(call.response({ Results: creations.map(() => result(UNKNOWN_SERVER_ERROR, 'Unknown error while trying to create ACL')) }));
  }
  for (const c of checked) if ('entry' in c) call.ctx.log.info({ principal: call.ctx.principal, acl: c.entry }, 'ACL created');
  return call.respond(call.response({ Results: checked.map((c) => ('entry' in c ? result(0, null) : result(E.INVALID_REQUEST, c.problem))) }));
}

async function deleteAcls(call: Call): Promise<Verdict> {
  const filters = items(call.body(), 'Filters');
  const failure = filterParseFailure(filters, call.version);
  if (failure) return call.close(failure);
  const result = (code: number, message: string | null, matching: Msg[] = []) => call.responseEntry(['FilterResults'], { ErrorCode: code, ErrorMessage: message, MatchingAcls: matching });
  if (!call.allowClusterEnforced('ALTER')) return call.respond(call.response({ FilterResults: filters.map(() => result(E.CLUSTER_AUTH, DENIED)) }));
  const parsed = filters.map((f): { filter: KafkaAclFilter } | { problem: string } => {
    try {
      return { filter: kafkaFilterFromWire(filterWire(f, call.version)) };
    } catch (e) {
      return { problem: (e as Error).message };
    }
  });
  const valid = parsed.flatMap((p) => ('filter' in p ? [p.filter] : []));
  for (const p of parsed) if ('problem' in p) call.ctx.log.warn({ err: 'SW_ERR_MALFORMED_REQUEST', principal: call.ctx.principal, detail: p.problem }, 'DeleteAcls: invalid filter refused');
  let removed: AclEntry[][];
  try {
    removed = await call.authorizer.mutate((index) => index.removeMatchingAll(valid));
  } catch (e) {
    call.ctx.log.error({ err: 'SW_ERR_INTERNAL', detail: (e as Error).message }, 'DeleteAcls: the ACL change could not be saved');
    return call.respond(call.response({ FilterResults: filters.map(() => result(UNKNOWN_SERVER_ERROR, 'Unknown error while trying to delete ACLs')) }));
  }
  let next = 0;
  const results = parsed.map((p) => {
    if (!('filter' in p)) return result(E.INVALID_REQUEST, p.problem);
    const gone = removed[next++];
    for (const e of gone) call.ctx.log.info({ principal: call.ctx.principal, acl: e }, 'ACL deleted');
    return result(
      0,
      null,
      gone.map((e) => {
        const w = kafkaEntryToWire(e);
        return call.responseEntry(['FilterResults', 'MatchingAcls'], {
          ResourceType: w.resourceType,
          ResourceName: w.resourceName,
          PatternType: w.patternType,
          Principal: w.principal,
          Host: w.host,
          Operation: w.operation,
          PermissionType: w.permissionType,
        });
      }),
    );
  });
  return call.respond(call.response({ FilterResults: results }));
}

export const ACL_ADMIN_RULES: readonly ApiRule[] = [
  { key: 29, checks: [clusterCheck('DESCRIBE', 'REJECT')], handle: describeAcls, note: 'answered by the gateway' },
  { key: 30, checks: [clusterCheck('ALTER', 'REJECT')], handle: createAcls, note: 'answered by the gateway' },
  { key: 31, checks: [clusterCheck('ALTER', 'REJECT')], handle: deleteAcls, note: 'answered by the gateway' },
];
