/**
 * Bounds of the path canonicaliser: target length (414), segment count and length (400), all
 * checked before the expensive passes, and canonicalisation time linear in the target length.
 */
import t from 'tap';
import { lowestTimeRatio } from '../../helpers/timing.js';
import { performance } from 'node:perf_hooks';
import { canonicalTarget, MAX_PATH_SEGMENTS, MAX_SEGMENT_LENGTH, MAX_TARGET_LENGTH } from '../../../src/http/request-path.js';
import { isHttpFailure } from '../../../src/http/errors.js';

function refusal(target: string): string | null {
  try {
    canonicalTarget(target);
    return null;
  } catch (e) {
    return isHttpFailure(e) ? `${e.status} ${e.code}` : 'other';
  }
}

t.test('target length', async (t) => {
  const at = '/' + 'a'.repeat(MAX_TARGET_LENGTH - 1);
  t.equal(at.length, MAX_TARGET_LENGTH);
  t.equal(refusal('/x/' + 'a'.repeat(MAX_SEGMENT_LENGTH)), null, 'a long but bounded segment passes');
  t.equal(refusal(at + 'a'), '414 SW_ERR_HTTP_URI_TOO_LONG');
  t.equal(refusal('/jobs?' + 'q'.repeat(MAX_TARGET_LENGTH)), '414 SW_ERR_HTTP_URI_TOO_LONG', 'the query counts too');
  t.equal(refusal('/' + '%41'.repeat(2_000_000)), '414 SW_ERR_HTTP_URI_TOO_LONG', 'a 6 MB target is refused by its length alone');
});

t.test('segment count and length', async (t) => {
  const segs = (n: number): string => '/' + Array.from({ length: n }, () => 'a').join('/');
  t.equal(refusal(segs(MAX_PATH_SEGMENTS)), null);
  t.equal(refusal(segs(MAX_PATH_SEGMENTS) + '/'), null, 'a trailing slash after the last allowed segment');
  t.equal(refusal(segs(MAX_PATH_SEGMENTS + 1)), '400 SW_ERR_HTTP_BAD_PATH');
  t.equal(refusal('/' + 'b'.repeat(MAX_SEGMENT_LENGTH)), null);
  t.equal(refusal('/' + 'b'.repeat(MAX_SEGMENT_LENGTH + 1)), '400 SW_ERR_HTTP_BAD_PATH');
  t.equal(refusal('/x/' + '%41'.repeat(400)), '400 SW_ERR_HTTP_BAD_PATH', 'the raw (encoded) length counts');
});

t.test('a refusal at the bound is fast and allocates nothing large', async (t) => {
  const huge = '/' + 'a/'.repeat(1_000_000);
  const heap = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) t.ok(refusal(huge));
  const each = (performance.now() - t0) / 100;
  t.ok(each < 10, `refused in ${each.toFixed(3)} ms`);
  t.ok(process.memoryUsage().heapUsed - heap < 16 * 1024 * 1024, 'no per-segment allocation');
});

t.test('canonicalisation of worst-case accepted targets is linear in their length', async (t) => {
  // Every character an escape of a multi-byte character: decoded, checked and re-encoded.
  const target = (len: number): string => '/' + Array.from({ length: 4 }, () => '%C3%A9'.repeat(Math.floor(len / 4 / 6))).join('/');
  const small = target(256);
  const large = target(4080);
  const k = Math.round(large.length / small.length);
  const ratio = lowestTimeRatio(
    () => canonicalTarget(large),
    () => {
      for (let i = 0; i < k; i++) canonicalTarget(small);
    },
    { enough: 6, floorMs: 0.02 },
  );
  t.ok(ratio < 6, `one ${k}x target took ${ratio.toFixed(1)}x the time of ${k} small ones`);
});
