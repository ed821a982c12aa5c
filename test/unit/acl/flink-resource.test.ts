// The `<type>:<name>` text form of Flink REST resources.
import t from 'tap';
import { formatFlinkResource, parseFlinkResource } from '../../../src/acl/flink-resource.js';

const J1 = 'a5e0edd8e66b53f1b89c2041f91b8fd2';

t.test('format and parse are inverse', async (t) => {
  const cases: Array<[string, string, string]> = [
    ['CLUSTER', 'flink-cluster', 'cluster:flink-cluster'],
    ['CLUSTER', '*', 'cluster:*'],
    ['JOB', J1, `job:${J1}`],
    ['JOB', '*', 'job:*'],
  ];
  for (const [type, name, text] of cases) {
    t.equal(formatFlinkResource(type, name), text);
    t.same(parseFlinkResource(text), { resourceType: type, resourceName: name }, text);
  }
});

t.test('parse: shorthand, case, and refusals', async (t) => {
  t.same(parseFlinkResource('cluster'), { resourceType: 'CLUSTER', resourceName: 'flink-cluster' });
  t.same(parseFlinkResource('CLUSTER'), { resourceType: 'CLUSTER', resourceName: 'flink-cluster' }, 'type word in any case');
  t.same(parseFlinkResource(`Job:${J1.toUpperCase()}`), { resourceType: 'JOB', resourceName: J1 }, 'job ids are kept in lower case');
  t.throws(() => parseFlinkResource('cluster:fluss-cluster'), /the cluster is named flink-cluster/);
  t.throws(() => parseFlinkResource('job'), /32-digit hex job id/, 'a job needs an id');
  t.throws(() => parseFlinkResource('job:1234'), /32-digit hex job id/);
  t.throws(() => parseFlinkResource(`job:${J1}0`), /32-digit hex job id/, '33 digits');
  t.throws(() => parseFlinkResource('table:db.t'), /expected cluster, cluster:flink-cluster, cluster:\*, job:<id> or job:\*/);
});
