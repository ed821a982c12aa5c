/**
 * The in-flight table of one client connection: every request that will get an answer, whether
 * the backend answers it or the gateway does. Answers are released to the client in request
 * order when the protocol needs it (Kafka), or as soon as they are ready (Fluss).
 *
 * Entry life:  added -> (forwarded -> matched by the backend's response id) -> completed -> released
 */
import type { RequestInfo } from './protocol.js';
import type { GatewayError } from '../errors.js';

export interface InflightEntry {
  info: RequestInfo;
  /** process.hrtime.bigint() when the frame was complete at the gateway. */
  receivedAt: bigint;
  /** When it was written to the backend (0n for local answers). */
  forwardedAt: bigint;
  /** Undefined while pending; null when completed without bytes to send; a list = one frame in pieces. */
  response: Buffer | Buffer[] | null | undefined;
  /** Close the connection once this answer is released. */
  closeAfter?: GatewayError;
}

export class InflightTable {
  private queue: InflightEntry[] = [];
  private head = 0;
  private readonly awaitingBackend = new Map<number, InflightEntry[]>();
  private backendCount = 0;

  constructor(private readonly ordered: boolean) {}

  /** Entries not yet released to the client. */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Entries forwarded and still waiting for the backend. */
  get waitingForBackend(): number {
    return this.backendCount;
  }

  add(info: RequestInfo, receivedAt: bigint): InflightEntry {
    const entry: InflightEntry = { info, receivedAt, forwardedAt: 0n, response: undefined };
    this.queue.push(entry);
    return entry;
  }

  /** The entry was written to the backend; its answer will be matched by id. */
  forwarded(entry: InflightEntry, at: bigint): void {
    entry.forwardedAt = at;
    const list = this.awaitingBackend.get(entry.info.id);
    if (list) list.push(entry);
    else this.awaitingBackend.set(entry.info.id, [entry]);
    this.backendCount++;
  }

  /** The oldest forwarded entry with this id, removed from the waiting set. */
  matchBackend(id: number): InflightEntry | undefined {
    const list = this.awaitingBackend.get(id);
    if (!list) return undefined;
    const entry = list.shift();
    if (list.length === 0) this.awaitingBackend.delete(id);
    this.backendCount--;
    return entry;
  }

  /** Every entry still waiting for the backend (used when the backend fails). */
  drainBackendWaiters(): InflightEntry[] {
    const all: InflightEntry[] = [];
    for (const list of this.awaitingBackend.values()) all.push(...list);
    this.awaitingBackend.clear();
    this.backendCount = 0;
    return all;
  }

  /** The oldest forwarded entry with this id, left in place. */
  peekBackend(id: number): InflightEntry | undefined {
    return this.awaitingBackend.get(id)?.[0];
  }

  /**
   * Whether `entry`'s answer may go to the client now, before any other: the oldest unreleased
   * entry (ordered), or any entry when no completed answer waits for release (unordered).
   */
  isNext(entry: InflightEntry): boolean {
    if (this.ordered) return this.head < this.queue.length && this.queue[this.head] === entry;
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i].response !== undefined) return false;
    return true;
  }

  complete(entry: InflightEntry, response: Buffer | Buffer[] | null, closeAfter?: GatewayError): void {
    entry.response = response;
    if (closeAfter) entry.closeAfter = closeAfter;
  }

  /**
   * Release completed entries: all of them in order up to the first pending one (ordered), or
   * every completed one (unordered). Returns them in release order.
   */
  release(): InflightEntry[] {
    const out: InflightEntry[] = [];
    if (this.ordered) {
      while (this.head < this.queue.length && this.queue[this.head].response !== undefined) {
        out.push(this.queue[this.head++]);
      }
    } else {
      let kept = this.head;
      for (let i = this.head; i < this.queue.length; i++) {
        const e = this.queue[i];
        if (e.response !== undefined) out.push(e);
        else this.queue[kept++] = e;
      }
      this.queue.length = kept;
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return out;
  }
}
