/**
 * CREATE_ACLS / LIST_ACLS / DROP_ACLS served from the gateway's store with DefaultAuthorizer's
 * rules: ALL on each target (TABLE -> its DATABASE), echoed bindings, per-binding errors, list
 * filtered by DESCRIBE, drop results by filter position, enforcement even in shadow mode, and
 * concurrent changes that do not lose each other.
 */
import t from 'tap';
import { ApiKey } from '../../../../../src/protocol/fluss/api-keys.js';
import { CreateAclsRequest, CreateAclsResponse, ListAclsRequest, ListAclsResponse, DropAclsRequest, DropAclsResponse } from '../../../../../src/protocol/fluss/messages/acl.js';
import { FlussAuthzStage } from '../../../../../src/adapters/fluss/authz/stage.js';
import { FlussRequest } from '../../../../../src/adapters/fluss/request.js';
import { Authorizer } from '../../../../../src/adapters/authz.js';
import { AclIndex } from '../../../../../src/acl/acl-index.js';
import { Metrics } from '../../../../../src/metrics.js';
import { encodeMessage } from '../../../../../src/protocol/fluss/proto-message.js';
import { encodeRequestFrame, readRequestHeader } from '../../../../../src/protocol/fluss/frame.js';
import type { AclState } from '../../../../../src/adapters/authz.js';
import { harness, grant, errorOf, okOf, fakeCtx, makeTables, DENY_TEXT } from './fixtures.js';

const info = (rt: number, rn: string, pn: string, op: number, pt = 'User', host = '*', perm = 2) => ({
  resource_type: rt,
  resource_name: rn,
  principal_name: pn,
  principal_type: pt,
  host,
  operation_type: op,
  permission_type: perm,
});
const CLUSTER = 2,
  DATABASE = 3,
  TABLE = 4;
const ALL = 2,
  READ = 3,
  WRITE = 4;

t.test('a super user creates ACLs; each binding is echoed with error_code 0 and stored', async (t) => {
  const h = harness('User:admin');
  const acl = [info(CLUSTER, 'fluss-cluster', 'developer', WRITE), info(CLUSTER, 'fluss-cluster', 'consumer', READ)];
  const out = okOf((await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl })).verdict, CreateAclsResponse);
  t.same(
    out.aclRes,
    acl.map((a) => ({ acl: a, error_code: 0 })),
  );
  t.same(h.authorizer.options.acls.current().entries('fluss'), [grant('User:developer', 'WRITE', 'CLUSTER', 'fluss-cluster'), grant('User:consumer', 'READ', 'CLUSTER', 'fluss-cluster')]);
});

t.test('ALL on the target is required; a TABLE target needs ALL on its DATABASE; one denial changes nothing', async (t) => {
  const h = harness('User:m', [grant('User:m', 'ALL', 'DATABASE', 'marketing_db')]);
  const ok = okOf(
    (await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(TABLE, 'marketing_db.x', 'bob', READ), info(DATABASE, 'marketing_db', 'bob', READ)] })).verdict,
    CreateAclsResponse,
  );
  t.same(
    ok.aclRes.map((r) => r.error_code),
    [0, 0],
  );
  const before = h.authorizer.options.acls.current().size('fluss');
  const table = await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(DATABASE, 'marketing_db', 'eve', READ), info(TABLE, 'finance_db.x', 'eve', READ)] });
  t.same(errorOf(table.verdict), { code: 48, message: DENY_TEXT('m', 'ALL', 'DATABASE', 'finance_db') });
  const cluster = await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(CLUSTER, 'fluss-cluster', 'm', ALL)] });
  t.same(errorOf(cluster.verdict).message, DENY_TEXT('m', 'ALL', 'CLUSTER', 'fluss-cluster'));
  t.equal(h.authorizer.options.acls.current().size('fluss'), before, 'nothing added by refused requests');
});

t.test('bindings the store cannot hold fail alone; unknown codes fail the request like Java', async (t) => {
  const h = harness('User:admin');
  const acl = [info(DATABASE, 'db', 'bob', READ, 'User', '*', 1), info(DATABASE, '', 'bob', READ), info(DATABASE, 'db', '', READ), info(DATABASE, 'db', 'bob', READ)];
  const out = okOf((await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl })).verdict, CreateAclsResponse);
  t.same(
    out.aclRes.map((r) => r.error_code),
    [-1, -1, -1, 0],
  );
  t.match(out.aclRes[0].error_message, /ANY/);
  t.same(h.authorizer.options.acls.current().entries('fluss'), [grant('User:bob', 'READ', 'DATABASE', 'db')]);
  t.equal(h.ctx.lines.filter((l) => l.msg === 'ACL binding refused').length, 3, 'each refusal logged');
  const bad = await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(9, 'x', 'bob', READ)] });
  t.same(errorOf(bad.verdict), { code: -1, message: 'java.lang.IllegalArgumentException: Unknown resource type code 9' });
  const badList = await h.send(ApiKey.LIST_ACLS, ListAclsRequest, { acl_filter: { resource_type: 1, operation_type: 42, permission_type: 1 } });
  t.same(errorOf(badList.verdict), { code: -1, message: 'java.lang.IllegalArgumentException: Unknown operation type code: 42' });
});

const SEED = [grant('User:marketing', 'ALL', 'DATABASE', 'marketing_db'), grant('User:finance', 'ALL', 'DATABASE', 'finance_db'), grant('User:bob', 'READ', 'TABLE', 'marketing_db.leads')];
const ANY_FILTER = { resource_type: 1, resource_name: 'any', operation_type: 1, permission_type: 1 };

