/**
 * The admin HTTP server, on its own bind (loopback by default, `admin.bind`):
 *   GET /metrics  Prometheus text format of the gateway's registry (process metrics included)
 *   GET /healthz  200 while the process serves requests (liveness)
 *   GET /readyz   200 when ready, 503 otherwise, with a JSON body saying why (readiness.ts)
 * Nothing else is served: other paths 404, other methods 405. No secrets are reachable here.
 */
import http from 'node:http';
import type net from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../log.js';
import type { ReadinessReport } from './readiness.js';

export interface AdminServerOptions {
  bind: { host: string; port: number };
  /** A registry, or (`workers: N` primary) anything that renders the aggregated exposition. */
  registry: Pick<Registry, 'metrics' | 'contentType'>;
  readiness: () => ReadinessReport | Promise<ReadinessReport>;
  log: Logger;
}

function send(res: http.ServerResponse, status: number, contentType: string, body: string, head: boolean): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

const JSON_TYPE = 'application/json; charset=utf-8';

export class AdminServer {
  private readonly server: http.Server;
  port = 0;

  constructor(private readonly options: AdminServerOptions) {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000;
    this.server.headersTimeout = 10_000;
    this.server.requestTimeout = 10_000;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.setHeader('allow', 'GET, HEAD');
      send(res, 405, JSON_TYPE, '{"error":"method not allowed"}\n', false);
      return;
    }
    try {
      switch (path) {
        case '/metrics': {
          const text = await this.options.registry.metrics();
          send(res, 200, this.options.registry.contentType, text, head);
          return;
        }
        case '/healthz':
          send(res, 200, JSON_TYPE, '{"status":"ok"}\n', head);
          return;
        case '/readyz': {
          const r = await this.options.readiness();
          send(res, r.ready ? 200 : 503, JSON_TYPE, `${JSON.stringify({ status: r.ready ? 'ready' : 'not ready', ...r })}\n`, head);
          return;
        }
        default:
          send(res, 404, JSON_TYPE, '{"error":"not found"}\n', head);
      }
    } catch (e) {
      this.options.log.error({ err: 'SW_ERR_INTERNAL', detail: (e as Error).message, path }, 'admin request failed');
      if (!res.headersSent) send(res, 500, JSON_TYPE, '{"error":"internal error"}\n', head);
      else res.destroy();
    }
  }

  /** Binds; resolves with the bound port (admin.bind port 0 = any free port). */
  start(): Promise<number> {
    const { host, port } = this.options.bind;
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.removeListener('error', onError);
        this.port = (this.server.address() as net.AddressInfo).port;
        this.options.log.info({ bind: `${host}:${this.port}` }, 'admin server started');
        resolve(this.port);
      });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
