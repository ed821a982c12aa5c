/**
 * Classic group protocol and group admin:
 * JoinGroup (11), Heartbeat (12), LeaveGroup (13), SyncGroup (14): READ on GROUP(GroupId), else
 * the api's own error answer with 30 (JoinGroup: generation -1, empty leader/member, protocol
 * name "" before v7 and null from v7; SyncGroup: empty assignment, after the v5+ check that
 * protocol type and name are present, which answers 23 first).
 * FindCoordinator (10): per key, GROUP keys DESCRIBE on GROUP (30), TRANSACTION keys DESCRIBE on
 * TRANSACTIONAL_ID (53), SHARE keys (v6+) CLUSTER_ACTION on CLUSTER (whole request 31; before
 * v6 a SHARE key is 42). v0-3 answer the whole request (node -1, host "", port -1, the error's
 * standard message); v4+ is ITEM per coordinator key.
 * DescribeGroups (15) DESCRIBE per group (ITEM 30; bitfields recomputed when asked),
 * ListGroups (16) FILTER (DESCRIBE on CLUSTER shows all, else DESCRIBE per group),
 * DeleteGroups (42) DELETE per group (ITEM 30).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, items, num, str, strings, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { clusterCheck, CLUSTER, E, groupCheck, txnCheck, type ApiRule } from '../rule.js';

const INCONSISTENT_GROUP_PROTOCOL = 23;

function groupGate(call: Call, reject: (code: number) => Msg): Verdict {
  const group = str(call.body(), 'GroupId') ?? '';
  return call.allow('READ', 'GROUP', group) ? call.forward(null) : call.respond(reject(E.GROUP_AUTH));
}

function joinGroup(call: Call): Verdict {
  return groupGate(call, (code) => call.response({ ErrorCode: code, GenerationId: -1, ProtocolName: call.version >= 7 ? null : '', Leader: '', MemberId: '', Members: [] }));
}

function syncGroup(call: Call): Verdict {
  const body = call.body();
  if (call.version >= 5 && (str(body, 'ProtocolType') === null || str(body, 'ProtocolName') === null)) {
    return call.respond(call.response({ ErrorCode: INCONSISTENT_GROUP_PROTOCOL }));
  }
  return groupGate(call, (code) => call.response({ ErrorCode: code, Assignment: Buffer.alloc(0) }));
}

function coordinatorDenial(call: Call, keyType: number, key: string): number {
  if (keyType === 0) return call.allow('DESCRIBE', 'GROUP', key) ? 0 : E.GROUP_AUTH;
  if (keyType === 1) return call.allow('DESCRIBE', 'TRANSACTIONAL_ID', key) ? 0 : E.TXN_AUTH;
  return 0;
}

function findCoordinator(call: Call): Verdict {
  const body = call.body();
  const keyType = call.version >= 1 ? num(body, 'KeyType') : 0;
  const keys = call.version >= 4 ? strings(body, 'CoordinatorKeys') : [str(body, 'Key') ?? ''];
  const failAll = (code: number): Verdict => {
    if (call.version < 4) return call.respond(call.response({ ErrorCode: code, ErrorMessage: errorMessage(code) }));
    return call.respond(call.response({ Coordinators: keys.map((k) => call.responseEntry(['Coordinators'], { Key: k, ErrorCode: code, ErrorMessage: errorMessage(code) })) }));
  };
  if (keyType === 2) {
    if (call.version < 6) return failAll(E.INVALID_REQUEST);
    return call.allowCluster('CLUSTER_ACTION') ? call.forward(null) : failAll(E.CLUSTER_AUTH);
  }
  if (call.version < 4) {
    const code = coordinatorDenial(call, keyType, keys[0]);
    return code === 0 ? call.forward(null) : failAll(code);
  }
  const denied = keys.map((k) => ({ k, code: coordinatorDenial(call, keyType, k) })).filter((d) => d.code !== 0);
  if (denied.length === 0) return call.forward(null);
  const entries = denied.map((d) => call.responseEntry(['Coordinators'], { Key: d.k, ErrorCode: d.code }));
  const kept = keys.filter((k) => !denied.some((d) => d.k === k));
  if (kept.length === 0) return call.respond(call.response({ Coordinators: entries }));
  return call.forward({ ...body, CoordinatorKeys: kept }, (resp) => {
    resp.Coordinators = [...items(resp, 'Coordinators'), ...entries];
  });
}

/** Shared shape of DescribeGroups/DeleteGroups: a string list of groups, results keyed by GroupId. */
function perGroup(call: Call, reqField: string, respField: string, operation: string, entry: (g: string) => Msg, edit?: (resp: Msg) => void): Verdict {
  const groups = strings(call.body(), reqField);
  const kept = groups.filter((g) => call.allow(operation, 'GROUP', g));
  const deniedEntries = groups.filter((g) => !kept.includes(g)).map(entry);
  if (deniedEntries.length === 0) return call.forward(null, edit);
  if (kept.length === 0) return call.respond(call.response({ [respField]: deniedEntries }));
  return call.forward({ ...call.body(), [reqField]: kept }, (resp) => {
    edit?.(resp);
    resp[respField] = [...items(resp, respField), ...deniedEntries];
  });
}