t.test('LIST_ACLS: entries on resources the principal may DESCRIBE, matching the filter', async (t) => {
  const list = async (p: string, filter = ANY_FILTER) =>
    okOf((await harness(p, SEED).send(ApiKey.LIST_ACLS, ListAclsRequest, { acl_filter: filter })).verdict, ListAclsResponse).acl.map(
      (a) => `${a.principal_type}:${a.principal_name}@${a.resource_name}`,
    );
  t.same(await list('User:admin'), ['User:marketing@marketing_db', 'User:finance@finance_db', 'User:bob@marketing_db.leads']);
  t.same(await list('User:marketing'), ['User:marketing@marketing_db', 'User:bob@marketing_db.leads']);
  t.same(await list('User:nobody'), []);
  t.same(await list('User:admin', { ...ANY_FILTER, principal_name: 'finance', principal_type: 'User' } as typeof ANY_FILTER), ['User:finance@finance_db']);
  t.same(
    await list('User:admin', { ...ANY_FILTER, principal_name: 'finance' } as typeof ANY_FILTER),
    ['User:marketing@marketing_db', 'User:finance@finance_db', 'User:bob@marketing_db.leads'],
    'a principal filter needs name and type',
  );
});

t.test('DROP_ACLS: results by filter position, ALL required on every matched resource', async (t) => {
  const h = harness('User:marketing', SEED);
  const byDb = (name: string) => ({ resource_type: DATABASE, resource_name: name, operation_type: 1, permission_type: 1 });
  const denied = await h.send(ApiKey.DROP_ACLS, DropAclsRequest, { acl_filter: [ANY_FILTER] });
  t.same(errorOf(denied.verdict), { code: 48, message: DENY_TEXT('marketing', 'ALL', 'DATABASE', 'finance_db') });
  t.equal(h.authorizer.options.acls.current().size('fluss'), 3, 'nothing dropped');
  const tableFilter = { resource_type: TABLE, operation_type: 1, permission_type: 1 };
  const out = okOf((await h.send(ApiKey.DROP_ACLS, DropAclsRequest, { acl_filter: [byDb('nope'), tableFilter, { ...tableFilter, operation_type: READ }] })).verdict, DropAclsResponse);
  t.same(
    out.filter_results.map((r) => r.matching_acls.map((m) => m.acl.resource_name)),
    [[], ['marketing_db.leads'], []],
    'an entry is listed under the first filter only',
  );
  t.same(
    h.authorizer.options.acls
      .current()
      .entries('fluss')
      .map((e) => e.principal),
    ['User:marketing', 'User:finance'],
  );
});

t.test('ACL changes are enforced in shadow mode too; listing is not filtered there', async (t) => {
  const h = harness('User:m', SEED, { enforcement: 'shadow' });
  t.equal(errorOf((await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(CLUSTER, 'fluss-cluster', 'm', ALL)] })).verdict).code, 48);
  t.equal(h.authorizer.options.acls.current().size('fluss'), 3);
  t.ok(h.ctx.lines.some((l) => l.msg === 'ACL change denied (enforced in shadow mode too)'));
  const listed = okOf((await h.send(ApiKey.LIST_ACLS, ListAclsRequest, { acl_filter: ANY_FILTER })).verdict, ListAclsResponse);
  t.equal(listed.acl.length, 3);
});

t.test('concurrent changes from two connections do not lose each other', async (t) => {
  let index = new AclIndex();
  const replace = async (next: AclIndex) => {
    await new Promise((r) => setTimeout(r, 20));
    index = next;
  };
  const slow: AclState = {
    current: () => index,
    replace,
    update: async (change) => {
      const next = index.clone();
      const r = change(next);
      await replace(next);
      return r;
    },
  };
  const authorizer = new Authorizer({ protocol: 'fluss', acls: slow, decide: { superUsers: ['User:admin'] }, enforcement: 'enforce', metrics: new Metrics(), audit: null });
  const tables = makeTables();
  const stages = [new FlussAuthzStage(authorizer, tables, fakeCtx('User:admin')), new FlussAuthzStage(authorizer, tables, fakeCtx('User:admin'))];
  await Promise.all(
    stages.map((s, i) => {
      const frame = encodeRequestFrame(ApiKey.CREATE_ACLS, 0, i, encodeMessage(CreateAclsRequest, { acl: [info(DATABASE, `db${i}`, 'u', READ)] }));
      const header = readRequestHeader(frame);
      return s.onRequest(new FlussRequest(frame, header), { apiKey: ApiKey.CREATE_ACLS, apiVersion: 0, id: i, expectResponse: true, api: 'CREATE_ACLS' });
    }),
  );
  t.same(
    index
      .entries('fluss')
      .map((e) => e.resourceName)
      .sort(),
    ['db0', 'db1'],
  );
});

t.test('odd principal strings: a type with a colon is refused alone; names are printed as given', async (t) => {
  const h = harness('User:admin');
  const out = okOf((await h.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(DATABASE, 'db', 'x', READ, 'Us:er'), info(DATABASE, 'db', "o'brien:1", READ)] })).verdict, CreateAclsResponse);
  t.same(
    out.aclRes.map((r) => r.error_code),
    [-1, 0],
  );
  t.same(
    h.authorizer.options.acls
      .current()
      .entries('fluss')
      .map((e) => e.principal),
    ["User:o'brien:1"],
  );
  const odd = harness("User:o'brien:1", h.authorizer.options.acls.current().entries('fluss'));
  const denied = await odd.send(ApiKey.CREATE_ACLS, CreateAclsRequest, { acl: [info(DATABASE, 'db', 'y', READ)] });
  t.equal(errorOf(denied.verdict).message, "Principal FlussPrincipal{name='o'brien:1', type='User'} have no authorization to operate ALL on resource Resource{type=DATABASE, name='db'} ");
});
