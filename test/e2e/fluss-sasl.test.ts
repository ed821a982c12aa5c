/**
 * Fluss AUTHENTICATE terminated by the gateway (SASL/PLAIN), with the Fluss test client in the
 * Java style (one round) and the Rust style (an extra empty round after success); failures with
 * Fluss's code 46 and texts; requests before authentication refused with 46; a second
 * authentication on an authenticated connection refused; the principal never set on failure.
 */
import t from 'tap';
import { startFlussCluster } from '../../testkit/fluss/cluster/index.js';
import { FlussTestClient, FlussConnection, FlussResponseError } from '../../testkit/fluss/client/index.js';
import { startFlussGateway } from '../helpers/fluss/gateway.js';
import { testPolicy, USERS } from '../helpers/auth.js';
import { waitForLine } from '../helpers/listener.js';
import { ApiKey } from '../../src/protocol/fluss/api-keys.js';
import { decodeErrorResponse } from '../../src/protocol/fluss/error-response.js';
import { encodeMessage } from '../../src/protocol/fluss/proto-message.js';
import { AuthenticateRequest } from '../../src/protocol/fluss/messages/handshake.js';

const plain = (user: string, pw: string) => Buffer.concat([Buffer.from([0]), Buffer.from(user), Buffer.from([0]), Buffer.from(pw)]);
const authBody = (protocol: string, token: Buffer) => encodeMessage(AuthenticateRequest, { protocol, token });

t.test('Fluss SASL/PLAIN at the gateway', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 2 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: null }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });

  for (const style of ['java', 'rust'] as const) {
    t.test(`${style}-style client authenticates and works on every node`, async (t) => {
      const client = await FlussTestClient.connect(gw.bootstrap, { auth: { username: 'alice', password: USERS.alice, style }, requestTimeoutMs: 4000 });
      t.teardown(() => client.close());
      await client.admin.createDatabase(`db_${style}`, true);
      t.ok((await client.admin.listDatabases()).includes(`db_${style}`));
      await waitForLine(gw.lines, (l) => l.msg === 'authenticated' && l.principal === 'User:alice');
    });
  }

  t.test('wrong password: code 46 with Fluss text, connection stays usable for a retry', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
    t.teardown(() => conn.close());
    const bad = await conn.request(ApiKey.AUTHENTICATE, 0, authBody('PLAIN', plain('alice', 'nope')), 3000);
    t.equal(bad.type, 1);
    t.same(decodeErrorResponse(bad.body), { code: 46, message: 'Authentication failed: Invalid username or password' });
    const before = await conn.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(0), 3000);
    t.equal(decodeErrorResponse(before.body).code, 46, 'still not authenticated: no principal was set');
    const good = await conn.request(ApiKey.AUTHENTICATE, 0, authBody('plain', plain('alice', USERS.alice)), 3000);
    t.equal(good.type, 0, 'retry on the same connection succeeds (protocol matched case-insensitively)');
    t.same([...good.body], [0x0a, 0x00], 'success carries an empty challenge');
    const after = await conn.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(0), 3000);
    t.equal(after.type, 0);
    const again = await conn.request(ApiKey.AUTHENTICATE, 0, authBody('PLAIN', plain('bob', USERS.bob)), 3000);
    t.equal(decodeErrorResponse(again.body).code, 46, 'a second authentication with credentials is refused');
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_STATE');
    t.notOk(JSON.stringify(gw.lines).includes('nope'), 'no password in the log');
  });

  t.test('request before authentication: 46 with the Fluss text', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
    t.teardown(() => conn.close());
    const r = await conn.request(ApiKey.LIST_DATABASES, 0, Buffer.alloc(0), 3000);
    t.match(decodeErrorResponse(r.body), { code: 46, message: /has not completed authentication yet/ });
    await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_REQUIRED');
  });

  t.test('bad tokens and mechanisms', async (t) => {
    const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
    t.teardown(() => conn.close());
    const cases: Array<[string, string, Buffer, RegExp]> = [
      ['missing NULs', 'PLAIN', Buffer.from('alice'), /expected 3 tokens, got 1/],
      ['truncated token', 'PLAIN', Buffer.from([0, 0x61]), /expected 3 tokens, got 2/],
      ['empty user', 'PLAIN', plain('', 'x'), /username not specified/],
      ['oversized token', 'PLAIN', Buffer.alloc(5000, 0x61), /exceeds/],
      ['mechanism not enabled', 'SCRAM-SHA-256', Buffer.from('n,,n=alice,r=abc'), /SASL server enables \[PLAIN\] while protocol of client is 'SCRAM-SHA-256'/],
    ];
    for (const [what, protocol, token, text] of cases) {
      const r = await conn.request(ApiKey.AUTHENTICATE, 0, authBody(protocol, token), 3000);
      t.equal(r.type, 1, `${what}: error`);
      t.match(decodeErrorResponse(r.body), { code: 46, message: text }, what);
    }
  });

  t.test('the test client surfaces the failure as code 46', async (t) => {
    await t.rejects(FlussTestClient.connect(gw.bootstrap, { auth: { username: 'alice', password: 'bad', style: 'java' }, requestTimeoutMs: 3000 }), FlussResponseError);
  });
});

t.test('an unauthenticated connection is closed after the auth timeout', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], authTimeoutMs: 300 }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  const r = await conn.request(ApiKey.API_VERSIONS, 0, Buffer.from([0x0a, 1, 0x78, 0x12, 1, 0x31]), 3000);
  t.equal(r.type, 0, 'API_VERSIONS is served before authentication');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_TIMEOUT', 3000);
  conn.close();
});

t.test('after too many failures from one address the connection is closed', async (t) => {
  const cluster = await startFlussCluster({ tabletServers: 1 });
  const gw = await startFlussGateway(cluster, { auth: (m) => testPolicy(m, { mechanisms: ['PLAIN'], throttle: { delayMs: 10, maxDelayMs: 50, closeAfter: 3 } }) });
  t.teardown(async () => {
    await gw.stop();
    await cluster.stop();
  });
  const conn = await FlussConnection.open('127.0.0.1', gw.port, { handshake: false });
  t.teardown(() => conn.close());
  for (let i = 0; i < 2; i++) {
    const r = await conn.request(ApiKey.AUTHENTICATE, 0, authBody('PLAIN', plain('alice', 'bad')), 3000);
    t.equal(decodeErrorResponse(r.body).code, 46, `failure ${i + 1} answered, connection kept`);
  }
  const third = await conn.request(ApiKey.AUTHENTICATE, 0, authBody('PLAIN', plain('alice', 'bad')), 3000);
  t.equal(decodeErrorResponse(third.body).code, 46, 'the third failure is still answered');
  await waitForLine(gw.lines, (l) => l.err === 'SW_ERR_AUTH_FAILED' && l.msg === 'connection closed');
  await t.rejects(conn.request(ApiKey.API_VERSIONS, 0, Buffer.alloc(0), 1000), 'then the connection is gone');
});
