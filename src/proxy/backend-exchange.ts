/**
 * One request, one answer: a short-lived gateway-side connection to the backend, used where the
 * gateway must learn something from the backend itself rather than forward a client's request
 * (e.g. which api versions it supports, so unauthenticated clients never cause a backend
 * connection). Resolves with the first response frame; rejects on failure or timeout.
 */
import { GatewayError } from '../errors.js';
import { UpstreamConnection, type UpstreamAddress } from './upstream.js';
import type tls from 'node:tls';

export interface ExchangeTarget {
  addresses: UpstreamAddress[];
  tls?: tls.ConnectionOptions;
  connectTimeoutMs: number;
}

/** Largest answer accepted (an ApiVersions answer is a few KiB). */
const MAX_ANSWER_BYTES = 1024 * 1024;

export function exchangeOnce(target: ExchangeTarget, frame: Buffer, timeoutMs = target.connectTimeoutMs * 2): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: GatewayError | null, answer?: Buffer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      upstream.close();
      if (err) reject(err);
      else resolve(answer!);
    };
    const timer = setTimeout(() => finish(new GatewayError('SW_ERR_UPSTREAM_UNREACHABLE', `no answer within ${timeoutMs} ms`)), timeoutMs);
    const upstream = new UpstreamConnection({
      addresses: target.addresses,
      tls: target.tls,
      connectTimeoutMs: target.connectTimeoutMs,
      maxFrameBytes: MAX_ANSWER_BYTES,
      onConnect: () => {},
      sink: { frame: (f) => finish(null, Buffer.from(f)) },
      onDrain: () => {},
      onClose: (err) => finish(err ?? new GatewayError('SW_ERR_UPSTREAM_CLOSED', 'closed before answering')),
    });
    upstream.write(frame);
  });
}
