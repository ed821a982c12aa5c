/**
 * Fuzz targets: the HTTP request guard (request-guard.ts), the request-target canonicaliser
 * (request-path.ts) and the Flink route matcher (route-match.ts).
 *
 * Guard input: request heads built from the headers that decide framing and routing
 * (Content-Length, Transfer-Encoding, Host, Expect, in any case, repeated, with edge values),
 * their text mutations. Crash: anything but HttpFailure; an accepted head that is ambiguous
 * (two lengths, both length and chunked, no single Host on 1.1) or whose result disagrees
 * with its headers.
 * Path input: targets built from Flink routes with job ids, percent escapes (valid, broken,
 * encoded slash/dot/percent, UTF-8), dot segments, empty segments, queries, fragments, and
 * their mutations. Crash: anything but HttpFailure; a canonical target that canonicalises to
 * something else (not idempotent) or that matches another route when re-read; matchRoute
 * throwing.
 */
import fc from 'fast-check';
import { HttpFailure } from '../../src/http/errors.js';
import { guardRequestHead, ALLOWED_METHODS } from '../../src/http/request-guard.js';
import { canonicalTarget } from '../../src/http/request-path.js';
import { matchRoute } from '../../src/http/route-match.js';
import { FLINK_ROUTES } from '../../src/http/flink-routes.js';
import { mutateText, variantsArb } from '../lib/mutate.js';
import { oracle, target } from '../lib/target.js';

const headerName = fc.constantFrom('Content-Length', 'content-length', 'Transfer-Encoding', 'TRANSFER-ENCODING', 'Host', 'host', 'Expect', 'Accept', 'X-Other');
const headerValue = fc.oneof(
  fc.constantFrom(
    '0',
    '10',
    ' 5 ',
    '-1',
    '1e3',
    '0x10',
    '999999999999999',
    '9999999999999999',
    'chunked',
    'Chunked ',
    'gzip, chunked',
    'identity',
    'example.com',
    'example.com:8081',
    '[::1]:80',
    'a b',
    'evil.com@x',
    '100-continue',
    '200-ok',
    '',
  ),
  fc.string({ maxLength: 12 }),
);
const headArb = fc.record({
  method: fc.oneof(fc.constantFrom(...ALLOWED_METHODS, 'CONNECT', 'TRACE', 'get', 'BREW'), fc.string({ maxLength: 8 })),
  httpVersion: fc.constantFrom('1.1', '1.0', '2.0', '0.9', ''),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
});

function checkHead(method: string, httpVersion: string, rawHeaders: string[]): void {
  const g = guardRequestHead({ method, httpVersion, rawHeaders });
  const of = (n: string) => rawHeaders.filter((_, i) => i % 2 === 0 && rawHeaders[i].toLowerCase() === n).length;
  const cl = of('content-length');
  const te = of('transfer-encoding');
  oracle(cl <= 1 && te <= 1 && !(cl === 1 && te === 1), 'accepted a head with ambiguous framing');
  oracle(of('host') === 1 || (httpVersion === '1.0' && of('host') === 0), 'accepted a head without exactly one Host');
  oracle(g.hasBody === (te === 1 || (g.contentLength !== null && g.contentLength > 0)), 'hasBody disagrees with the framing headers');
  oracle(te === 0 || g.contentLength === null, 'chunked request with a content length');
}

const hex32 = fc.stringMatching(/^[0-9a-fA-F]{32}$/);
const segment = fc.oneof(
  fc.constantFrom('jobs', 'overview', 'v1', 'config', '.', '..', '%2e', '%2E%2e', '%2F', '%5C', '%25', '%00', '%41', '%zz', '%4', '%C3%BC', '%FF', 'a;b', 'ü', 'index.html', 'assets', ''),
  hex32,
  fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,=:@-]{1,8}$/),
);
const routePath = fc
  .constantFrom(...FLINK_ROUTES)
  .chain((r) =>
    fc.tuple(
      ...r.pattern
        .split('/')
        .slice(1)
        .map((p) => (p.startsWith(':') ? (p === ':jobid' ? hex32 : segment) : fc.constant(p))),
    ),
  )
  .map((parts) => '/' + parts.join('/'));
const targetArb = fc
  .tuple(
    fc.oneof(
      routePath,
      fc.array(segment, { maxLength: 5 }).map((s) => '/' + s.join('/')),
    ),
    fc.constantFrom('', '/', '?a=b', '?x=%zz&y', '#frag', '?q#f', '//x'),
    fc.boolean(),
  )
  .map(([path, tail, versioned]) => (versioned ? '/v1' : '') + path + tail);

function checkTarget(method: string, t: string): void {
  const c = canonicalTarget(t);
  const again = canonicalTarget(c.forward);
  oracle(JSON.stringify(again) === JSON.stringify(c), 'canonical target is not canonical (re-parses differently)');
  const m1 = matchRoute(method, c.segments, c.version);
  const m2 = matchRoute(method, again.segments, again.version);
  oracle(JSON.stringify(m1) === JSON.stringify(m2), 'canonical target matches another route when re-read');
}

export const httpGuardTarget = target({
  name: 'http-request-guard',
  crash: 'guardRequestHead: anything but HttpFailure; an accepted head with ambiguous framing or Host; a result disagreeing with the headers',
  arbitrary: fc.tuple(headArb, variantsArb(12)),
  expected: (e) => e instanceof HttpFailure,
  check([h, variants], probe) {
    const raw = h.headers.flat();
    probe(JSON.stringify(h), () => checkHead(h.method, h.httpVersion, raw));
    for (const muts of variants) {
      const mutated = raw.map((s, i) => (i % 3 === muts.length % 3 ? mutateText(s, muts) : s));
      const method = mutateText(h.method, muts);
      probe(JSON.stringify([method, mutated]), () => checkHead(method, h.httpVersion, mutated));
    }
  },
});

export const httpPathTarget = target({
  name: 'http-path-canonicaliser',
  crash: 'canonicalTarget: anything but HttpFailure; not idempotent; re-read target matching another route; matchRoute throwing',
  arbitrary: fc.tuple(targetArb, fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'HEAD'), variantsArb(12), fc.string({ maxLength: 40 })),
  expected: (e) => e instanceof HttpFailure,
  check([t, method, variants, raw], probe) {
    probe(t, () => checkTarget(method, t));
    for (const muts of variants) {
      const m = mutateText(t, muts);
      probe(m, () => checkTarget(method, m));
    }
    probe(raw, () => checkTarget(method, raw));
    probe('/' + raw, () => checkTarget(method, '/' + raw));
  },
});
