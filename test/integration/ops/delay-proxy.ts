/**
 * A TCP proxy for tests that makes a backend slow: bytes from the client pass at once, bytes
 * from the backend are held for `delayMs` (changeable while running; order is kept). kill()
 * cuts every connection and stops listening, like a backend that dies.
 */
import net from 'node:net';

export interface DelayProxy {
  port: number;
  delayMs: number;
  /** Connections accepted so far. */
  accepted: number;
  kill(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, delayMs = 0): Promise<DelayProxy> {
  const sockets = new Set<net.Socket>();
  const proxy: DelayProxy = { port: 0, delayMs, accepted: 0, kill: async () => {} };
  const server = net.createServer((client) => {
    proxy.accepted++;
    const backend = net.connect(target);
    sockets.add(client).add(backend);
    let releaseAt = 0;
    client.on('data', (c) => backend.write(c));
    backend.on('data', (c) => {
      releaseAt = Math.max(releaseAt, Date.now() + proxy.delayMs);
      setTimeout(() => client.write(c), releaseAt - Date.now());
    });
    const end = () => {
      client.destroy();
      backend.destroy();
    };
    for (const s of [client, backend]) {
      s.on('error', end);
      s.on('close', () => {
        sockets.delete(s);
        end();
      });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.kill = async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  };
  return proxy;
}
