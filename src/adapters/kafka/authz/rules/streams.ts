/**
 * KIP-1071 streams groups:
 * StreamsGroupHeartbeat (88): READ on GROUP (top-level 30); with a Topology, DESCRIBE on every
 * source, repartition-sink, repartition-source and changelog topic (any missing → top-level
 * 29). Internal topics (changelog, repartition source) the backend would create need CREATE on
 * CLUSTER or on the TOPIC; the broker reports a refused creation as a MISSING_INTERNAL_TOPICS
 * status, which the gateway cannot produce without the backend, so a heartbeat that would
 * create an internal topic the principal may not create (and the gateway has not seen) is
 * answered 29 instead: nothing is created without the right.
 * StreamsGroupDescribe (89): DESCRIBE per group (ITEM 30); a group whose topology names a topic
 * without DESCRIBE becomes a 29 entry with the broker's message.
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, list, str, strings, struct, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { CLUSTER, clusterCheck, E, groupCheck, topicCheck, type ApiRule } from '../rule.js';
import { describeGroupsWithTopics } from './new-groups.js';

function topologyTopics(topology: Msg | null): { all: string[]; internal: string[] } {
  const all: string[] = [];
  const internal: string[] = [];
  for (const s of list(topology ?? {}, 'Subtopologies') ?? []) {
    all.push(...strings(s, 'SourceTopics'), ...strings(s, 'RepartitionSinkTopics'));
    for (const f of ['StateChangelogTopics', 'RepartitionSourceTopics']) {
      const names = items(s, f).map((t) => str(t, 'Name') ?? '');
      all.push(...names);
      internal.push(...names);
    }
  }
  return { all: [...new Set(all)], internal: [...new Set(internal)] };
}

function heartbeat(call: Call): Verdict {
  const body = call.body();
  if (!call.allow('READ', 'GROUP', str(body, 'GroupId') ?? '')) return call.respond(call.response({ ErrorCode: E.GROUP_AUTH }));
  const topology = struct(body, 'Topology');
  if (!topology) return call.forward(null);
  const { all, internal } = topologyTopics(topology);
  const deny = () => call.respond(call.response({ ErrorCode: E.TOPIC_AUTH }));
  if (all.some((t) => !call.allow('DESCRIBE', 'TOPIC', t))) return deny();
  const clusterCreate = call.enforcing && call.authorizer.check(call.ctx, 'CLUSTER', CLUSTER, 'CREATE').allowed;
  if (!clusterCreate && internal.some((t) => !call.ids.exists(t) && !call.allow('CREATE', 'TOPIC', t))) return deny();
  return call.forward(null);
}

export const STREAMS_RULES: readonly ApiRule[] = [
  {
    key: 88,
    checks: [
      groupCheck('READ', 'GroupId', 'REJECT'),
      topicCheck('DESCRIBE', 'Topology source/sink/changelog/repartition topics', 'REJECT', E.TOPIC_AUTH),
      clusterCheck('CREATE', 'NONE', undefined, 'internal topics to create; else CREATE on the TOPIC'),
    ],
    handle: heartbeat,
  },
  {
    key: 89,
    checks: [groupCheck('DESCRIBE', 'GroupIds[]', 'ITEM'), topicCheck('DESCRIBE', 'Topology topics', 'ITEM', E.TOPIC_AUTH, 'group replaced by a 29 entry')],
    handle: (c) => describeGroupsWithTopics(c, (g) => topologyTopics(struct(g, 'Topology')).all),
  },
];
