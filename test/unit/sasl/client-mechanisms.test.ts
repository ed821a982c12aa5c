// The client side of PLAIN and SCRAM (the gateway's own backend login) against the gateway's
// real server mechanisms and credential store, plus the checks the client makes of the server.
import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { saslClient, type BackendCredential } from '../../../src/sasl/client-mechanisms.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { SaslServerSession } from '../../../src/sasl/session.js';
import { GatewayError } from '../../../src/errors.js';

async function store(t: Test): Promise<CredentialStore> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-sasl-client-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const s = await CredentialStore.load(path.join(dir, 'users.yaml'), { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  await s.addUser('svc', 'svc-pw', { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
  return s;
}

/** Runs the client against a server session; resolves with the server's last result. */
async function exchange(s: CredentialStore, c: BackendCredential) {
  const server = new SaslServerSession({ enabled: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], credentials: s });
  server.start(c.mechanism);
  const client = saslClient(c);
  let token: Buffer | null = client.initial();
  for (let round = 0; round < 4 && token; round++) {
    const r = await server.step(token);
    if (r.failed) return r;
    token = await client.respond(r.challenge);
    if (r.done) return { ...r, clientDone: token === null };
  }
  throw new Error('no result');
}

t.test('PLAIN and SCRAM-SHA-256/512 log in against the server mechanisms', async (t) => {
  const s = await store(t);
  for (const mechanism of ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const) {
    const ok = await exchange(s, { mechanism, username: 'svc', password: 'svc-pw' });
    t.match(ok, { done: true, principal: 'User:svc', clientDone: true }, `${mechanism}: logged in, client complete`);
    const bad = await exchange(s, { mechanism, username: 'svc', password: 'nope' });
    t.match(bad, { failed: true }, `${mechanism}: a wrong password fails`);
  }
});

t.test('PLAIN: one message, authzid empty', async (t) => {
  const c = saslClient({ mechanism: 'PLAIN', username: 'u', password: 'p' });
  t.same(c.initial(), Buffer.from('\u0000u\u0000p'));
  t.equal(await c.respond(Buffer.alloc(0)), null);
});

t.test('SCRAM: the client checks the server', async (t) => {
  const cred: BackendCredential = { mechanism: 'SCRAM-SHA-256', username: 'svc', password: 'svc-pw' };
  const nonceOf = (c: ReturnType<typeof saslClient>) => /r=([^,]+)/.exec(c.initial().toString())![1];
  const salt = Buffer.alloc(16, 7).toString('base64');

  let c = saslClient(cred);
  await t.rejects(c.respond(Buffer.from(`r=someone-elses-nonce,s=${salt},i=4096`)), { code: 'SW_ERR_UPSTREAM_AUTH_FAILED', message: /nonce/ });
  c = saslClient(cred);
  await t.rejects(c.respond(Buffer.from(`r=${nonceOf(c)},s=${salt},i=4096`)), { message: /nonce does not extend/ }, 'a nonce that adds nothing is refused');
  c = saslClient(cred);
  await t.rejects(c.respond(Buffer.from(`r=${nonceOf(c)}x,s=${salt},i=2000000000`)), { message: /iterations/ }, 'a backend cannot make the gateway hash for ever');
  c = saslClient(cred);
  await t.rejects(c.respond(Buffer.from('e=invalid-proof')), GatewayError);
  c = saslClient(cred);
  const final = await c.respond(Buffer.from(`r=${nonceOf(c)}x,s=${salt},i=4096`));
  t.match(final!.toString(), /^c=biws,r=.+x,p=[A-Za-z0-9+/=]+$/);
  await t.rejects(c.respond(Buffer.from(`v=${Buffer.alloc(32).toString('base64')}`)), { message: /server signature does not match/ }, 'a server that does not hold the credential is caught');
});
