/** Bounds of the request-head guard: header field count (431) and Host length (400). */
import t from 'tap';
import { performance } from 'node:perf_hooks';
import { guardRequestHead, MAX_HEADER_FIELDS, MAX_HOST_LENGTH } from '../../../src/http/request-guard.js';
import { isHttpFailure } from '../../../src/http/errors.js';

function refusal(rawHeaders: string[]): string | null {
  try {
    guardRequestHead({ method: 'GET', httpVersion: '1.1', rawHeaders });
    return null;
  } catch (e) {
    return isHttpFailure(e) ? `${e.status} ${e.code}` : 'other';
  }
}

const fields = (n: number): string[] => ['Host', 'gw', ...Array.from({ length: n - 1 }, (_, i) => [`X-${i}`, 'v']).flat()];

t.test('header field count', async (t) => {
  t.equal(refusal(fields(MAX_HEADER_FIELDS)), null);
  t.equal(refusal(fields(MAX_HEADER_FIELDS + 1)), '431 SW_ERR_HTTP_HEADERS_TOO_LARGE');
});

t.test('Host length', async (t) => {
  t.equal(refusal(['Host', 'a'.repeat(MAX_HOST_LENGTH - 6) + ':65535']), null);
  t.equal(refusal(['Host', 'a'.repeat(MAX_HOST_LENGTH + 1)]), '400 SW_ERR_HTTP_BAD_REQUEST');
});

t.test('a head with 50,000 fields is refused fast', async (t) => {
  const raw = fields(50_000);
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) t.equal(refusal(raw), '431 SW_ERR_HTTP_HEADERS_TOO_LARGE');
  const each = (performance.now() - t0) / 100;
  t.ok(each < 10, `refused in ${each.toFixed(3)} ms`);
});
