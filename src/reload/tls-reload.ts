/**
 * Reload targets for TLS material. Each one re-reads its PEM files, validates them completely
 * (certificate parses, key belongs to it, a usable secure context can be built, the certificate
 * has not expired) and only then swaps: a listener's served identity via Listener.setTls (new
 * handshakes get it, open connections keep theirs), or the client identity a sidecar / backend
 * connection presents (the shared connect options are updated in place, so every new upstream
 * connection uses it). On any error nothing is swapped and the error names the file and problem.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { loadServerTls, type ServerTlsState } from '../tls/server-context.js';
import { fingerprints } from './file-watch.js';
import { GatewayError } from '../errors.js';
import type { ClientTls, ListenerConfig, ServerTls } from '../config/types.js';
import type { Metrics } from '../metrics.js';
import type { ReloadTarget } from './reloader.js';

/** What a server TLS target swaps into (Listener implements it). */
export interface TlsServing {
  readonly name: string;
  setTls(state: ServerTlsState): void;
}

export function serverTlsFiles(t: ServerTls): string[] {
  return [t.cert, t.key, ...(t.clientCa ? [t.clientCa] : []), ...(t.crl ?? [])];
}

export function clientTlsFiles(t: ClientTls): string[] {
  return [t.ca, t.cert, t.key].filter((p): p is string => p !== null);
}

function notExpired(subject: string, notAfter: Date): void {
  if (notAfter.getTime() <= Date.now()) throw new Error(`certificate ${subject} expired on ${notAfter.toISOString()}`);
}

/** A listener's TLS state at startup (null without TLS); a broken file is a config error. */
export function listenerServerTls(l: ListenerConfig): ServerTlsState | null {
  if (l.mode !== 'gateway' || !l.tls) return null;
  const t = l.tls;
  try {
    return loadServerTls({ cert: t.cert, key: t.key, clientCa: t.clientCa ?? undefined, clientAuth: t.clientAuth, minVersion: t.minVersion, crl: t.crl });
  } catch (e) {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: ${(e as Error).message}`, { cause: e });
  }
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
      const state = loadServerTls({ cert: files.cert, key: files.key, clientCa: files.clientCa ?? undefined, clientAuth: files.clientAuth, minVersion: files.minVersion, crl: files.crl });
      notExpired(state.subject, state.notAfter);
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

/** Reads the PEM files of a client TLS setting into connect options (throws naming the file). */
export function readClientTls(t: ClientTls): tls.ConnectionOptions {
  const read = (path: string | null, what: string): Buffer | undefined => {
    if (!path) return undefined;
    try {
      return fs.readFileSync(path);
    } catch (e) {
      throw new Error(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  return { ca: read(t.ca, 'CA bundle'), cert: read(t.cert, 'certificate'), key: read(t.key, 'private key'), servername: t.serverName ?? undefined };
}

/** Validates client TLS material as fully as a server identity; throws on any problem. */
export function validateClientTls(o: tls.ConnectionOptions): void {
  if (o.cert) {
    let leaf: X509Certificate;
    try {
      leaf = new X509Certificate(o.cert as Buffer);
    } catch (e) {
      throw new Error(`certificate is not valid PEM: ${(e as Error).message}`);
    }
    notExpired(leaf.subject.replace(/\n/g, ','), new Date(leaf.validTo));
  }
  try {
    tls.createSecureContext({ ca: o.ca, cert: o.cert, key: o.key });
  } catch (e) {
    throw new Error(`certificate and key do not form a usable TLS identity: ${(e as Error).message}`);
  }
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
