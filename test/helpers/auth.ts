/** Authentication fixtures for tests: an in-memory credential store and listener auth policies. */
import { CredentialStore } from '../../src/sasl/credentials.js';
import { FailedAuthThrottle, type ThrottleConfig } from '../../src/sasl/throttle.js';
import { CertificatePrincipalMapper } from '../../src/tls/principal.js';
import { HashLimiter, type HashLimits } from '../../src/sasl/hash-limiter.js';
import type { AuthPolicy } from '../../src/adapters/auth-policy.js';
import type { MechanismName } from '../../src/sasl/types.js';
import type { Metrics } from '../../src/metrics.js';

/** Users and passwords of the test store (passwords only live here, in the test). */
export const USERS: Record<string, string> = { admin: 'admin-secret', alice: 'alice-pw', bob: 'bob-pw', developer: 'dev-pw', consumer: 'con-pw', marketing: 'mkt-pw', finance: 'fin-pw' };

let cached: Promise<CredentialStore> | null = null;

/** A store with every USERS entry for PLAIN and both SCRAM mechanisms (scrypt/PBKDF2 kept cheap). */
export function testCredentials(): Promise<CredentialStore> {
  cached ??= (async () => {
    const store = CredentialStore.empty({ scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
    for (const [u, p] of Object.entries(USERS)) await store.addUser(u, p, { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
    return store;
  })();
  return cached;
}

export interface PolicyOptions {
  methods?: AuthPolicy['methods'];
  mechanisms?: MechanismName[];
  principalFrom?: AuthPolicy['principalFrom'];
  rules?: string[];
  san?: 'dns' | 'uri';
  throttle?: ThrottleConfig | null;
  authTimeoutMs?: number;
  reauthenticateMs?: number | null;
  credentials?: CredentialStore;
  hashing?: HashLimits | null;
}

export async function testPolicy(metrics: Metrics, o: PolicyOptions = {}): Promise<AuthPolicy> {
  return {
    listener: 'test',
    methods: o.methods ?? ['sasl'],
    mechanisms: o.mechanisms ?? ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    principalFrom: o.principalFrom ?? null,
    credentials: o.credentials ?? (await testCredentials()),
    certificates: CertificatePrincipalMapper.fromConfig({ rules: o.rules ?? ['DEFAULT'], san: o.san }),
    throttle: o.throttle === null ? null : new FailedAuthThrottle(o.throttle ?? { delayMs: 50, maxDelayMs: 200, closeAfter: 0 }),
    authTimeoutMs: o.authTimeoutMs ?? 10_000,
    reauthenticateMs: o.reauthenticateMs ?? null,
    hashing: o.hashing ? new HashLimiter(o.hashing) : null,
    metrics,
  };
}
