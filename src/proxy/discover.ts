/**
 * Runs a protocol's NodeDiscovery against the bootstrap servers: per attempt, one fresh
 * upstream connection, the attempt's frames written in order, one response per frame, then
 * close. The first attempt that yields nodes wins; failures of every attempt reject with
 * SW_ERR_NODE_UNKNOWN naming what went wrong. Bounded: frames over maxFrameBytes and attempts
 * slower than timeoutMs fail.
 */
import type tls from 'node:tls';
import { GatewayError } from '../errors.js';
import { UpstreamConnection, type UpstreamAddress } from './upstream.js';
import type { BackendNode, NodeDiscovery } from './protocol.js';
import type { UpstreamLogin } from './upstream-login.js';
import { toGatewayError } from '../errors.js';

export interface DiscoverOptions {
  bootstrap: UpstreamAddress[];
  tls?: tls.ConnectionOptions;
  timeoutMs: number;
  maxFrameBytes: number;
  /** The gateway's own login on each discovery connection (a SASL backend). */
  login?: () => UpstreamLogin | null;
}

function exchange(frames: Buffer[], opts: DiscoverOptions): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const responses: Buffer[] = [];
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      upstream.close();
      if (error) reject(error);
      else resolve(responses);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const upstream: UpstreamConnection = new UpstreamConnection({
      addresses: opts.bootstrap,
      tls: opts.tls,
      connectTimeoutMs: opts.timeoutMs,
      maxFrameBytes: opts.maxFrameBytes,
      login: ownLogin(opts),
      sink: {
        frame: (frame: Buffer) => {
          responses.push(Buffer.from(frame));
          if (responses.length === frames.length) finish();
        },
      },
      onConnect: () => {},
      onClose: (error) => finish(error ?? new Error('backend closed the connection')),
      onDrain: () => {},
    });
    for (const f of frames) upstream.write(f);
  });
}

function ownLogin(opts: DiscoverOptions): UpstreamLogin | GatewayError | undefined {
  try {
    return opts.login?.() ?? undefined;
  } catch (e) {
    return toGatewayError(e, 'SW_ERR_UPSTREAM_NO_CREDENTIAL');
  }
}

export async function discoverNodes(discovery: NodeDiscovery, opts: DiscoverOptions): Promise<BackendNode[]> {
  const failures: string[] = [];
  for (let i = 0; i < discovery.attempts.length; i++) {
    try {
      const nodes = discovery.nodes(i, await exchange(discovery.attempts[i]!, opts));
      if (nodes.length > 0) return nodes;
      failures.push(`attempt ${i + 1}: no nodes`);
    } catch (e) {
      failures.push(`attempt ${i + 1}: ${(e as Error).message}`);
    }
  }
  throw new GatewayError('SW_ERR_NODE_UNKNOWN', `discovery failed (${failures.join('; ')})`);
}
