/** Starts a bare Listener (no config file) for integration tests of the core and adapters. */
import { Listener } from '../../src/proxy/listener.js';
import { DEFAULT_LIMITS, type ProxyLimits } from '../../src/proxy/settings.js';
import { Metrics } from '../../src/metrics.js';
import { createMemoryLogger } from '../../src/log.js';
import type { ProtocolAdapter, GatewayServices } from '../../src/proxy/protocol.js';
import type { ServerTlsState } from '../../src/tls/server-context.js';
import type { UpstreamAddress } from '../../src/proxy/upstream.js';
import type { NodeKind, NodePortPlan } from '../../src/config/node-port-map.js';
import type { SniNames } from '../../src/proxy/sni-router.js';

export interface TestListener {
  listener: Listener;
  port: number;
  metrics: Metrics;
  lines: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export async function startTestListener(opts: {
  adapter: ProtocolAdapter;
  bootstrap: UpstreamAddress[];
  tls?: ServerTlsState | null;
  limits?: Partial<ProxyLimits>;
  services?: GatewayServices;
  name?: string;
  metrics?: Metrics;
  /** Default 'auto' (ephemeral node ports). */
  nodePorts?: NodePortPlan | 'auto';
  /** Bind and advertised host; default 127.0.0.1 (other 127.x.y.z addresses let replicas share ports). */
  host?: string;
  sni?: SniNames & { mainKind: NodeKind };
}): Promise<TestListener> {
  const { log, lines } = createMemoryLogger('debug');
  const metrics = opts.metrics ?? new Metrics();
  const listener = new Listener({
    name: opts.name ?? 'test',
    bind: { host: opts.host ?? '127.0.0.1', port: 0 },
    advertiseHost: opts.host ?? '127.0.0.1',
    nodePorts: opts.nodePorts ?? 'auto',
    tls: opts.tls ?? null,
    sni: opts.sni ?? null,
    adapter: opts.adapter,
    bootstrap: opts.bootstrap,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    metrics,
    services: opts.services ?? {},
    log,
  });
  await listener.start();
  return { listener, port: listener.boundPort, metrics, lines, stop: () => listener.close() };
}

/** Waits until a log line matching `pred` appears (or fails after timeoutMs). */
export async function waitForLine(lines: Array<Record<string, unknown>>, pred: (l: Record<string, unknown>) => boolean, timeoutMs = 3000): Promise<Record<string, unknown>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const hit = lines.find(pred);
    if (hit) return hit;
    if (Date.now() > end) throw new Error(`no log line matched within ${timeoutMs} ms; have: ${JSON.stringify(lines.slice(-5))}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
