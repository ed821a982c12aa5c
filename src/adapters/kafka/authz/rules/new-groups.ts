/**
 * KIP-848 consumer groups and KIP-932 share groups (membership and describe), with the checks
 * of Kafka 4.x:
 * ConsumerGroupHeartbeat (68) / ShareGroupHeartbeat (76): READ on GROUP (top-level 30), then
 * DESCRIBE on every SubscribedTopicNames entry (any missing → top-level 29). A subscription
 * regex (68 v1) is resolved by the group coordinator, which is not the gateway: the topics it
 * matches are not filtered (see the report; the backend decides the assignment).
 * ConsumerGroupDescribe (69) / ShareGroupDescribe (77): DESCRIBE per group (ITEM 30); a group
 * whose members' assignments name a topic without DESCRIBE becomes an entry with 29 and the
 * broker's message; bitfields recomputed when asked.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, items, list, num, str, strings, struct, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { E, groupCheck, topicCheck, type ApiRule } from '../rule.js';

export const GROUP_USES_HIDDEN_TOPICS = 'The described group uses topics that the client is not authorized to describe.';

function heartbeat(call: Call): Verdict {
  const body = call.body();
  if (!call.allow('READ', 'GROUP', str(body, 'GroupId') ?? '')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  const subscribed = list(body, 'SubscribedTopicNames') as unknown as string[] | null;
  const denied = (subscribed ?? []).filter((t) => !call.allow('DESCRIBE', 'TOPIC', t));
  if (denied.length > 0) return call.respond(call.response({ ErrorCode: E.TOPIC_AUTH }));
  return call.forward(null);
}

function assignmentTopics(member: Msg, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const f of fields) {
    const a = struct(member, f);
    if (a) for (const tp of items(a, 'TopicPartitions')) out.push(str(tp, 'TopicName') ?? '');
  }
  return out;
}

/** Shared describe logic: group checks, topic checks on the answer, bitfields. */
export function describeGroupsWithTopics(call: Call, topicsOf: (group: Msg) => string[]): Verdict {
  const body = call.body();
  const ids = strings(body, 'GroupIds');
  const kept = ids.filter((g) => call.allow('DESCRIBE', 'GROUP', g));
  const denied = ids.filter((g) => !kept.includes(g)).map((g) => call.responseEntry(['Groups'], { GroupId: g, ErrorCode: E.GROUP_AUTH }));
  if (kept.length === 0 && ids.length > 0) return call.respond(call.response({ Groups: denied }));
  const withBits = bool(body, 'IncludeAuthorizedOperations');
  return call.forward(denied.length > 0 ? { ...body, GroupIds: kept } : null, (resp) => {
    const groups = items(resp, 'Groups').map((g) => {
      if (num(g, 'ErrorCode') !== 0) return g;
      const id = str(g, 'GroupId') ?? '';
      const hidden = topicsOf(g).some((t) => !call.allow('DESCRIBE', 'TOPIC', t));
      if (hidden) return call.responseEntry(['Groups'], { GroupId: id, ErrorCode: E.TOPIC_AUTH, ErrorMessage: GROUP_USES_HIDDEN_TOPICS });
      if (withBits) g.AuthorizedOperations = call.operationBits('GROUP', id);
      return g;
    });
    resp.Groups = [...groups, ...denied];
  });
}

const membersTopics =
  (fields: readonly string[]) =>
  (g: Msg): string[] =>
    items(g, 'Members').flatMap((m) => assignmentTopics(m, fields));

const HEARTBEAT_CHECKS = [groupCheck('READ', 'GroupId', 'REJECT'), topicCheck('DESCRIBE', 'SubscribedTopicNames[]', 'REJECT', E.TOPIC_AUTH, 'any subscribed name denied')];

const DESCRIBE_CHECKS = [groupCheck('DESCRIBE', 'GroupIds[]', 'ITEM'), topicCheck('DESCRIBE', 'Members[].Assignment/TargetAssignment topics', 'ITEM', E.TOPIC_AUTH, 'group replaced by a 29 entry')];

export const NEW_GROUP_RULES: readonly ApiRule[] = [
  { key: 68, checks: HEARTBEAT_CHECKS, handle: heartbeat },
  { key: 76, checks: HEARTBEAT_CHECKS, handle: heartbeat },
  { key: 69, checks: DESCRIBE_CHECKS, handle: (c) => describeGroupsWithTopics(c, membersTopics(['Assignment', 'TargetAssignment'])) },
  { key: 77, checks: DESCRIBE_CHECKS, handle: (c) => describeGroupsWithTopics(c, membersTopics(['Assignment'])) },
];
