// Attack: a user removed from the credentials file (or whose password was changed) keeps using
// the Flink REST listener, because the HTTP Basic success cache remembered the pair for 60 s.
// Every credential reload must forget every remembered success, so the next request is checked
// against the new store: 401 within the file-watch latency, not within the cache ttl.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFlinkBackend } from '../../testkit/http/flink-backend.js';
import { startOpsGateway, tempDir } from '../integration/ops/setup.js';
import { CredentialStore } from '../../src/sasl/credentials.js';

const SCRYPT = { N: 1024, r: 8, p: 1 };

t.test('a removed or re-passworded Basic user gets 401 right after the credentials reload', async (t) => {
  const backend = await startFlinkBackend();
  const { dir, remove } = tempDir('sw-basic-cache-');
  t.teardown(async () => {
    await backend.close();
    remove();
  });
  const usersFile = path.join(dir, 'users.yaml');
  const cli = await CredentialStore.load(usersFile, { createIfMissing: true, scrypt: SCRYPT });
  await cli.addUser('alice', 'alice-pw', { mechanisms: ['PLAIN'] });
  await cli.addUser('bob', 'bob-pw', { mechanisms: ['PLAIN'] });
  const config = `
clusters: { flink: { protocol: http, url: "${backend.url}" } }
listeners:
  - { name: flink-ui, cluster: flink, bind: 127.0.0.1:0, authentication: [basic] }
principals: { superUsers: [User:alice, User:bob] }
credentials: users.yaml
`;
  const ops = await startOpsGateway(dir, config, { admin: false, audit: null });
  t.teardown(() => ops.stop());
  const url = `http://127.0.0.1:${ops.gw.http.get('flink-ui')!.port}/overview`;
  const get = async (user: string, password: string) => (await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` } })).status;
  const reloads = () => ops.lines.filter((l) => l.msg === 'credentials reloaded').length;
  const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!(await ok())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  t.equal(await get('alice', 'alice-pw'), 200, 'alice logs in (success now cached)');
  t.equal(await get('bob', 'bob-pw'), 200, 'bob logs in (success now cached)');

  // The CLI removes alice: the gateway's watcher reloads the file.
  let before = reloads();
  await cli.removeUser('alice');
  await until('credentials reload', () => reloads() > before);
  t.equal(await get('alice', 'alice-pw'), 401, 'the removed user is refused on the very next request');
  t.equal(await get('bob', 'bob-pw'), 200, 'other users keep working');

  // Changing bob's password: the old password stops at once, the new one works.
  before = reloads();
  await cli.removeUser('bob');
  await cli.addUser('bob', 'bob-new-pw', { mechanisms: ['PLAIN'] });
  await until('credentials reload', () => reloads() > before);
  await until('new password in force', async () => (await get('bob', 'bob-new-pw')) === 200);
  t.equal(await get('bob', 'bob-pw'), 401, 'the old password is refused right after the reload');
  t.notOk(fs.readFileSync(usersFile, 'utf8').includes('alice'), 'alice is gone from the file');
});
