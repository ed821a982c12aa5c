/**
 * Reload targets for TLS material. Each one re-reads its PEM files, validates them completely
 * (certificate parses, key belongs to it, a usable secure context can be built, the certificate
 * has not expired) and only then swaps: a listener's served identity via Listener.setTls (new
 * handshakes get it, open connections keep theirs), or the client identity a sidecar / backend
 * connection presents (the shared connect options are updated in place, so every new upstream
 * connection uses it). On any error nothing is swapped and the error names the file and problem.
 * Reading and validating the files is src/tls/files.ts; this file only decides when to swap.
 */
import type tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import type { ServerTlsState } from '../tls/server-context.js';
import { assertNotExpired, clientTlsFiles, loadServerTlsFiles, readClientTls, serverTlsFiles, validateClientTls } from '../tls/files.js';
import { fingerprints } from '../store/file-watch.js';
import type { ClientTls, ServerTls } from '../config/types.js';
import type { Metrics } from '../metrics.js';
import type { ReloadTarget } from './reloader.js';

/** What a server TLS target swaps into (Listener implements it). */
export interface TlsServing {
  readonly name: string;
  setTls(state: ServerTlsState): void;
}

/** The served certificate of one listener. `initial` is the fingerprint of the files in force. */
export function serverTlsTarget(listener: TlsServing, files: ServerTls, metrics: Metrics, initial: string): ReloadTarget {
  let current = initial;
  return {
    what: 'certificates',
    name: `listener ${listener.name}`,
    files: serverTlsFiles(files),
    async reload() {
      const seen = await fingerprints(serverTlsFiles(files));
      if (seen === current) return { changed: false };
      const state = loadServerTlsFiles(files);
      assertNotExpired(state.subject, state.notAfter);
      listener.setTls(state);
      current = seen;
      metrics.trackCertificate(listener.name, state.subject, state.notAfter);
      return { changed: true, detail: { subject: state.subject, notAfter: state.notAfter.toISOString(), serial: serialOf(state) } };
    },
  };
}

function serialOf(state: ServerTlsState): string {
  return new X509Certificate(state.options.cert as Buffer).serialNumber;
}

/** The client identity of a sidecar listener or backend cluster, updated in `options` in place. */
export function clientTlsTarget(name: string, files: ClientTls, options: tls.ConnectionOptions, initial: string): ReloadTarget {
  let current = initial;
  return {
    what: 'client-certificates',
    name,
    files: clientTlsFiles(files),
    async reload() {
      const seen = await fingerprints(clientTlsFiles(files));
      if (seen === current) return { changed: false };
      const next = readClientTls(files);
      validateClientTls(next);
      Object.assign(options, next);
      current = seen;
      return { changed: true };
    },
  };
}
