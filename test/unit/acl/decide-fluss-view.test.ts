// The Fluss decider on the per-principal view (src/acl/principal-view.ts): on random stores
// spread over TABLE, DATABASE and CLUSTER entries, every decision, reported entry and reason
// equals a scan of every candidate list (the decider before the view), for exact and
// case-insensitive principal matching.
import t from 'tap';
import { AclIndex } from '../../../src/acl/acl-index.js';
import { decide } from '../../../src/acl/decide.js';
import { flussCandidateResources, flussEntryAllows } from '../../../src/acl/decide-fluss.js';
import type { AccessRequest, AclEntry, Decision } from '../../../src/acl/types.js';

/** The reference: every candidate list scanned in full, in order. */
function scan(index: AclIndex, q: AccessRequest, ignoreCase: boolean): Decision {
  let any = false;
  for (const [type, name] of flussCandidateResources(q.resourceType, q.resourceName)) {
    for (const e of index.literal('fluss', type, name)) {
      any = true;
      if (flussEntryAllows(e, q, ignoreCase)) return { allowed: true, reason: 'acl', entry: e };
    }
  }
  return { allowed: false, reason: any ? 'default-deny' : 'no-acl-default' };
}

t.test('same decision, entry and reason as a full scan (random stores)', async (t) => {
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const principals = ['User:alice', 'User:bob', '*:*', 'User:ALICE', 'User:carol'];
  const ops = ['READ', 'WRITE', 'ALTER', 'ALL', 'CREATE', 'DROP', 'DESCRIBE'];
  const resources: Array<[string, string]> = [
    ['TABLE', 'db.t'],
    ['TABLE', 'db.u'],
    ['DATABASE', 'db'],
    ['CLUSTER', 'fluss-cluster'],
    ['TABLE', '*'],
  ];
  let checked = 0;
  for (let round = 0; round < 150; round++) {
    const index = new AclIndex();
    const n = 20 + rnd(120);
    for (let i = 0; i < n; i++) {
      const [resourceType, resourceName] = resources[rnd(resources.length)];
      const e: AclEntry = {
        principal: principals[rnd(principals.length)],
        host: rnd(5) ? '*' : '10.0.0.1',
        resourceType,
        resourceName,
        patternType: 'LITERAL',
        operation: ops[rnd(ops.length)],
        permission: 'ALLOW',
      };
      index.add('fluss', e);
    }
    for (const principal of ['User:alice', 'User:bob', 'User:dave']) {
      for (const operation of ['READ', 'WRITE', 'DESCRIBE', 'ALTER']) {
        const q: AccessRequest = { protocol: 'fluss', principal, host: '10.0.0.1', resourceType: 'TABLE', resourceName: 'db.t', operation };
        for (const ignoreCase of [false, true]) {
          const want = scan(index, q, ignoreCase);
          const got = decide(index, q, { principalIgnoreCase: ignoreCase });
          checked++;
          if (got.entry !== want.entry || got.reason !== want.reason || got.allowed !== want.allowed) {
            t.fail(`round ${round} ${principal} ${operation} ignoreCase=${ignoreCase}: ${JSON.stringify(got)} vs ${JSON.stringify(want)}`);
            return;
          }
        }
      }
    }
  }
  t.pass(`${checked} decisions equal to the full scan`);
});

t.test('an entry added after a decision built the view is seen by the next one', async (t) => {
  const index = new AclIndex();
  for (let i = 0; i < 40; i++) index.add('fluss', { principal: `User:u${i}`, host: '*', resourceType: 'DATABASE', resourceName: 'db', patternType: 'LITERAL', operation: 'READ', permission: 'ALLOW' });
  const q: AccessRequest = { protocol: 'fluss', principal: 'User:alice', host: '10.0.0.1', resourceType: 'TABLE', resourceName: 'db.t', operation: 'WRITE' };
  t.same(decide(index, q, {}), { allowed: false, reason: 'default-deny' });
  index.add('fluss', { principal: 'User:alice', host: '*', resourceType: 'DATABASE', resourceName: 'db', patternType: 'LITERAL', operation: 'WRITE', permission: 'ALLOW' });
  t.equal(decide(index, q, {}).allowed, true);
});
