/**
 * Cluster-level administration: one operation on the CLUSTER, and on denial the api's generic
 * error answer (REJECT) with 31 and the standard message where the answer has one:
 * AlterReplicaLogDirs (34) ALTER, every partition; DescribeLogDirs (35) DESCRIBE, top-level
 * from v3, an empty list before; ElectLeaders (43) ALTER, top-level (v1+) and every listed
 * partition; AlterPartitionReassignments (45) ALTER, top-level and every partition;
 * ListPartitionReassignments (46) DESCRIBE; DescribeUserScramCredentials
 * (50) DESCRIBE, plus one result per named user; AlterUserScramCredentials (51) ALTER, one result
 * per distinct user (sorted); DescribeQuorum (55) DESCRIBE; UpdateFeatures (57) ALTER;
 * UnregisterBroker (64), AddRaftVoter (80), RemoveRaftVoter (81) ALTER; ListConfigResources (74)
 * DESCRIBE_CONFIGS. (Describe/AlterClientQuotas, 48/49, are answered by the gateway: ../quota-admin/.)
 */
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { items, list, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { clusterCheck, E, type ApiRule } from '../rule.js';

const CODE = E.CLUSTER_AUTH;
const MESSAGE = errorMessage(CODE);

function gate(operation: string, reject: (call: Call) => Msg): (call: Call) => Verdict {
  return (call) => (call.allowCluster(operation) ? call.forward(null) : call.respond(reject(call)));
}

const topLevel = (call: Call): Msg => call.response({ ErrorCode: CODE, ErrorMessage: MESSAGE });

function alterReplicaLogDirs(call: Call): Msg {
  const results = items(call.body(), 'Dirs').flatMap((d) =>
    items(d, 'Topics').map((t) =>
      call.responseEntry(['Results'], {
        TopicName: t.Name,
        Partitions: (t.Partitions as number[]).map((p) => call.responseEntry(['Results', 'Partitions'], { PartitionIndex: p, ErrorCode: CODE })),
      }),
    ),
  );
  return call.response({ Results: results });
}

function electLeaders(call: Call): Msg {
  const results = (list(call.body(), 'TopicPartitions') ?? []).map((t) =>
    call.responseEntry(['ReplicaElectionResults'], {
      Topic: t.Topic,
      PartitionResult: (t.Partitions as number[]).map((p) => call.responseEntry(['ReplicaElectionResults', 'PartitionResult'], { PartitionId: p, ErrorCode: CODE, ErrorMessage: MESSAGE })),
    }),
  );
  return call.response({ ErrorCode: CODE, ReplicaElectionResults: results });
}

function alterReassignments(call: Call): Msg {
  const responses = items(call.body(), 'Topics').map((t) =>
    call.responseEntry(['Responses'], {
      Name: t.Name,
      Partitions: items(t, 'Partitions').map((p) => call.responseEntry(['Responses', 'Partitions'], { PartitionIndex: p.PartitionIndex, ErrorCode: CODE, ErrorMessage: MESSAGE })),
    }),
  );
  return call.response({ ErrorCode: CODE, ErrorMessage: MESSAGE, Responses: responses });
}

function describeScram(call: Call): Msg {
  const users = list(call.body(), 'Users') ?? [];
  const results = users.map(() => call.responseEntry(['Results'], { ErrorCode: CODE, ErrorMessage: MESSAGE }));
  return call.response({ ErrorCode: CODE, ErrorMessage: MESSAGE, Results: results });
}

function alterScram(call: Call): Msg {
  const body = call.body();
  const names = [...items(body, 'Deletions'), ...items(body, 'Upsertions')].map((x) => str(x, 'Name') ?? '');
  const users = [...new Set(names)].sort();
  return call.response({ Results: users.map((u) => call.responseEntry(['Results'], { User: u, ErrorCode: CODE, ErrorMessage: MESSAGE })) });
}

function rule(key: number, operation: string, reject: (call: Call) => Msg, note?: string): ApiRule {
  return { key, checks: [clusterCheck(operation, 'REJECT', CODE, note)], handle: gate(operation, reject) };
}

export const ADMIN_CLUSTER_RULES: readonly ApiRule[] = [
  rule(34, 'ALTER', alterReplicaLogDirs),
  rule(35, 'DESCRIBE', (c) => c.response({ ErrorCode: CODE, Results: [] })),
  rule(43, 'ALTER', electLeaders),
  rule(45, 'ALTER', alterReassignments),
  rule(46, 'DESCRIBE', topLevel),
  rule(50, 'DESCRIBE', describeScram),
  rule(51, 'ALTER', alterScram),
  rule(55, 'DESCRIBE', topLevel),
  rule(57, 'ALTER', topLevel),
  rule(64, 'ALTER', topLevel),
  rule(74, 'DESCRIBE_CONFIGS', (c) => c.response({ ErrorCode: CODE })),
  rule(80, 'ALTER', topLevel),
  rule(81, 'ALTER', topLevel),
];
