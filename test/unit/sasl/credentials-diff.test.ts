/** What a credential change took away: users gone, credentials gone, or a secret replaced under the same id. */
import t from 'tap';
import { removals } from '../../../src/sasl/credentials-diff.js';
import type { CredentialsData, StoredCredential } from '../../../src/sasl/credentials-model.js';

const cred = (id: string, hash: string): StoredCredential => ({
  id,
  created: '2026-01-01T00:00:00Z',
  scram: {},
  plain: { algorithm: 'scrypt', N: 1024, r: 8, p: 1, salt: Buffer.from('salt'), hash: Buffer.from(hash) },
});
const data = (users: Record<string, StoredCredential[]>): CredentialsData => ({ users: new Map(Object.entries(users)) });

t.test('users and credentials that are gone or replaced', async (t) => {
  const before = data({ alice: [cred('a1', 'x')], bob: [cred('b1', 'y')], carol: [cred('c1', 'z'), cred('c2', 'w')], dave: [cred('d1', 'v')] });
  const after = data({ alice: [cred('a1', 'x')], carol: [cred('c2', 'w')], dave: [cred('d1', 'NEW')], erin: [cred('e1', 'u')] });
  t.same(removals(before, after), [
    { user: 'bob', credentialIds: null },
    { user: 'carol', credentialIds: ['c1'] },
    { user: 'dave', credentialIds: ['d1'] },
  ]);
  t.same(removals(after, after), [], 'no change, nothing removed');
});
