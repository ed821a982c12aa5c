/**
 * A tiny protocol for testing the proxy core without Kafka or Fluss: frames are
 * `int32 size | int32 id | int8 op | payload`. The toy session decides by op:
 *   0 forward (the toy backend echoes the frame after `delayMs` = payload int32 at 0, if any)
 *   1 forward, no response expected
 *   2 answer locally with the frame itself (op byte set to 0x82)
 *   3 close the connection
 *   4 forward after an asynchronous verdict (20 ms)
 *   5 forward; the backend answers with `payload int32` bytes of 0xab (large responses); with a
 *     second int32 `holdMs` > 0 it sends the first half of the answer at once and the rest after
 *     holdMs (the time it sent the rest is in `restSentAt`)
 *   6 like 5, but the answer's bytes are a pattern that tells any two positions apart (toyPattern)
 */
import net from 'node:net';
import { GatewayError } from '../../src/errors.js';
import type { ConnectionContext, ProtocolAdapter, ProtocolSession, RequestInfo, Verdict } from '../../src/proxy/protocol.js';

export function toyFrame(id: number, op: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const f = Buffer.alloc(9 + payload.length);
  f.writeInt32BE(5 + payload.length, 0);
  f.writeInt32BE(id, 4);
  f.writeInt8(op, 8);
  payload.copy(f, 9);
  return f;
}

/** The payload of an op 6 answer of `size` bytes to request `id`. */
export function toyPattern(id: number, size: number): Buffer {
  const b = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) b[i] = (i + id + (i >> 8)) % 251;
  return b;
}

export function int32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n, 0);
  return b;
}

class ToySession implements ProtocolSession {
  private readonly failureAnswers: boolean;
  constructor(ctx: ConnectionContext) {
    this.failureAnswers = (ctx.services.toyFailureAnswers as boolean | undefined) ?? false;
  }
  onRequest(frame: Buffer): Verdict | Promise<Verdict> {
    if (frame.length < 9) return { kind: 'close', error: new GatewayError('SW_ERR_MALFORMED_REQUEST', 'short toy frame') };
    const id = frame.readInt32BE(4);
    const op = frame.readInt8(8);
    const info: RequestInfo = { apiKey: op, apiVersion: 0, id, expectResponse: op !== 1, api: `op${op}` };
    switch (op) {
      case 0:
      case 1:
      case 5:
      case 6:
        return { kind: 'forward', info, frame };
      case 2: {
        const copy = Buffer.from(frame);
        copy[8] = 0x82;
        return { kind: 'respond', info, frame: copy };
      }
      case 3:
        return { kind: 'close', info, error: new GatewayError('SW_ERR_AUTHZ_DENIED', 'toy close') };
      case 4:
        return new Promise((r) => setTimeout(() => r({ kind: 'forward', info, frame }), 20));
      default:
        return { kind: 'close', info, error: new GatewayError('SW_ERR_UNKNOWN_API_KEY', `op ${op}`) };
    }
  }
  onResponse(_info: RequestInfo, frame: Buffer): Buffer {
    return frame;
  }
  forwardsResponse(info: RequestInfo): boolean {
    return info.apiKey === 5 || info.apiKey === 6;
  }
  onUpstreamFailure(info: RequestInfo): Buffer | null {
    return this.failureAnswers ? toyFrame(info.id, 0x7f) : null;
  }
}

export class ToyAdapter implements ProtocolAdapter {
  readonly name = 'toy';
  constructor(readonly orderedResponses: boolean) {}
  responseId(frame: Buffer): number | undefined {
    return frame.length >= 8 ? frame.readInt32BE(4) : undefined;
  }
  newSession(ctx: ConnectionContext): ProtocolSession {
    return new ToySession(ctx);
  }
}

/** The toy backend: echoes op 0/4 frames after an optional delay, answers op 5 with big frames. */
export async function startToyBackend(): Promise<{ port: number; flushedBytes: () => number; restSentAt: () => number; sockets: Set<net.Socket>; close(): Promise<void> }> {
  let flushed = 0;
  let restSentAt = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let buf = Buffer.alloc(0);
    s.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 4 && buf.length >= 4 + buf.readInt32BE(0)) {
        const len = 4 + buf.readInt32BE(0);
        const f = buf.subarray(0, len);
        buf = buf.subarray(len);
        const op = f.readInt8(8);
        const id = f.readInt32BE(4);
        if (op === 1) continue;
        if (op === 6) {
          s.write(toyFrame(id, 6, toyPattern(id, f.readInt32BE(9))));
          continue;
        }
        if (op === 5) {
          const out = toyFrame(id, 5, Buffer.alloc(f.readInt32BE(9), 0xab));
          const holdMs = f.length >= 17 ? f.readInt32BE(13) : 0;
          if (holdMs > 0) {
            const half = out.length >> 1;
            s.write(out.subarray(0, half));
            setTimeout(() => {
              restSentAt = performance.now();
              s.write(out.subarray(half), () => (flushed += out.length));
            }, holdMs);
          } else s.write(out, () => (flushed += out.length));
          continue;
        }
        const delay = f.length >= 13 ? f.readInt32BE(9) : 0;
        const copy = Buffer.from(f);
        if (delay > 0) setTimeout(() => s.write(copy), delay);
        else s.write(copy);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    flushedBytes: () => flushed,
    restSentAt: () => restSentAt,
    sockets,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
