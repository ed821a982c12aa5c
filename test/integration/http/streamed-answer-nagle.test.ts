// An answer the backend streams in small pieces (Flink's log and metrics routes do) must reach the
// client without waiting for ACKs: the listener disables Nagle on the sockets it hands to Node's
// HTTP server. With Nagle on, every piece after the first waits for the client's delayed ACK
// (about 40 ms on Linux), so a three-piece answer took ~44 ms; with it off, about 1 ms.
import t from 'tap';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHttpGateway } from '../../helpers/http/gateway.js';
import type { AclEntry } from '../../../src/acl/types.js';

const ACLS: AclEntry[] = [{ principal: 'User:alice', host: '*', resourceType: 'CLUSTER', resourceName: 'flink-cluster', patternType: 'LITERAL', operation: 'ALL', permission: 'ALLOW' }];

/** A backend that answers every request in three small writes, one event-loop turn apart. */
async function piecewiseBackend(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.flushHeaders();
    setImmediate(() => {
      res.write('{"a":');
      setImmediate(() => {
        res.write('1,"b":');
        setImmediate(() => res.end('2}'));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function timedGet(url: string, agent: http.Agent): Promise<{ ms: number; body: string }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/overview`, { agent, auth: 'alice:alice-secret' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ ms: performance.now() - t0, body }));
      })
      .on('error', reject);
  });
}

t.test('a streamed answer is not held back by Nagle on the client socket', async (t) => {
  const backend = await piecewiseBackend();
  t.teardown(() => backend.close());
  const gw = await startHttpGateway({ backendUrl: backend.url, users: { alice: 'alice-secret' }, services: { flinkAcls: ACLS }, auditAllows: 'none' });
  t.teardown(() => gw.stop());
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    const r = await timedGet(gw.url, agent);
    t.equal(r.body, '{"a":1,"b":2}', 'the whole answer arrives');
    if (i > 1) times.push(r.ms); // the first two warm the connection and the credential cache
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  t.ok(median < 20, `median time of a three-piece answer ${median.toFixed(2)} ms (Nagle with delayed ACK: ~44 ms)`);
});
