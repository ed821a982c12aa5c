/**
 * The HTTP benchmark's backend: a Node `http` server that answers every request with the same
 * small `GET /jobs/overview`-shaped JSON (prebuilt bytes, content-length, keep-alive) and keeps
 * nothing per request, so it answers in microseconds and the proxy's own cost shows in the
 * figures (a backend that does real work per request hides it). Fresh per measurement.
 *
 * Usage: node dist/bench/http/fast-backend-process.js
 * Prints `URL http://127.0.0.1:PORT` once listening; runs until stdin ends or SIGTERM/SIGINT.
 */
import http from 'node:http';
import type net from 'node:net';
import { runChild, stopWhenParentGoes } from '../common/child-lifecycle.js';

export const OVERVIEW = Buffer.from(
  JSON.stringify({
    jobs: [{ jid: 'a5e0edd8e66b53f1b89c2041f91b8fd2', name: 'bench', state: 'RUNNING', 'start-time': 1700000000000, 'end-time': -1, duration: 1000, tasks: { total: 4, running: 4 } }],
  }),
);
const HEAD = { 'content-type': 'application/json; charset=UTF-8', 'content-length': String(OVERVIEW.length) };

async function main(): Promise<void> {
  const server = http.createServer({ keepAliveTimeout: 60_000, noDelay: true }, (req, res) => {
    req.resume();
    res.writeHead(200, HEAD);
    res.end(OVERVIEW);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`URL http://127.0.0.1:${(server.address() as net.AddressInfo).port}\n`);
  stopWhenParentGoes(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
}

runChild('fast-backend-process', main);
