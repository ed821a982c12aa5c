/**
 * One worker process of a `workers: N` gateway (node:cluster). It runs the whole gateway except
 * the admin server (the primary serves /metrics and /readyz for all) and obeys the primary:
 *
 *   request metrics|readiness → reply    reload → what SIGHUP does    drain → what SIGTERM does
 *   close → closes at once                node   → opens the node endpoint the primary assigned
 *
 * Node ports are claimed from the primary (node-ports.ts). A SIGTERM/SIGINT sent to the worker
 * itself drains it as well (systemd signals the whole control group); a SIGHUP sent to it
 * directly is ignored, since the primary forwards SIGHUP (no double reload). If the channel to
 * the primary closes (the primary died), the worker closes and exits.
 */
import { EventEmitter } from 'node:events';
import type { RunningGateway } from '../gateway.js';
import type { Logger } from '../log.js';
import type { BackendNode } from '../proxy/protocol.js';
import { isClusterMessage, isNode, type ToPrimary } from './messages.js';

function send(m: ToPrimary): void {
  if (process.connected) process.send?.(m);
}

/** Port claims waiting for the primary's answer. */
const claims = new Map<number, { resolve: (port: number) => void; reject: (e: Error) => void }>();
let nextClaim = 1;

/** GatewayOptions.nodePortClaim of a worker: ask the primary. */
export function claimNodePort(listener: string, node: BackendNode): Promise<number> {
  const id = nextClaim++;
  return new Promise((resolve, reject) => {
    claims.set(id, { resolve, reject });
    send({ sw: 'claim', id, listener, node: { key: node.key, host: node.host, port: node.port } });
  });
}

function onClaimed(m: Record<string, unknown>): void {
  const waiting = claims.get(m.id as number);
  if (!waiting) return;
  claims.delete(m.id as number);
  if (typeof m.port === 'number') waiting.resolve(m.port);
  else waiting.reject(new Error(String(m.error)));
}

/** How `streamward run` handles stop and reload signals (src/cli/signals.ts); its caller passes it. */
export type HandleSignals = (gw: RunningGateway, opts: { drainTimeoutMs: number; log: Logger; source: EventEmitter }) => { done: Promise<void>; remove(): void };

/** Serves the primary's requests until the gateway has closed; resolves then. */
export async function serveAsWorker(gw: RunningGateway, opts: { drainTimeoutMs: number; log: Logger; handleSignals: HandleSignals }): Promise<void> {
  const { log } = opts;
  const signals = new EventEmitter();
  const handled = opts.handleSignals(gw, { drainTimeoutMs: opts.drainTimeoutMs, log, source: signals });
  const term = (): void => void signals.emit('SIGTERM');
  const hupIgnored = (): void => {};
  process.on('SIGTERM', term);
  process.on('SIGINT', term);
  process.on('SIGHUP', hupIgnored);
  const onMessage = (m: unknown): void => {
    if (!isClusterMessage(m)) return;
    switch (m.sw) {
      case 'claimed':
        onClaimed(m);
        return;
      case 'reload':
        signals.emit('SIGHUP');
        return;
      case 'drain':
        signals.emit('SIGTERM');
        return;
      case 'close':
        signals.emit('SIGTERM');
        signals.emit('SIGTERM');
        return;
      case 'node': {
        const l = gw.listeners.get(String(m.listener));
        if (l && isNode(m.node)) l.endpointFor(m.node).catch((e: Error) => log.error({ err: 'SW_ERR_INTERNAL', detail: e.message, node: (m.node as BackendNode).key }, 'node endpoint not opened'));
        return;
      }
      case 'request': {
        const id = m.id as number;
        const body = m.what === 'metrics' ? gw.metrics.registry.getMetricsAsJSON() : Promise.resolve(gw.readiness.report());
        body.then(
          (b) => send({ sw: 'reply', id, body: b }),
          (e: Error) => send({ sw: 'reply', id, body: { error: e.message } }),
        );
        return;
      }
    }
  };
  process.on('message', onMessage);
  process.once('disconnect', () => signals.emit('SIGTERM'));
  send({ sw: 'ready' });
  await handled.done;
  handled.remove();
  process.removeListener('SIGTERM', term);
  process.removeListener('SIGINT', term);
  process.removeListener('message', onMessage);
  for (const c of claims.values()) c.reject(new Error('worker closing'));
}
