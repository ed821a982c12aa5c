// AbortOnce: the abort signal handed to undici fires once, with the first reason.
import t from 'tap';
import { AbortOnce } from '../../../src/http/abort-once.js';

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
