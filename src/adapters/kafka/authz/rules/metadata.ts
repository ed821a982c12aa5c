/**
 * Metadata (3), as the broker's handleTopicMetadataRequest:
 * - all topics (Topics null, or empty in v0): forwarded; the answer keeps only topics the
 *   principal may DESCRIBE (FILTER, no error).
 * - by id (v12+, non-zero ids): unknown id → 100, known without DESCRIBE → 29 with a null name.
 * - by name: without DESCRIBE → 29 (name echoed, zero id, no partitions). Names that would be
 *   auto-created need CREATE on CLUSTER (asked quietly) or CREATE on the TOPIC; for names the
 *   gateway has not seen exist lately (TopicIdMap, EXISTENCE_TTL_MS) and may not create, v4+
 *   forwards AllowAutoTopicCreation=false and turns their UNKNOWN_TOPIC_OR_PARTITION into 29;
 *   v0-3 cannot switch creation off, so the backend is asked for a listing instead, which never
 *   creates anything (metadata-probe.ts), and such names are answered from it.
 * Every answer teaches the TopicIdMap, and requested bitfields are recomputed (cluster ops need
 * DESCRIBE on CLUSTER, else 0). The gateway serves controller-bound apis (the ACL admin apis) on
 * every node, so a ControllerId that names no listed broker is pointed at a listed one, as a
 * KRaft broker does (it always names a random alive broker).
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, buf, items, list, num, str, ZERO_UUID, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { clusterCheck, CLUSTER, E, topicCheck, type ApiRule } from '../rule.js';
import { probeExistence } from './metadata-probe.js';

function learn(call: Call, topics: readonly Msg[]): void {
  for (const t of topics) {
    const name = str(t, 'Name');
    if (name === null || num(t, 'ErrorCode') !== 0) continue;
    if (call.version >= 10) call.ids.learn(buf(t, 'TopicId') ?? ZERO_UUID, name);
    else call.ids.learnName(name);
  }
}

function setBits(call: Call, body: Msg, req: Msg): void {
  if (call.version < 8) return;
  if (bool(req, 'IncludeTopicAuthorizedOperations')) {
    for (const t of items(body, 'Topics')) {
      const name = str(t, 'Name');
      if (name !== null) t.TopicAuthorizedOperations = call.operationBits('TOPIC', name);
    }
  }
  if (call.version <= 10 && bool(req, 'IncludeClusterAuthorizedOperations')) {
    body.ClusterAuthorizedOperations = call.allowCluster('DESCRIBE') ? call.operationBits('CLUSTER', CLUSTER) : 0;
  }
}

function fixController(call: Call, body: Msg): void {
  if (call.version < 1) return;
  const brokers = items(body, 'Brokers').map((b) => num(b, 'NodeId'));
  if (brokers.length > 0 && !brokers.includes(num(body, 'ControllerId'))) body.ControllerId = brokers[0];
}

function denied(call: Call, code: number, name: string | null, id: Buffer): Msg {
  return call.responseEntry(['Topics'], { ErrorCode: code, Name: name, TopicId: id, Partitions: [] });
}

function allTopics(call: Call, req: Msg): Verdict {
  return call.forward(null, (resp) => {
    learn(call, items(resp, 'Topics'));
    resp.Topics = items(resp, 'Topics').filter((t) => {
      const name = str(t, 'Name');
      return name !== null && call.visible('DESCRIBE', 'TOPIC', name);
    });
    setBits(call, resp, req);
    fixController(call, resp);
  });
}

function handleMetadata(call: Call): Verdict {
  const req = call.body();
  const topics = list(req, 'Topics');
  if (topics === null || (call.version === 0 && topics.length === 0)) return allTopics(call, req);
  if (call.version < 12 && topics.some((t) => str(t, 'Name') === null || !(buf(t, 'TopicId') ?? ZERO_UUID).equals(ZERO_UUID))) {
    return call.respond(call.response({ Topics: topics.map((t) => denied(call, E.INVALID_REQUEST, str(t, 'Name') ?? '', buf(t, 'TopicId') ?? ZERO_UUID)), ErrorCode: E.INVALID_REQUEST }));
  }
  const byId = call.version >= 12 && topics.some((t) => !(buf(t, 'TopicId') ?? ZERO_UUID).equals(ZERO_UUID));
  const autoCreate = call.version < 4 || bool(req, 'AllowAutoTopicCreation');
  const clusterCreate = autoCreate && call.enforcing && call.authorizer.check(call.ctx, 'CLUSTER', CLUSTER, 'CREATE').allowed;
  const synthesized: Msg[] = [];
  const kept: Msg[] = [];
  const noCreate = new Set<string>();
  const probe = new Set<string>();
  for (const t of topics) {
    const id = buf(t, 'TopicId') ?? ZERO_UUID;
    if (byId && id.equals(ZERO_UUID)) continue;
    const name = byId ? call.ids.name(id) : (str(t, 'Name') as string);
    if (name === null) {
      synthesized.push(denied(call, E.UNKNOWN_TOPIC_ID, null, id));
    } else if (!call.allow('DESCRIBE', 'TOPIC', name)) {
      synthesized.push(byId ? denied(call, E.TOPIC_AUTH, null, id) : denied(call, E.TOPIC_AUTH, name, ZERO_UUID));
    } else if (autoCreate && !byId && !clusterCreate && !call.ids.existsFresh(name) && !call.allow('CREATE', 'TOPIC', name)) {
      if (call.version >= 4) {
        noCreate.add(name);
        kept.push(t);
      } else if (call.ids.absentFresh(name)) {
        synthesized.push(denied(call, E.TOPIC_AUTH, name, ZERO_UUID));
      } else {
        probe.add(name);
      }
    } else {
      kept.push(t);
    }
  }
  if (probe.size > 0) return probeExistence(call, req, probe, kept, synthesized, (resp) => fixController(call, resp));
  const forwarded: Msg = { ...req, Topics: kept };
  if (noCreate.size > 0) forwarded.AllowAutoTopicCreation = false;
  const v0AllDenied = call.version === 0 && kept.length === 0;
  const unchanged = synthesized.length === 0 && noCreate.size === 0;
  return call.forward(unchanged ? null : forwarded, (resp) => {
    fixController(call, resp);
    let answered = v0AllDenied ? [] : items(resp, 'Topics');
    learn(call, answered);
    answered = answered.map((t) => {
      const name = str(t, 'Name');
      if (name === null || !noCreate.has(name) || num(t, 'ErrorCode') !== E.UNKNOWN_TOPIC_OR_PARTITION) return t;
      return denied(call, E.TOPIC_AUTH, name, ZERO_UUID);
    });
    resp.Topics = answered;
    setBits(call, resp, req);
    resp.Topics = [...answered, ...synthesized];
  });
}

export const METADATA_RULE: ApiRule = {
  key: 3,
  checks: [
    topicCheck('DESCRIBE', 'Topics[].Name | TopicId (v12+)', 'ITEM'),
    topicCheck('DESCRIBE', 'all topics (Topics null)', 'FILTER'),
    clusterCheck('CREATE', 'NONE', undefined, 'auto-creation; grants every topic'),
    topicCheck('CREATE', 'Topics[].Name that would be auto-created', 'ITEM'),
    clusterCheck('DESCRIBE', 'NONE', undefined, 'IncludeClusterAuthorizedOperations (v8-10); 0 when denied'),
  ],
  handle: handleMetadata,
};
