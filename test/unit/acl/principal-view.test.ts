// The per-principal view of a LITERAL list (src/acl/principal-view.ts) and the Flink decider on it:
// same decision and same reported entry as a scan of the whole list, fewer entries visited, and
// every add/remove on the index seen by the next decision.
import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { flinkEntryAllows } from '../../../src/acl/decide-flink.js';
import { firstOfPrincipal } from '../../../src/acl/principal-view.js';
import type { AccessRequest, AclEntry } from '../../../src/acl/types.js';

function acl(principal: string, operation = 'DESCRIBE', host = '*'): AclEntry {
  return { principal, host, resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation, permission: 'ALLOW' };
}

function question(principal: string, operation = 'DESCRIBE'): AccessRequest {
  return { protocol: 'flink', principal, host: '10.0.0.1', resourceType: 'CLUSTER', resourceName: 'flink-cluster', operation };
}

/** The reference: the first entry of the list, in order, that grants (the scan the view replaces). */
function scan(list: readonly AclEntry[], q: AccessRequest): AclEntry | undefined {
  return list.find((e) => flinkEntryAllows(e, q, false));
}

t.test('visits only the principal, *:* and User:* entries, in list order, each once', async (t) => {
  const index = new AclIndex();
  for (let i = 0; i < 200; i++) index.add('flink', acl(`User:u${i}`, i % 2 ? 'READ' : 'DESCRIBE'));
  index.add('flink', acl('User:alice', 'ALTER'));
  index.add('flink', acl('User:*', 'WRITE'));
  index.add('flink', acl('*:*', 'DROP'));
  index.add('flink', acl('User:alice', 'READ'));
  const list = index.literal('flink', 'CLUSTER', 'flink-cluster');
  const seen: string[] = [];
  t.equal(
    firstOfPrincipal(index, list, 'User:alice', (e) => {
      seen.push(`${e.principal} ${e.operation}`);
      return false;
    }),
    undefined,
  );
  t.same(seen, ['User:alice ALTER', 'User:* WRITE', '*:* DROP', 'User:alice READ'], '4 of 204 entries, in list order');
  seen.length = 0;
  firstOfPrincipal(index, list, '*:*', (e) => (seen.push(e.principal), false));
  t.same(seen, ['User:*', '*:*'], 'a principal that is itself a wildcard string: each entry once');
});

t.test('same decision and same reported entry as a scan of the whole list (random lists)', async (t) => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const principals = ['User:alice', 'User:bob', 'User:*', '*:*', 'Group:x', 'User:ALICE'];
  const ops = ['DESCRIBE', 'READ', 'WRITE', 'ALTER', 'ALL', 'DROP'];
  for (let round = 0; round < 200; round++) {
    const index = new AclIndex();
    const n = 16 + rnd(40);
    for (let i = 0; i < n; i++) index.add('flink', acl(principals[rnd(principals.length)], ops[rnd(ops.length)], rnd(4) ? '*' : '10.0.0.1'));
    const list = index.literal('flink', 'CLUSTER', 'flink-cluster');
    for (const p of ['User:alice', 'User:bob', 'Group:x', 'User:carol']) {
      for (const op of ['DESCRIBE', 'READ', 'ALTER']) {
        const q = question(p, op);
        const want = scan(list, q);
        const got = decide(index, q, {});
        t.equal(got.entry, want, `round ${round} ${p} ${op}`);
        if (want) t.equal(got.reason, 'acl');
        else t.equal(got.reason, 'default-deny');
        if (got.entry !== want) return;
      }
    }
  }
});

t.test('an add or remove on the index is seen by the next decision', async (t) => {
  const index = new AclIndex();
  for (let i = 0; i < 50; i++) index.add('flink', acl(`User:u${i}`));
  const q = question('User:alice');
  t.equal(decide(index, q, {}).allowed, false, 'view built without alice');
  const grant = acl('User:alice');
  index.add('flink', grant);
  t.equal(decide(index, q, {}).entry, index.literal('flink', 'CLUSTER', 'flink-cluster').at(-1), 'added entry found');
  index.remove('flink', grant);
  t.same(decide(index, q, {}), { allowed: false, reason: 'default-deny' }, 'removed entry gone');
  index.remove('flink', acl('User:u0'));
  index.add('flink', acl('User:alice', 'READ'));
  t.equal(decide(index, q, {}).allowed, true, 'remove + add (same list length) is seen too');
  t.equal(decide(index, question('User:u0'), {}).allowed, false, 'the removed principal is gone');
});
