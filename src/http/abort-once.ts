/**
 * An abort signal for undici's request to the backend (undici takes an EventEmitter with
 * `aborted`/`reason`): no AbortController, EventTarget or DOMException per request, as one
 * request through the HTTP listener should cost microseconds of the gateway's own work.
 */
import { EventEmitter } from 'node:events';

export class AbortOnce extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}
