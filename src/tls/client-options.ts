/** TLS options for connections the gateway opens (to a TLS backend, or to an edge gateway). */
import fs from 'node:fs';
import type tls from 'node:tls';
import type { ClientTls } from '../config/types.js';

export function clientTlsOptions(t: ClientTls): tls.ConnectionOptions {
  return {
    ca: t.ca ? fs.readFileSync(t.ca) : undefined,
    cert: t.cert ? fs.readFileSync(t.cert) : undefined,
    key: t.key ? fs.readFileSync(t.key) : undefined,
    servername: t.serverName ?? undefined,
  };
}
