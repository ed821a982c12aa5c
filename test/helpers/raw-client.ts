/** A raw TCP (or TLS) client that sends bytes and collects length-prefixed frames. */
import net from 'node:net';
import tls from 'node:tls';
import { Framer } from '../../src/proxy/framer.js';

export interface RawClient {
  socket: net.Socket;
  frames: Buffer[];
  send(bytes: Buffer): void;
  /** Resolves with the first `n` frames (or rejects after timeoutMs). */
  waitFrames(n: number, timeoutMs?: number): Promise<Buffer[]>;
  /** Resolves when the server closes the connection. */
  closed: Promise<void>;
  close(): void;
}

export async function connectRaw(port: number, opts: { tls?: tls.ConnectionOptions; host?: string; localAddress?: string } = {}): Promise<RawClient> {
  const host = opts.host ?? '127.0.0.1';
  const local = opts.localAddress ? { localAddress: opts.localAddress } : {};
  const socket: net.Socket = opts.tls ? tls.connect({ host, port, ...local, ...opts.tls }) : net.connect({ host, port, ...local });
  await new Promise<void>((resolve, reject) => {
    socket.once(opts.tls ? 'secureConnect' : 'connect', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  const frames: Buffer[] = [];
  const framer = new Framer(1 << 30);
  socket.on('data', (c: Buffer) => framer.push(c, (f) => frames.push(Buffer.from(f))));
  const closed = new Promise<void>((r) => socket.once('close', () => r()));
  return {
    socket,
    frames,
    closed,
    send: (b) => socket.write(b),
    close: () => socket.destroy(),
    async waitFrames(n, timeoutMs = 3000) {
      const end = Date.now() + timeoutMs;
      while (frames.length < n) {
        if (Date.now() > end) throw new Error(`expected ${n} frames, got ${frames.length}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      return frames.slice(0, n);
    },
  };
}

/** Resolves true if the promise settles within ms, false otherwise. */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const res = await Promise.race([p.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)))]);
  clearTimeout(timer);
  return res;
}
