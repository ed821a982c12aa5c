// The request target is refused or put in one canonical form before any route rule sees it.
import t from 'tap';
import fc from 'fast-check';
import { canonicalTarget, encodeSegment } from '../../../src/http/request-path.js';
import { isHttpFailure } from '../../../src/http/errors.js';

function refused(target: string): string | null {
  try {
    canonicalTarget(target);
    return null;
  } catch (e) {
    return isHttpFailure(e) ? `${e.status} ${e.code}` : 'other';
  }
}

t.test('clean targets', async (t) => {
  t.same(canonicalTarget('/'), { segments: [], version: null, path: '/', query: null, forward: '/' });
  t.same(canonicalTarget('/jobs/overview'), { segments: ['jobs', 'overview'], version: null, path: '/jobs/overview', query: null, forward: '/jobs/overview' });
  t.same(canonicalTarget('/v1/jobs?x=1&y=a,b'), { segments: ['jobs'], version: 'v1', path: '/v1/jobs', query: 'x=1&y=a,b', forward: '/v1/jobs?x=1&y=a,b' });
  t.equal(canonicalTarget('/jobs/').path, '/jobs', 'trailing slash dropped');
  t.equal(canonicalTarget('/%6A%6Fbs').path, '/jobs', 'unreserved escapes decoded');
  t.same(canonicalTarget('/jars/a%20b.jar').segments, ['jars', 'a b.jar']);
  t.equal(canonicalTarget('/jars/a%20b.jar').path, '/jars/a%20b.jar', 're-encoded for forwarding');
  t.equal(canonicalTarget('/jars/%E2%82%AC.jar').segments[1], '€.jar', 'UTF-8 escapes');
  t.equal(canonicalTarget('/jars/a+b').path, '/jars/a%2Bb', '+ is written unambiguously');
  t.equal(canonicalTarget('/jobs/%3B').path, '/jobs/%3B', 'an encoded ; stays encoded');
});

t.test('refused targets', async (t) => {
  const bad = [
    'http://evil/jobs',
    '*',
    'jobs',
    '/jobs#x',
    '/jobs/../config',
    '/jobs/%2e%2e/config',
    '/jobs/%2E',
    '/./jobs',
    '/jars%2Fupload',
    '/jars%2fupload',
    '/a%5Cb',
    '/a\\b',
    '/a%25b',
    '/a%00',
    '/a%0d%0a',
    '/a%7F',
    '//jobs',
    '/jobs//x',
    '/jobs;x',
    '/a%zz',
    '/a%',
    '/a%C3',
    '/jobs/"x"',
    '/jobs/<x>',
    '/jobs/é',
    '/jobs?a=b c',
    '/jobs?a=\x01',
    '/jobs/{x}',
  ];
  for (const b of bad) t.equal(refused(b), '400 SW_ERR_HTTP_BAD_PATH', JSON.stringify(b));
});

t.test('property: whatever is accepted forwards a path that decodes to the matched segments', async (t) => {
  const seg = fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '-', '_', '~', '%', '2', 'F', 'e', '/', ';', ' ', '\\', '+', '€'), maxLength: 6 });
  fc.assert(
    fc.property(fc.array(seg, { maxLength: 4 }), (segs) => {
      const target = '/' + segs.join('/');
      let c;
      try {
        c = canonicalTarget(target);
      } catch {
        return true;
      }
      const all = c.version ? [c.version, ...c.segments] : c.segments;
      const reparsed =
        c.path === '/'
          ? []
          : c.path
              .slice(1)
              .split('/')
              .map((s) => decodeURIComponent(s));
      return JSON.stringify(reparsed) === JSON.stringify(all) && all.every((s) => s !== '' && s !== '.' && s !== '..' && !s.includes('/')) && canonicalTarget(c.path).path === c.path;
    }),
    { numRuns: 2000 },
  );
  t.pass('held');
});

t.test('encodeSegment keeps pchar and escapes the rest', async (t) => {
  t.equal(encodeSegment("job-1_x.~!$&'()*,=:@"), "job-1_x.~!$&'()*,=:@");
  t.equal(encodeSegment('a/b c%;+'), 'a%2Fb%20c%25%3B%2B');
});
