/**
 * What a change of the credential data took away: users that are gone, and credentials that are
 * gone or whose secret was replaced under the same id. The store reports it to its removal
 * listeners after every change, whatever the change came from (file reload, CLI, API, backend).
 */
import type { CredentialsData, StoredCredential } from './credentials-model.js';

/** A user that is gone (`credentialIds` null) or some of its credentials gone or replaced. */
export interface CredentialRemoval {
  user: string;
  credentialIds: string[] | null;
}

/** What `next` no longer has of `prev`: users, and credential ids gone or with new secrets. */
export function removals(prev: CredentialsData, next: CredentialsData): CredentialRemoval[] {
  const out: CredentialRemoval[] = [];
  for (const [user, creds] of prev.users) {
    const now = next.users.get(user);
    if (!now) {
      out.push({ user, credentialIds: null });
      continue;
    }
    const byId = new Map(now.map((c) => [c.id, c]));
    const gone = creds.filter((c) => !sameSecret(c, byId.get(c.id))).map((c) => c.id);
    if (gone.length > 0) out.push({ user, credentialIds: gone });
  }
  return out;
}

function sameSecret(a: StoredCredential, b: StoredCredential | undefined): boolean {
  if (!b) return false;
  const scram = (c: StoredCredential) => JSON.stringify(Object.entries(c.scram).map(([m, s]) => [m, s?.salt.toString('base64'), s?.iterations, s?.storedKey.toString('base64')]));
  return JSON.stringify(a.plain ?? null) === JSON.stringify(b.plain ?? null) && scram(a) === scram(b);
}
