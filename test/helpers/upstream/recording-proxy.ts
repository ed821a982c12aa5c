/**
 * A TCP pass-through in front of a backend that records, per connection, the api key of every
 * request frame the gateway sent through it (Kafka and Fluss both start a request with int32
 * length, int16 api key), in order: tests prove what reached the backend, and in which order.
 */
import net from 'node:net';
import { Framer } from '../../../src/proxy/framer.js';

export interface RecordingProxy {
  port: number;
  /** The api keys sent on each connection, connections in the order they were opened. */
  keys: number[][];
  close(): Promise<void>;
}

export async function startRecordingProxy(target: { host: string; port: number }): Promise<RecordingProxy> {
  const keys: number[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const seen: number[] = [];
    keys.push(seen);
    const framer = new Framer(1 << 30);
    const backend = net.connect(target);
    for (const s of [client, backend]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        backend.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, (f) => void seen.push(f.readInt16BE(4)));
      } catch {
        // not length-prefixed frames (a TLS connection): pass it on, record nothing
      }
      backend.write(chunk);
    });
    backend.pipe(client);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    keys,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
