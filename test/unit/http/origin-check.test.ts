// The CSRF guard of the HTTP listener (src/http/origin-check.ts).
import t from 'tap';
import { OriginPolicy, originOf, ownOrigins } from '../../../src/http/origin-check.js';

t.test('origins as browsers write them', async (t) => {
  t.equal(originOf('https://Flink.Example.com:443/x?y'), 'https://flink.example.com');
  t.equal(originOf('null'), null);
  t.equal(originOf('file:///etc/passwd'), null);
  t.same(ownOrigins('https', ['flink.example.com', '0.0.0.0'], 8443), ['https://flink.example.com:8443'], 'a wildcard bind is no origin');
  t.same(ownOrigins('http', ['::1', '10.0.0.1'], 80), ['http://[::1]', 'http://10.0.0.1'], 'IPv6 bracketed, default port dropped');
});

t.test('OriginPolicy.check', async (t) => {
  const p = new OriginPolicy(['https://ui.example']);
  const refused = (method: string, headers: string[]) => t.throws(() => p.check(method, headers), { code: 'SW_ERR_HTTP_CROSS_ORIGIN', status: 403 }, `${method} ${headers.join(' ')}`);
  refused('POST', ['Origin', 'https://evil.example']);
  refused('PUT', ['origin', 'null']);
  refused('DELETE', ['Referer', 'https://evil.example/a']);
  refused('PATCH', ['Referer', 'not a url']);
  refused('POST', ['Origin', 'https://ui.example', 'Origin', 'https://ui.example']);
  refused('POST', ['Origin', 'https://evil.example', 'Referer', 'https://ui.example/']);
  t.doesNotThrow(() => p.check('POST', ['Origin', 'https://ui.example']));
  t.doesNotThrow(() => p.check('POST', ['Referer', 'https://ui.example/#/submit']));
  t.doesNotThrow(() => p.check('POST', []), 'neither header: not a browser');
  t.doesNotThrow(() => p.check('GET', ['Origin', 'https://evil.example']), 'GET is not state-changing');
  t.doesNotThrow(() => p.check('OPTIONS', ['Origin', 'https://evil.example']));
});
