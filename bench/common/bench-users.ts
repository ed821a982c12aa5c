/**
 * The benchmark's password user, shared by every SASL / Basic target of a run: one user `bench`
 * with a random password, written to a credentials file in the run's scratch folder with the
 * gateway's own CredentialStore (PLAIN and SCRAM-SHA-256 verifiers, default hash costs: what a
 * real deployment would have). The password never leaves the run: it reaches the load tools
 * through their environment or librdkafka properties, never a log line.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CredentialStore } from '../../src/sasl/credentials.js';

export interface BenchUser {
  /** Credentials file for the gateway config. */
  file: string;
  user: string;
  principal: string;
  password: string;
}

export async function writeBenchUser(dir: string): Promise<BenchUser> {
  const file = join(dir, 'users.yaml');
  const password = randomBytes(12).toString('hex');
  const store = await CredentialStore.load(file, { createIfMissing: true });
  await store.addUser('bench', password, { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
  return { file, user: 'bench', principal: 'User:bench', password };
}
