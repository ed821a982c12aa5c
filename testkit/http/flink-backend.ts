/**
 * A stand-in for Flink's REST endpoint (JobManager, port 8081) for the HTTP listener tests.
 * Answers with the JSON shapes of the Flink REST API reference for the routes the tests use,
 * `{}`-like JSON for the other table routes, and `{"errors": ["Not Found"]}` with 404 for paths
 * outside the API. It records every request it sees (method, target, headers, body bytes,
 * whether the body ended), so tests can prove what reached it and what did not.
 *
 * Test controls, as query parameters on any route:
 *   sw-delay-ms=N     wait N ms before the response head (slow backend -> 504)
 *   sw-redirect=1     answer 302 with Location / Content-Location / Link naming this server
 *   sw-bytes=N        stream an N-byte body (response backpressure)
 *   sw-stall-ms=N     send the head and a first piece, then stall N ms
 *   sw-read-delay-ms=N  read request bodies slowly: pause N ms after every MiB (backpressure)
 * POST /jars/upload counts the multipart body as it streams, never holding it.
 */
import http from 'node:http';
import type net from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  bodyBytes: number;
  /** The body ended normally (false while streaming or when the sender aborted). */
  complete: boolean;
  aborted: boolean;
}

export interface FlinkBackend {
  port: number;
  url: string;
  requests: RecordedRequest[];
  /** Requests whose path (without query) equals p. */
  seen(p: string): RecordedRequest[];
  close(): Promise<void>;
}

export const JOB_ID = 'a5e0edd8e66b53f1b89c2041f91b8fd2';

function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A JobManager configuration as /jobmanager/config lists it: hosts, ports and secrets. */
export const JOBMANAGER_CONFIG = (self: string): Array<{ key: string; value: string }> => [
  { key: 'rest.port', value: '8081' },
  { key: 'rest.address', value: new URL(self).hostname },
  { key: 'jobmanager.rpc.address', value: 'flink-jobmanager.internal' },
  { key: 'high-availability.zookeeper.quorum', value: 'zk-0.internal:2181,zk-1.internal:2181' },
  { key: 'state.checkpoints.dir', value: 'hdfs://namenode.internal:8020/flink/checkpoints' },
  { key: 'web.log.path', value: `${self}/jobmanager/log` },
  { key: 'security.ssl.rest.keystore-password', value: 'keystore-secret' },
  { key: 'security.ssl.internal.key-password', value: 'internal-key-secret' },
  { key: 's3.access-key', value: 'AKIAEXAMPLEACCESSKEY' },
  { key: 's3.secret-key', value: 's3-secret-value' },
  { key: 'fs.azure.account.key.acct.blob.core.windows.net', value: 'azure-account-secret' },
  { key: 'metrics.reporter.dd.apikey', value: 'datadog-api-secret' },
  { key: 'kubernetes.token', value: 'k8s-token-secret' },
  { key: 'taskmanager.numberOfTaskSlots', value: '4' },
  { key: 'parallelism.default', value: '2' },
];

function flinkAnswer(method: string, path: string, self: string): [number, unknown] {
  const seg = path.split('/').filter(Boolean);
  if (seg[0] === 'v1') seg.shift();
  const p = '/' + seg.join('/');
  if (method === 'GET' && p === '/config')
    return [200, { 'refresh-interval': 3000, 'timezone-name': 'UTC', 'timezone-offset': 0, 'flink-version': '1.20.0', 'flink-revision': 'test', features: { 'web-submit': true, 'web-cancel': true } }];
  if (method === 'GET' && p === '/overview')
    return [
      200,
      { taskmanagers: 1, 'slots-total': 4, 'slots-available': 3, 'jobs-running': 1, 'jobs-finished': 0, 'jobs-cancelled': 0, 'jobs-failed': 0, 'flink-version': '1.20.0', 'flink-commit': 'test' },
    ];
  if (method === 'GET' && p === '/jobs') return [200, { jobs: [{ id: JOB_ID, status: 'RUNNING' }] }];
  if (method === 'GET' && p === '/jobs/overview')
    return [200, { jobs: [{ jid: JOB_ID, name: 'orders', state: 'RUNNING', 'start-time': 1700000000000, 'end-time': -1, duration: 1000, tasks: { running: 1 } }] }];
  if (method === 'GET' && p === '/jars') return [200, { address: self, files: [] }];
  if (method === 'GET' && (p === '/jobmanager/config' || /^\/jobs\/[0-9a-f]{32}\/jobmanager\/config$/.test(p))) return [200, JOBMANAGER_CONFIG(self)];
  if (method === 'GET' && (p === '/jobmanager/environment' || /^\/jobs\/[0-9a-f]{32}\/jobmanager\/environment$/.test(p))) {
    return [
      200,
      {
        jvm: {
          version: 'OpenJDK 64-Bit Server VM - 17',
          arch: 'amd64',
          options: ['-Xmx1073741824', '-Djavax.net.ssl.keyStorePassword=jvm-store-secret', '-Dlog.file=/opt/flink/log/jm.log', `-Drest.address=${new URL(self).hostname}`],
        },
        classpath: ['/opt/flink/lib/flink-dist.jar'],
      },
    ];
  }
  if (method === 'GET' && p === '/taskmanagers')
    return [200, { taskmanagers: [{ id: 'tm-1', path: 'pekko.tcp://flink@tm-host-1.internal:6122/user/rpc/taskmanager_0', dataPort: 6121, slotsNumber: 4, freeSlots: 3 }] }];
  if (seg[0] === 'jobs' && seg.length >= 2 && /^[0-9a-f]{32}$/i.test(seg[1])) {
    if (method === 'GET' && seg.length === 3 && seg[2] === 'config') {
      return [
        200,
        {
          jid: seg[1],
          name: 'orders',
          'execution-config': {
            'execution-mode': 'PIPELINED',
            'job-parallelism': 2,
            'user-config': {
              'db.url': 'jdbc:postgresql://orders-db.internal:5432/orders',
              'db.password': 'user-db-secret',
              'kafka.sasl.jaas.config': 'PlainLoginModule required username="u" password="jaas-secret";',
              batch: '100',
            },
          },
        },
      ];
    }
    if (method === 'GET' && seg.length === 2) return [200, { jid: seg[1], name: 'orders', state: 'RUNNING', vertices: [], 'status-counts': { RUNNING: 1 } }];
    if (method === 'PATCH' && seg.length === 2) return [202, {}];
    if (method === 'POST' && (seg[2] === 'stop' || seg[2] === 'savepoints')) return [202, { 'request-id': 'b7f5c0de1234' }];
    if (method === 'PATCH' && seg[2] === 'rescaling') return [200, { 'request-id': 'c0ffee' }];
  }
  if (method === 'POST' && seg[0] === 'jars' && seg[2] === 'run') return [200, { jobid: JOB_ID }];
  const known = ['config', 'overview', 'cluster', 'datasets', 'jars', 'jobmanager', 'jobs', 'savepoint-disposal', 'taskmanagers'];
  if (!known.includes(seg[0] ?? '')) return [404, { errors: ['Not Found'] }];
  return [200, { method, path: p }];
}

