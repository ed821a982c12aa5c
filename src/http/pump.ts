/**
 * Two small per-request helpers of backend.ts, lighter than their general Node forms (one
 * request through the HTTP listener should cost microseconds of the gateway's own work):
 *
 *   AbortOnce  an abort signal for undici (it takes an EventEmitter with `aborted`/`reason`):
 *              no AbortController, EventTarget or DOMException per request.
 *   pump       streams a response body into the client response with backpressure, resolves
 *              when the client response has finished, rejects with the first error of either
 *              side (a client that went away: ERR_STREAM_PREMATURE_CLOSE) and then destroys the
 *              source; what stream.pipeline does for two streams, without its AbortController.
 */
import { EventEmitter } from 'node:events';
import type { Readable, Writable } from 'node:stream';

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

function prematureClose(): Error {
  return Object.assign(new Error('premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

export function pump(src: Readable, dst: Writable): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      src.removeListener('error', settle);
      src.removeListener('close', onSrcClose);
      dst.removeListener('error', settle);
      dst.removeListener('close', onDstClose);
      dst.removeListener('finish', onFinish);
      if (err === undefined) return resolve();
      src.unpipe(dst);
      src.destroy();
      reject(err);
    };
    const onFinish = (): void => settle();
    const onSrcClose = (): void => {
      if (!src.readableEnded) settle(prematureClose());
    };
    const onDstClose = (): void => {
      if (!dst.writableFinished) settle(prematureClose());
    };
    src.on('error', settle);
    src.on('close', onSrcClose);
    dst.on('error', settle);
    dst.on('close', onDstClose);
    dst.on('finish', onFinish);
    src.pipe(dst);
  });
}