function describeGroups(call: Call): Verdict {
  const bits = call.version >= 3 && bool(call.body(), 'IncludeAuthorizedOperations');
  const edit = bits
    ? (resp: Msg) => {
        for (const g of items(resp, 'Groups')) if (num(g, 'ErrorCode') === 0) g.AuthorizedOperations = call.operationBits('GROUP', str(g, 'GroupId') ?? '');
      }
    : undefined;
  return perGroup(call, 'Groups', 'Groups', 'DESCRIBE', (g) => call.responseEntry(['Groups'], { GroupId: g, ErrorCode: E.GROUP_AUTH }), edit);
}

function listGroups(call: Call): Verdict {
  return call.forward(null, (resp) => {
    if (call.visible('DESCRIBE', 'CLUSTER', CLUSTER)) return;
    resp.Groups = items(resp, 'Groups').filter((g) => call.visible('DESCRIBE', 'GROUP', str(g, 'GroupId') ?? ''));
  });
}

export const GROUP_RULES: readonly ApiRule[] = [
  { key: 11, checks: [groupCheck('READ', 'GroupId', 'REJECT')], handle: joinGroup },
  { key: 12, checks: [groupCheck('READ', 'GroupId', 'REJECT')], handle: (c) => groupGate(c, (code) => c.response({ ErrorCode: code })) },
  { key: 13, checks: [groupCheck('READ', 'GroupId', 'REJECT')], handle: (c) => groupGate(c, (code) => c.response({ ErrorCode: code, Members: [] })) },
  { key: 14, checks: [groupCheck('READ', 'GroupId', 'REJECT')], handle: syncGroup },
  {
    key: 10,
    checks: [
      groupCheck('DESCRIBE', 'Key | CoordinatorKeys[] (KeyType 0)', 'ITEM'),
      txnCheck('DESCRIBE', 'Key | CoordinatorKeys[] (KeyType 1)', 'ITEM'),
      clusterCheck('CLUSTER_ACTION', 'REJECT', E.CLUSTER_AUTH, 'KeyType 2 (share), v6+'),
    ],
    handle: findCoordinator,
  },
  { key: 15, checks: [groupCheck('DESCRIBE', 'Groups[]', 'ITEM')], handle: describeGroups },
  {
    key: 16,
    checks: [clusterCheck('DESCRIBE', 'NONE', undefined, 'shows every group'), groupCheck('DESCRIBE', 'each listed group', 'FILTER')],
    handle: listGroups,
  },
  {
    key: 42,
    checks: [groupCheck('DELETE', 'GroupsNames[]', 'ITEM')],
    handle: (c) => perGroup(c, 'GroupsNames', 'Results', 'DELETE', (g) => c.responseEntry(['Results'], { GroupId: g, ErrorCode: E.GROUP_AUTH })),
  },
];