export async function startFlinkBackend(): Promise<FlinkBackend> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<net.Socket>();
  let self = '';
  const server = http.createServer((req, res) => {
    const rec: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, bodyBytes: 0, complete: false, aborted: false };
    requests.push(rec);
    const readDelay = Number(new URL(rec.url, 'http://x').searchParams.get('sw-read-delay-ms') ?? 0);
    let sincePause = 0;
    req.on('data', (c: Buffer) => {
      rec.bodyBytes += c.length;
      sincePause += c.length;
      if (readDelay > 0 && sincePause >= 1024 * 1024) {
        sincePause = 0;
        req.pause();
        setTimeout(() => req.resume(), readDelay);
      }
    });
    req.on('end', () => (rec.complete = true));
    req.on('aborted', () => (rec.aborted = true));
    req.on('error', () => (rec.aborted = true));
    const u = new URL(rec.url, self);
    const q = u.searchParams;
    const answer = () => {
      if (q.get('sw-redirect')) {
        res.writeHead(302, { location: `${self}/jobs/${JOB_ID}`, 'content-location': `${self}/jobs`, link: `<${self}/overview>; rel="related"`, 'x-upstream': u.host, 'content-length': 0 });
        return res.end();
      }
      const bigJson = Number(q.get('sw-json-bytes') ?? 0);
      if (bigJson > 0) {
        const entry = { key: 'filler', value: 'x'.repeat(1000) };
        return json(
          res,
          200,
          Array.from({ length: Math.ceil(bigJson / 1030) }, () => entry),
        );
      }
      const bytes = Number(q.get('sw-bytes') ?? 0);
      if (bytes > 0) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes });
        const piece = Buffer.alloc(64 * 1024, 0x61);
        let left = bytes;
        const pump = () => {
          while (left > 0) {
            const n = Math.min(left, piece.length);
            left -= n;
            if (!res.write(n === piece.length ? piece : piece.subarray(0, n))) return void res.once('drain', pump);
          }
          res.end();
        };
        return pump();
      }
      const stall = Number(q.get('sw-stall-ms') ?? 0);
      if (stall > 0) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
        const t = setTimeout(() => res.end('true}'), stall);
        return void res.once('close', () => clearTimeout(t));
      }
      if (req.method === 'POST' && u.pathname.replace(/^\/v1/, '') === '/jars/upload') {
        return void req.on('end', () => json(res, 200, { filename: `/tmp/flink-web-upload/6077eca7-6db0-4570-a4d0-4c3e05a5dc59_job.jar`, status: 'success', received: rec.bodyBytes }));
      }
      const [status, body] = flinkAnswer(req.method ?? 'GET', u.pathname, self);
      const send = () => json(res, status, body);
      if (rec.complete || (!req.headers['content-length'] && !req.headers['transfer-encoding'])) send();
      else req.on('end', send);
    };
    if (!readDelay) req.resume();
    const delay = Number(q.get('sw-delay-ms') ?? 0);
    if (delay > 0) {
      const t = setTimeout(answer, delay);
      res.once('close', () => clearTimeout(t));
    } else answer();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  self = `http://127.0.0.1:${port}`;
  return {
    port,
    url: self,
    requests,
    seen: (p) => requests.filter((r) => r.url.split('?')[0] === p),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
