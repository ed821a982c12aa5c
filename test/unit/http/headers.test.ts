// Header handling of the reverse proxy: what goes to the backend, what comes back.
import t from 'tap';
import { AddressRewriter, requestHeadersForBackend, responseHeadersForClient } from '../../../src/http/headers.js';

t.test('request headers for the backend', async (t) => {
  const out = requestHeadersForBackend(
    [
      'Host',
      'gw:8443',
      'Connection',
      'keep-alive, X-Hop',
      'X-Hop',
      '1',
      'Keep-Alive',
      '5',
      'TE',
      'trailers',
      'Upgrade',
      'h2c',
      'Transfer-Encoding',
      'chunked',
      'Authorization',
      'Basic eDp5',
      'Proxy-Authorization',
      'x',
      'X-Forwarded-For',
      '6.6.6.6',
      'Forwarded',
      'for=x',
      'X-Real-IP',
      '6.6.6.6',
      'Expect',
      '100-continue',
      'Content-Type',
      'application/json',
      'Accept',
      'a',
      'Accept',
      'b',
    ],
    { clientIp: '10.0.0.7', proto: 'https', host: 'gw:8443', backendHost: 'flink:8081' },
  );
  t.same(out, ['host', 'flink:8081', 'Content-Type', 'application/json', 'Accept', 'a', 'Accept', 'b', 'x-forwarded-for', '10.0.0.7', 'x-forwarded-proto', 'https', 'x-forwarded-host', 'gw:8443']);
});

t.test('response headers for the client', async (t) => {
  const rw = new AddressRewriter('http://flink-jm:8081', 'https://gw.example.com:8443');
  const out = responseHeadersForClient(
    {
      location: 'http://flink-jm:8081/jobs/1',
      'content-location': '//FLINK-JM:8081/x',
      link: ['<http://flink-jm:8081/a>', '<http://other:8081/b>'],
      'x-served-by': 'flink-jm:8081',
      'x-port-lookalike': 'flink-jm:80812',
      connection: 'close, X-Private',
      'x-private': 'p',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'content-type': 'application/json',
      'set-cookie': ['a=1', 'b=2'],
    },
    rw,
  );
  t.same(out, {
    location: 'https://gw.example.com:8443/jobs/1',
    'content-location': '//gw.example.com:8443/x',
    link: ['<https://gw.example.com:8443/a>', '<http://other:8081/b>'],
    'x-served-by': 'gw.example.com:8443',
    'x-port-lookalike': 'flink-jm:80812',
    'content-type': 'application/json',
    'set-cookie': ['a=1', 'b=2'],
  });
});

t.test('rewriting with a default port and a base path', async (t) => {
  const rw = new AddressRewriter('http://flink/rest', 'https://gw:8443');
  t.equal(rw.rewrite('http://flink/rest/jobs'), 'https://gw:8443/jobs');
  t.equal(rw.rewrite('http://flink:80/rest'), 'https://gw:8443');
  t.equal(rw.rewrite('http://flink/restless'), 'https://gw:8443/restless', 'a longer path is not the base path');
  t.equal(rw.rewrite('http://flinkx/jobs'), 'http://flinkx/jobs', 'another host is left alone');
});
