/**
 * The primary's view of its workers: forks N (node:cluster), restarts one that exits while the
 * gateway is not stopping (after a back-off that doubles per quick death, 250 ms up to 10 s,
 * reset once a worker has lived a minute), logs each death with SW_ERR_WORKER_EXITED, and asks
 * the workers questions over IPC (metrics, readiness) with a timeout.
 *
 *   forked ──'ready'──► ready ──exit──► (stopping? gone : restart after back-off)
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../log.js';
import type { PrimaryMetrics } from '../metrics.js';
import { isClusterMessage, isNode, type ToWorker } from './messages.js';
import type { NodePortAllocator } from './node-ports.js';

const BACKOFF_FIRST_MS = 250;
const BACKOFF_MAX_MS = 10_000;
const STABLE_AFTER_MS = 60_000;
const ASK_TIMEOUT_MS = 2000;

export interface Slot {
  /** 1..N, stable across restarts of the slot (the `worker` label). */
  index: number;
  worker: Worker | null;
  ready: boolean;
  startedAt: number;
  failures: number;
}

export class Supervisor {
  readonly slots: Slot[] = [];
  stopping = false;
  private anyReady = false;
  private nextAsk = 1;
  private readonly asks = new Map<number, (body: unknown) => void>();
  /** Resolves when every worker has exited after stop(). */
  readonly allExited: Promise<void>;
  private resolveExited: () => void = () => {};
  /** Set once the first start has failed (a worker died before any was ready). */
  onStartFailure: ((reason: string) => void) | null = null;

  constructor(
    count: number,
    private readonly nodes: NodePortAllocator,
    private readonly metrics: PrimaryMetrics,
    private readonly log: Logger,
  ) {
    for (let i = 1; i <= count; i++) this.slots.push({ index: i, worker: null, ready: false, startedAt: 0, failures: 0 });
    this.allExited = new Promise((r) => (this.resolveExited = r));
  }

  start(): void {
    for (const s of this.slots) this.fork(s);
  }

  private fork(slot: Slot): void {
    const worker = cluster.fork({ STREAMWARD_WORKER: String(slot.index) });
    Object.assign(slot, { worker, ready: false, startedAt: Date.now() });
    worker.on('message', (m: unknown) => this.onMessage(slot, worker, m));
    worker.once('exit', (code, signal) => this.onExit(slot, worker, code, signal));
  }

  private onMessage(slot: Slot, worker: Worker, m: unknown): void {
    if (!isClusterMessage(m)) return;
    if (m.sw === 'ready') {
      slot.ready = true;
      this.anyReady = true;
      for (const a of this.nodes.all()) this.sendTo(worker, { sw: 'node', ...a });
      this.updateGauge();
    } else if (m.sw === 'reply') {
      this.asks.get(m.id as number)?.(m.body);
    } else if (m.sw === 'claim' && isNode(m.node)) {
      const id = m.id as number;
      this.nodes.claim(String(m.listener), m.node).then(
        (port) => this.sendTo(worker, { sw: 'claimed', id, port }),
        (e: Error) => this.sendTo(worker, { sw: 'claimed', id, error: e.message }),
      );
    }
  }

  private onExit(slot: Slot, worker: Worker, code: number | null, signal: string | null): void {
    if (slot.worker !== worker) return;
    Object.assign(slot, { worker: null, ready: false });
    this.updateGauge();
    if (this.stopping) {
      if (this.slots.every((s) => s.worker === null)) this.resolveExited();
      return;
    }
    if (!this.anyReady && this.onStartFailure) {
      this.onStartFailure(`worker ${slot.index} exited during start (code ${code}, signal ${signal})`);
      return;
    }
    slot.failures = Date.now() - slot.startedAt > STABLE_AFTER_MS ? 1 : slot.failures + 1;
    const delayMs = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (slot.failures - 1));
    const reason = signal ?? `code ${code}`;
    this.metrics.workerRestarts.inc({ reason });
    this.log.error({ err: 'SW_ERR_WORKER_EXITED', worker: slot.index, pid: worker.process.pid, code, signal, restartInMs: delayMs }, 'worker exited; restarting');
    setTimeout(() => {
      if (!this.stopping) this.fork(slot);
      else if (this.slots.every((s) => s.worker === null)) this.resolveExited();
    }, delayMs).unref();
  }

  private updateGauge(): void {
    this.metrics.workers.set(this.slots.filter((s) => s.ready).length);
  }

  sendTo(worker: Worker, m: ToWorker | { sw: 'claimed'; id: number; port?: number; error?: string }): void {
    if (worker.isConnected()) worker.send(m, (e: Error | null) => e && this.log.debug({ detail: e.message }, 'worker message not delivered'));
  }

  broadcast(m: ToWorker): void {
    for (const s of this.slots) if (s.worker) this.sendTo(s.worker, m);
  }

  /** Asks every running worker; a worker that does not answer in time gives undefined. */
  ask(what: 'metrics' | 'readiness'): Promise<Array<{ slot: Slot; body: unknown }>> {
    return Promise.all(
      this.slots.map(async (slot) => {
        const worker = slot.worker;
        if (!worker || !slot.ready) return { slot, body: undefined };
        const id = this.nextAsk++;
        const body = await new Promise<unknown>((resolve) => {
          const timer = setTimeout(() => {
            this.log.warn({ err: 'SW_ERR_WORKER_UNRESPONSIVE', worker: slot.index, what }, 'worker did not answer');
            resolve(undefined);
          }, ASK_TIMEOUT_MS);
          this.asks.set(id, (b) => {
            clearTimeout(timer);
            resolve(b);
          });
          this.sendTo(worker, { sw: 'request', id, what });
        });
        this.asks.delete(id);
        return { slot, body };
      }),
    );
  }

  /** No more restarts; resolves allExited once every worker is gone. */
  stop(): void {
    this.stopping = true;
    if (this.slots.every((s) => s.worker === null)) this.resolveExited();
  }
}
