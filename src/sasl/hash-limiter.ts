/**
 * Bounds password checking (scrypt for PLAIN and HTTP Basic, SCRAM proofs): at most `concurrency`
 * run at once and at most `queue` wait; an attempt beyond that is refused at once with
 * SW_ERR_AUTH_BUSY instead of waiting, so a flood of guesses cannot take over libuv's thread pool
 * (which file I/O and DNS share) or build an unbounded queue of pending work.
 */
import { GatewayError } from '../errors.js';

export interface HashLimits {
  concurrency: number;
  queue: number;
}

export class HashLimiter {
  #running = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly limits: HashLimits) {}

  get running(): number {
    return this.#running;
  }

  get queued(): number {
    return this.#waiting.length;
  }

  /** Runs `work` when a slot is free; rejects with SW_ERR_AUTH_BUSY when the queue is full. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limits.concurrency) {
      if (this.#waiting.length >= this.limits.queue) {
        throw new GatewayError('SW_ERR_AUTH_BUSY', `${this.#running} running, ${this.#waiting.length} queued`);
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next)
        next(); // the slot passes to the next waiter: #running stays the same
      else this.#running--;
    }
  }
}
