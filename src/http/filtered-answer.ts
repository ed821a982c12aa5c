/**
 * Reading a backend answer whole so that it can be filtered (config-answer.ts) before anything
 * is sent to the client. The buffer is bounded: a declared Content-Length over the bound, or a
 * body growing past it, withholds the answer (502, SW_ERR_HTTP_RESPONSE_TOO_LARGE) instead of
 * passing it unfiltered. All answers being filtered at once share a budget (`shared`): when it is
 * spent, a further answer is withheld (503) instead of growing memory with the number of
 * concurrent requests. Encoded (compressed) bodies and bodies that are not JSON are withheld
 * too (SW_ERR_REWRITE_FAILED): what cannot be read cannot be checked.
 */
import type { Readable } from 'node:stream';
import { HttpFailure } from './errors.js';

/** Bytes held by all answers being filtered at once, and the most they may hold. */
export interface FilterBudget {
  used: number;
  max: number;
}

export interface AnswerFilter {
  /** Largest answer buffered for filtering. */
  maxBytes: number;
  /** Shared by every answer of the listener; absent = no shared bound. */
  shared?: FilterBudget;
  filter(json: unknown): unknown;
}

type Headers = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).trim().toLowerCase();
}

/** The filtered body (JSON text as bytes); throws HttpFailure, the backend body destroyed. */
export async function filteredAnswer(body: Readable, headers: Headers, f: AnswerFilter): Promise<Buffer> {
  const tooLarge = () => new HttpFailure('SW_ERR_HTTP_RESPONSE_TOO_LARGE', 502, `answer over ${f.maxBytes} bytes`);
  const encoding = one(headers['content-encoding']);
  if (encoding !== '' && encoding !== 'identity') {
    body.destroy();
    throw new HttpFailure('SW_ERR_REWRITE_FAILED', 502, `encoded answer (${encoding.slice(0, 40)}) cannot be filtered`);
  }
  const declared = Number(one(headers['content-length']) || '0');
  if (declared > f.maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const budget = f.shared;
  try {
    for await (const chunk of body) {
      const n = (chunk as Buffer).length;
      size += n;
      if (size > f.maxBytes) {
        body.destroy();
        throw tooLarge();
      }
      if (budget && budget.used + n > budget.max) {
        body.destroy();
        throw new HttpFailure('SW_ERR_HTTP_RESPONSE_TOO_LARGE', 503, 'too many configuration answers being filtered at once; try again');
      }
      if (budget) budget.used += n;
      chunks.push(chunk as Buffer);
    }
  } finally {
    if (budget) budget.used -= chunks.reduce((a, c) => a + c.length, 0);
  }
  if (size === 0) return Buffer.alloc(0);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.concat(chunks, size).toString('utf8'));
  } catch {
    throw new HttpFailure('SW_ERR_REWRITE_FAILED', 502, 'answer is not JSON');
  }
  return Buffer.from(JSON.stringify(f.filter(json)), 'utf8');
}
