// pump(): the response-body copy of backend.ts. Resolves when the destination finished, with
// everything copied under backpressure; rejects on either side's failure and destroys the source.
// AbortOnce: the abort signal handed to undici fires once, with the first reason.
import { PassThrough, Readable, Writable } from 'node:stream';
import t from 'tap';
import { AbortOnce, pump } from '../../../src/http/pump.js';

t.test('copies every byte with backpressure and resolves after finish', async (t) => {
  const chunks = Array.from({ length: 200 }, (_, i) => Buffer.alloc(1024, i));
  const got: Buffer[] = [];
  let pending = 0;
  const slow = new Writable({
    highWaterMark: 2048,
    write(chunk: Buffer, _enc, cb) {
      got.push(chunk);
      pending++;
      setImmediate(() => (pending--, cb()));
    },
  });
  await pump(Readable.from(chunks), slow);
  t.ok(slow.writableFinished, 'the destination finished before the promise resolved');
  t.equal(pending, 0);
  t.same(Buffer.concat(got), Buffer.concat(chunks));
});

t.test('a destination closed before finishing rejects as a premature close and destroys the source', async (t) => {
  const src = new PassThrough();
  const dst = new PassThrough();
  const done = pump(src, dst);
  src.write('part');
  dst.destroy();
  await t.rejects(done, { code: 'ERR_STREAM_PREMATURE_CLOSE' });
  t.ok(src.destroyed, 'the source is destroyed');
});

t.test('a source error rejects with that error and destroys the source', async (t) => {
  const src = new PassThrough();
  const dst = new PassThrough();
  dst.resume();
  const done = pump(src, dst);
  src.write('part');
  const e = Object.assign(new Error('stalled'), { code: 'UND_ERR_BODY_TIMEOUT' });
  src.destroy(e);
  await t.rejects(done, { code: 'UND_ERR_BODY_TIMEOUT' });
  t.notOk(dst.writableFinished, 'the destination was not ended as if the body were complete');
});

t.test('a source that closes without ending rejects', async (t) => {
  const src = new PassThrough();
  const dst = new PassThrough();
  dst.resume();
  const done = pump(src, dst);
  src.destroy();
  await t.rejects(done, { code: 'ERR_STREAM_PREMATURE_CLOSE' });
});

t.test('AbortOnce: fires once, keeps the first reason', async (t) => {
  const a = new AbortOnce();
  let fired = 0;
  a.on('abort', () => fired++);
  t.equal(a.aborted, false);
  a.abort('first');
  a.abort('second');
  t.equal(fired, 1);
  t.equal(a.aborted, true);
  t.equal(a.reason, 'first');
});
