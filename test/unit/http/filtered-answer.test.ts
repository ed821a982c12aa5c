// Bounded reading of answers to filter (src/http/filtered-answer.ts): per answer and shared.
import { PassThrough } from 'node:stream';
import t from 'tap';
import { filteredAnswer, type AnswerFilter } from '../../../src/http/filtered-answer.js';

const identity = (json: unknown) => json;

t.test('an answer over the bound is withheld, by declared length or as it streams', async (t) => {
  const f: AnswerFilter = { maxBytes: 10, filter: identity };
  const body = new PassThrough();
  await t.rejects(filteredAnswer(body, { 'content-length': '11' }, f), { code: 'SW_ERR_HTTP_RESPONSE_TOO_LARGE', status: 502 });
  const streamed = new PassThrough();
  streamed.end('["0123456789"]');
  await t.rejects(filteredAnswer(streamed, {}, f), { code: 'SW_ERR_HTTP_RESPONSE_TOO_LARGE' });
});

t.test('compressed or non-JSON answers are withheld', async (t) => {
  const f: AnswerFilter = { maxBytes: 100, filter: identity };
  await t.rejects(filteredAnswer(new PassThrough(), { 'content-encoding': 'gzip' }, f), { code: 'SW_ERR_REWRITE_FAILED' });
  const html = new PassThrough();
  html.end('<html>');
  await t.rejects(filteredAnswer(html, {}, f), { code: 'SW_ERR_REWRITE_FAILED' });
});

t.test('concurrent answers share one budget, released when each one ends', async (t) => {
  const shared = { used: 0, max: 12 };
  const f: AnswerFilter = { maxBytes: 100, shared, filter: identity };
  const first = new PassThrough();
  const pending = filteredAnswer(first, {}, f);
  first.write('["01234567"'); // 11 bytes held while the answer is incomplete
  await new Promise((r) => setImmediate(r));
  t.equal(shared.used, 11);
  const second = new PassThrough();
  second.end('[1,2]');
  await t.rejects(filteredAnswer(second, {}, f), { code: 'SW_ERR_HTTP_RESPONSE_TOO_LARGE', status: 503 }, 'no budget left for a second answer');
  first.end(']');
  t.same(JSON.parse((await pending).toString()), ['01234567']);
  t.equal(shared.used, 0, 'released');
  const third = new PassThrough();
  third.end('[1,2]');
  t.same(JSON.parse((await filteredAnswer(third, {}, f)).toString()), [1, 2], 'budget available again');
});
