/**
 * Topic administration, as the KRaft controller authorizes it:
 * CreateTopics (19): CREATE on CLUSTER (asked quietly) grants every name, else CREATE per topic
 * (ITEM 29, "Authorization failed."); created topics without DESCRIBE_CONFIGS get
 * TopicConfigErrorCode 29 and no configs/partition count/replication factor (v5+). Duplicate
 * names never get here (answered by the stage, duplicates.ts); __cluster_metadata is left to the
 * backend, which refuses it without checks.
 * DeleteTopics (20): DELETE on CLUSTER (quietly) grants every topic, else DESCRIBE and DELETE per
 * topic (ITEM 29); by id: unknown id 100, the name shown only with DESCRIBE. Entries naming both
 * a name and an id, or neither, are left to the backend (it refuses them).
 * CreatePartitions (37): ALTER per topic (ITEM 29), no cluster shortcut.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { buf, items, num, str, strings, ZERO_UUID, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { clusterCheck, CLUSTER, E, topicCheck, type ApiRule } from '../rule.js';

function quietCluster(call: Call, operation: string): boolean {
  return call.enforcing && call.authorizer.check(call.ctx, 'CLUSTER', CLUSTER, operation).allowed;
}

function duplicates(names: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const n of names) (seen.has(n) ? dup : seen).add(n);
  return dup;
}

/** Strip denied entries of a request array, answer them locally or merged. */
function stripAndMerge(call: Call, reqField: string, respField: string, kept: Msg[], denied: Msg[], edit?: (resp: Msg) => void): Verdict {
  if (denied.length === 0) return call.forward(null, edit);
  if (kept.length === 0) return call.respond(call.response({ [respField]: denied }));
  return call.forward({ ...call.body(), [reqField]: kept }, (resp) => {
    edit?.(resp);
    resp[respField] = [...items(resp, respField), ...denied];
  });
}

function createTopics(call: Call): Verdict {
  const topics = items(call.body(), 'Topics');
  const dup = duplicates(topics.map((t) => str(t, 'Name') ?? ''));
  const skip = (n: string) => dup.has(n) || n === '__cluster_metadata';
  const cluster = quietCluster(call, 'CREATE');
  const kept: Msg[] = [];
  const denied: Msg[] = [];
  for (const t of topics) {
    const name = str(t, 'Name') ?? '';
    if (skip(name) || cluster || call.allow('CREATE', 'TOPIC', name)) kept.push(t);
    else denied.push(call.responseEntry(['Topics'], { Name: name, ErrorCode: E.TOPIC_AUTH, ErrorMessage: 'Authorization failed.' }));
  }
  const describable = new Set(kept.map((t) => str(t, 'Name') ?? '').filter((n) => !skip(n) && call.allow('DESCRIBE_CONFIGS', 'TOPIC', n)));
  return stripAndMerge(call, 'Topics', 'Topics', kept, denied, (resp) => {
    for (const t of items(resp, 'Topics')) {
      const name = str(t, 'Name') ?? '';
      if (num(t, 'ErrorCode') !== 0) continue;
      if (call.version >= 7) call.ids.learn(buf(t, 'TopicId') ?? ZERO_UUID, name);
      else call.ids.learnName(name);
      if (call.version >= 5 && !describable.has(name)) Object.assign(t, { TopicConfigErrorCode: E.TOPIC_AUTH, NumPartitions: -1, ReplicationFactor: -1, Configs: [] });
    }
  });
}

function deleteDecision(call: Call, name: string, cluster: boolean): 'delete' | 'hidden' | 'shown' {
  if (cluster) return 'delete';
  const describe = call.allow('DESCRIBE', 'TOPIC', name);
  if (!describe) return 'hidden';
  return call.allow('DELETE', 'TOPIC', name) ? 'delete' : 'shown';
}

function deleteTopics(call: Call): Verdict {
  const body = call.body();
  const cluster = quietCluster(call, 'DELETE');
  const denied: Msg[] = [];
  const entry = (name: string | null, id: Buffer, code: number) => call.responseEntry(['Responses'], { Name: name, TopicId: id, ErrorCode: code, ErrorMessage: errorMessage(code) });
  if (call.version < 6) {
    const names = strings(body, 'TopicNames');
    const dup = duplicates(names);
    const kept = names.filter((n) => dup.has(n) || deleteDecision(call, n, cluster) === 'delete');
    for (const n of names) if (!kept.includes(n)) denied.push(entry(n, ZERO_UUID, E.TOPIC_AUTH));
    return stripAndMerge(call, 'TopicNames', 'Responses', kept as unknown as Msg[], denied, (resp) => forget(call, resp));
  }
  const kept: Msg[] = [];
  for (const t of items(body, 'Topics')) {
    const name = str(t, 'Name');
    const id = buf(t, 'TopicId') ?? ZERO_UUID;
    const byId = name === null && !id.equals(ZERO_UUID);
    const byName = name !== null && id.equals(ZERO_UUID);
    if (!byId && !byName) {
      kept.push(t);
      continue;
    }
    const resolved = byId ? call.ids.name(id) : name;
    if (resolved === null) {
      denied.push(entry(null, id, E.UNKNOWN_TOPIC_ID));
      continue;
    }
    const d = deleteDecision(call, resolved, cluster);
    if (d === 'delete') kept.push(t);
    else denied.push(entry(byId && d === 'hidden' ? null : resolved, byId ? id : ZERO_UUID, E.TOPIC_AUTH));
  }
  return stripAndMerge(call, 'Topics', 'Responses', kept, denied, (resp) => forget(call, resp));
}

function forget(call: Call, resp: Msg): void {
  for (const r of items(resp, 'Responses')) {
    const name = str(r, 'Name');
    if (name !== null && num(r, 'ErrorCode') === 0) call.ids.forget(name, call.version >= 6 ? (buf(r, 'TopicId') ?? undefined) : undefined);
  }
}

function createPartitions(call: Call): Verdict {
  const topics = items(call.body(), 'Topics');
  const dup = duplicates(topics.map((t) => str(t, 'Name') ?? ''));
  const kept = topics.filter((t) => dup.has(str(t, 'Name') ?? '') || call.allow('ALTER', 'TOPIC', str(t, 'Name') ?? ''));
  const denied = topics.filter((t) => !kept.includes(t)).map((t) => call.responseEntry(['Results'], { Name: t.Name, ErrorCode: E.TOPIC_AUTH }));
  return stripAndMerge(call, 'Topics', 'Results', kept, denied);
}

export const ADMIN_TOPIC_RULES: readonly ApiRule[] = [
  {
    key: 19,
    checks: [
      clusterCheck('CREATE', 'NONE', undefined, 'grants every topic'),
      topicCheck('CREATE', 'Topics[].Name', 'ITEM'),
      topicCheck('DESCRIBE_CONFIGS', 'Topics[].Name', 'ITEM', E.TOPIC_AUTH, 'TopicConfigErrorCode; configs withheld'),
    ],
    handle: createTopics,
  },
  {
    key: 20,
    checks: [
      clusterCheck('DELETE', 'NONE', undefined, 'grants every topic'),
      topicCheck('DESCRIBE', 'TopicNames[] | Topics[].Name/TopicId (v6+)', 'ITEM'),
      topicCheck('DELETE', 'TopicNames[] | Topics[].Name/TopicId (v6+)', 'ITEM'),
    ],
    handle: deleteTopics,
  },
  { key: 37, checks: [topicCheck('ALTER', 'Topics[].Name', 'ITEM')], handle: createPartitions },
];
