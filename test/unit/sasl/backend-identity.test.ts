// Which backend credential a connection gets: service identity (password inline or from a
// file, re-read when it changes), mapped identity from the mapping file (re-read when it
// changes), no fallback to the service identity, fail closed on unreadable or invalid files.
import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackendIdentity, parseMapping } from '../../../src/sasl/backend-identity.js';
import type { BackendSasl } from '../../../src/config/types.js';

function folder(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-backend-identity-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const settings = (s: Partial<BackendSasl>): BackendSasl => ({ mechanism: 'PLAIN', identity: 'service', username: null, password: null, passwordFile: null, mapping: null, ...s });

/** Writes a file so that its size or mtime differs from the previous version. */
function rewrite(file: string, text: string, at: number): void {
  fs.writeFileSync(file, text);
  fs.utimesSync(file, at, at);
}

t.test('service identity: every principal and the gateway itself get it', async (t) => {
  const id = new BackendIdentity(settings({ username: 'svc', password: 'pw' }));
  for (const p of ['User:alice', 'User:bob', null]) t.same(id.credentialFor(p), { mechanism: 'PLAIN', username: 'svc', password: 'pw' });
  t.equal(id.refusal('User:anyone'), null);
});

t.test('service password from a file: first line, re-read after a change', async (t) => {
  const dir = folder(t);
  const file = path.join(dir, 'pw');
  rewrite(file, 'first-secret\n', 1000);
  const id = new BackendIdentity(settings({ mechanism: 'SCRAM-SHA-512', username: 'svc', passwordFile: file }));
  t.equal(id.credentialFor(null).password, 'first-secret');
  rewrite(file, 'second-secret-longer\r\n', 2000);
  t.equal(id.credentialFor(null).password, 'second-secret-longer', 'rotated without a restart');
  rewrite(file, '\n', 3000);
  t.throws(() => id.credentialFor(null), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL' }, 'an empty file gives no credential');
  fs.rmSync(file);
  t.throws(() => id.credentialFor('User:alice'), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL', message: /ENOENT/ });
});

t.test('mapped identity: the principal picks its credential; no mapping, no credential', async (t) => {
  const dir = folder(t);
  const file = path.join(dir, 'mapping.yaml');
  rewrite(file, 'principals:\n  "User:alice": { username: alice-be, password: a-pw }\n', 1000);
  const id = new BackendIdentity(settings({ identity: 'mapped', mapping: file, username: 'svc', password: 'svc-pw' }));
  id.check();
  t.same(id.credentialFor('User:alice'), { mechanism: 'PLAIN', username: 'alice-be', password: 'a-pw' });
  t.throws(() => id.credentialFor('User:bob'), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL', message: /no backend credential is mapped for User:bob/ });
  t.match(id.refusal('User:bob'), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL' }, 'never the service identity');
  t.same(id.credentialFor(null).username, 'svc', "the gateway's own connections use the service identity");

  rewrite(file, 'principals:\n  "User:alice": { username: alice-be, password: a-pw }\n  "User:bob": { username: bob-be, password: b-pw }\n', 2000);
  t.equal(id.credentialFor('User:bob').username, 'bob-be', 'an edited mapping applies to the next login');
  rewrite(file, 'principals: [oops]\n', 3000);
  t.throws(() => id.credentialFor('User:alice'), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL', message: /not a valid mapping file/ }, 'an invalid file refuses everyone (fail closed)');
});

t.test('mapped without a service username: the gateway itself has no credential', async (t) => {
  const dir = folder(t);
  const file = path.join(dir, 'm.yaml');
  fs.writeFileSync(file, 'principals: {}\n');
  const id = new BackendIdentity(settings({ identity: 'mapped', mapping: file }));
  t.throws(() => id.credentialFor(null), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL' });
});

t.test('the mapping file is parsed strictly', async (t) => {
  const bad = [
    'principals:\n  alice: { username: a, password: p }\n',
    'principals:\n  "User:a": { username: a }\n',
    'principals:\n  "User:a": { username: a, password: p, extra: 1 }\n',
    'principals:\n  "User:a": { username: "", password: p }\n',
    'principals:\n  "User:a": { username: "a\\u0000b", password: p }\n',
    'users: {}\n',
    'principals: &x {}\nother: *x\n',
  ];
  for (const text of bad) t.throws(() => parseMapping(text, 'm.yaml'), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL' }, JSON.stringify(text));
  t.equal(parseMapping('version: 1\nprincipals:\n  "User:a": { username: a, password: "p:w" }\n', 'm.yaml').get('User:a')?.password, 'p:w');
  const thrown = (() => {
    try {
      parseMapping('principals:\n  "User:a": { username: a, password: [not-text-secret] }\n', 'm.yaml');
    } catch (e) {
      return (e as Error).message;
    }
    return '';
  })();
  t.notOk(thrown.includes('not-text-secret'), 'errors never echo a password');
});

t.test("passthrough: the client's own PLAIN login, nothing for other logins", async (t) => {
  const id = new BackendIdentity(settings({ identity: 'passthrough', username: 'svc', password: 'svc-pw' }));
  t.ok(id.passthrough);
  t.same(id.credentialFor('User:alice', { username: 'alice', password: 'a-pw' }), { mechanism: 'PLAIN', username: 'alice', password: 'a-pw' });
  t.throws(
    () => id.credentialFor('User:alice'),
    { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL', message: /did not log in with SASL\/PLAIN/ },
    'a SCRAM or certificate login has no password: never the service identity',
  );
  t.match(id.refusal('User:alice', null), { code: 'SW_ERR_UPSTREAM_NO_CREDENTIAL' });
  t.equal(id.refusal('User:alice', { username: 'alice', password: 'x' }), null);
  t.equal(id.credentialFor(null).username, 'svc', "the gateway's own connections use the service identity");
});
