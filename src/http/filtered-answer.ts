/**
 * Reading a backend answer whole so that it can be filtered (config-answer.ts) before anything
 * is sent to the client. The buffer is bounded: a declared Content-Length over the bound, or a
 * body growing past it, withholds the answer (502, SW_ERR_HTTP_RESPONSE_TOO_LARGE) instead of
 * passing it unfiltered. Encoded (compressed) bodies and bodies that are not JSON are withheld
 * too (SW_ERR_REWRITE_FAILED): what cannot be read cannot be checked.
 */
import type { Readable } from 'node:stream';
import { HttpFailure } from './errors.js';

export interface AnswerFilter {
  /** Largest answer buffered for filtering. */
  maxBytes: number;
  filter(json: unknown): unknown;
}

type Headers = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v.join(',') : v ?? '').trim().toLowerCase();
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
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > f.maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
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
