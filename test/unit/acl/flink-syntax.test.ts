import t from 'tap';
import { flinkAclFilter, flinkAddAcl, formatFlussResource, parseFlussHost, parseFlussPrincipal, parseFlussResource } from '../../../src/acl/flink-syntax.js';

t.test('resource syntax', async (t) => {
  t.same(parseFlussResource('cluster'), { resourceType: 'CLUSTER', resourceName: 'fluss-cluster' });
  t.same(parseFlussResource('CLUSTER.sales'), { resourceType: 'DATABASE', resourceName: 'sales' }, 'first segment in any case');
  t.same(parseFlussResource('Cluster.sales.orders'), { resourceType: 'TABLE', resourceName: 'sales.orders' });
  t.same(parseFlussResource('cluster.'), { resourceType: 'CLUSTER', resourceName: 'fluss-cluster' }, 'trailing empty piece dropped, as Java split does');
  t.same(parseFlussResource('any'), { resourceType: 'ANY', resourceName: 'any' });
  t.same(parseFlussResource(null), { resourceType: 'ANY', resourceName: 'any' });
  for (const bad of ['db.t', 'cluster.a.b.c', '', 'clusterx']) {
    t.throws(() => parseFlussResource(bad), /resource must be in format/, bad);
  }
  t.equal(formatFlussResource('CLUSTER', 'fluss-cluster'), 'cluster');
  t.equal(formatFlussResource('TABLE', 'sales.orders'), 'cluster.sales.orders');
});

t.test('principal and host syntax', async (t) => {
  t.equal(parseFlussPrincipal('User:alice'), 'User:alice');
  t.equal(parseFlussPrincipal('all'), '*:*');
  t.equal(parseFlussPrincipal('ANY'), null);
  t.equal(parseFlussPrincipal(undefined), null);
  t.throws(() => parseFlussPrincipal('alice'), /PrincipalType:PrincipalName/);
  t.throws(() => parseFlussPrincipal('User:a:b'), /PrincipalType:PrincipalName/);
  t.equal(parseFlussHost(null), '*', 'omitted host is *');
  t.equal(parseFlussHost('any'), null);
  t.equal(parseFlussHost('10.0.0.1'), '10.0.0.1');
});

t.test('add_acl, drop_acl/list_acl arguments', async (t) => {
  t.same(flinkAddAcl({ resource: 'cluster.marketing_db', permission: 'allow', principal: 'User:marketing', operation: 'all' }), {
    principal: 'User:marketing',
    host: '*',
    resourceType: 'DATABASE',
    resourceName: 'marketing_db',
    patternType: 'LITERAL',
    operation: 'ALL',
    permission: 'ALLOW',
  });
  t.throws(() => flinkAddAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'ANY', operation: 'READ' }), /Wildcard 'ANY'/);
  t.throws(() => flinkAddAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'User:a', operation: 'READ', host: 'ANY' }), /Wildcard 'ANY'/);
  t.throws(() => flinkAddAcl({ resource: 'cluster', permission: 'DENY', principal: 'User:a', operation: 'READ' }), /PermissionType.DENY/);
  t.throws(() => flinkAddAcl({ resource: 'cluster', permission: 'ALLOW', principal: 'User:a', operation: 'DELETE' }), /OperationType.DELETE/);
  t.same(flinkAclFilter({ resource: 'cluster.db.t' }), {
    protocol: 'fluss',
    resourceType: 'TABLE',
    resourceName: 'db.t',
    principal: null,
    host: '*',
    operation: 'ANY',
    permission: 'ANY',
  });
  t.equal(flinkAclFilter({ host: 'ANY' }).host, null);
});
