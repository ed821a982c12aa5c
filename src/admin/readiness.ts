/**
 * Readiness of the gateway for `/readyz`: every listener is bound, the backend of every listener
 * (its cluster's bootstrap list, or the edge gateway of a client-side sidecar) answers a TCP
 * connect, and the gateway is not draining. Backends are probed periodically in the background,
 * so a probe request never waits on the network.
 *
 *   unknown ──probe ok──► reachable ──probe failed──► unreachable ──probe ok──► reachable
 *   any ──setDraining()──► not ready (for good)
 */
import net from 'node:net';
import type { Metrics } from '../metrics.js';
import type { Config, ListenerConfig, StreamCluster } from '../config/types.js';

export interface HostPort {
  host: string;
  port: number;
}

export interface ProbeTarget {
  listener: string;
  /** Tried in order; the backend is reachable when any of them accepts a connection. */
  addresses: HostPort[];
}

/** What a listener connects to: its cluster's bootstrap list, or a sidecar's edge gateway. */
export function backendAddresses(l: ListenerConfig, config: Config): HostPort[] {
  return l.mode === 'gateway' ? (config.clusters[l.cluster] as StreamCluster).bootstrap : [l.upstream.address];
}

export type Connect = (addr: HostPort, timeoutMs: number) => Promise<void>;

export interface ReadinessOptions {
  targets: ProbeTarget[];
  /** Whether each listener is bound (asked at every report). */
  bound: () => Map<string, boolean>;
  intervalMs?: number;
  timeoutMs?: number;
  metrics?: Metrics;
  connect?: Connect;
}

export interface ListenerReadiness {
  bound: boolean;
  backend: 'unknown' | 'reachable' | 'unreachable';
  /** Why the last probe failed (addresses and socket errors). */
  detail?: string;
}

export interface ReadinessReport {
  ready: boolean;
  draining: boolean;
  /** A shared store (etcd) is unreachable: the gateway serves the last state it saw (still ready). */
  degraded?: boolean;
  /** Shared stores by name (acls, credentials): healthy, or degraded with why (only with etcd stores). */
  stores?: Record<string, { healthy: boolean; detail?: string }>;
  listeners: Record<string, ListenerReadiness>;
}

/** A plain TCP connect that is closed as soon as it succeeds. */
export const tcpConnect: Connect = (addr, timeoutMs) =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: addr.host, port: addr.port });
    const timer = setTimeout(() => socket.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.destroy();
      resolve();
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });

export class Readiness {
  private readonly state = new Map<string, { backend: ListenerReadiness['backend']; detail?: string }>();
  private timer: NodeJS.Timeout | null = null;
  private probing: Promise<void> | null = null;
  private draining = false;
  private readonly connect: Connect;

  constructor(private readonly options: ReadinessOptions) {
    this.connect = options.connect ?? tcpConnect;
    for (const t of options.targets) this.state.set(t.listener, { backend: 'unknown' });
  }

  /** Probe now, then every intervalMs (the timer does not keep the process alive). */
  start(): Promise<void> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.probe(), this.options.intervalMs ?? 5000);
      this.timer.unref();
    }
    return this.probe();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private readonly stores = new Map<string, { healthy: boolean; detail?: string }>();

  /**
   * Health of a shared store. Degraded does not make the gateway unready: it keeps serving with
   * the last state it saw (taking every replica out of a Service at once because etcd is down
   * would turn an etcd outage into a full outage).
   */
  setStoreHealth(store: string, healthy: boolean, detail?: string): void {
    this.stores.set(store, healthy ? { healthy } : { healthy, detail });
    this.options.metrics?.storeHealthy.set({ store }, healthy ? 1 : 0);
  }

  setDraining(): void {
    this.draining = true;
    this.publish();
  }

  /** One round of probes; concurrent callers share it. */
  probe(): Promise<void> {
    this.probing ??= Promise.all(this.options.targets.map((t) => this.probeTarget(t))).then(() => {
      this.probing = null;
      this.publish();
    });
    return this.probing;
  }

  private async probeTarget(t: ProbeTarget): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 2000;
    const failures: string[] = [];
    for (const addr of t.addresses) {
      try {
        await this.connect(addr, timeoutMs);
        this.state.set(t.listener, { backend: 'reachable' });
        return;
      } catch (e) {
        failures.push(`${addr.host}:${addr.port}: ${(e as Error).message}`);
      }
    }
    this.state.set(t.listener, { backend: 'unreachable', detail: failures.join('; ') });
  }

  report(): ReadinessReport {
    const bound = this.options.bound();
    const listeners: Record<string, ListenerReadiness> = {};
    let ready = !this.draining && bound.size > 0;
    for (const [name, isBound] of bound) {
      const s = this.state.get(name) ?? { backend: 'unknown' as const };
      listeners[name] = { bound: isBound, ...s };
      if (!isBound || s.backend !== 'reachable') ready = false;
    }
    if (this.stores.size === 0) return { ready, draining: this.draining, listeners };
    const degraded = [...this.stores.values()].some((s) => !s.healthy);
    return { ready, draining: this.draining, degraded, stores: Object.fromEntries(this.stores), listeners };
  }

  private publish(): void {
    const m = this.options.metrics;
    if (!m) return;
    const r = this.report();
    m.ready.set(r.ready ? 1 : 0);
    for (const [name, l] of Object.entries(r.listeners)) m.backendReachable.set({ listener: name }, l.backend === 'reachable' ? 1 : 0);
  }
}
