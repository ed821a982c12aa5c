/**
 * TLS material from the files a config names: which files a listener's served identity and a
 * client identity (sidecar upstream, backend cluster) are read from, loading a listener's
 * served identity at startup, and reading and fully validating a client identity. The reload
 * targets (src/reload/tls-reload.ts) and the composition root use these; nothing here watches.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { loadServerTls, type ServerTlsState } from './server-context.js';
import { GatewayError } from '../errors.js';
import type { ClientTls, ListenerConfig, ServerTls } from '../config/types.js';

export function serverTlsFiles(t: ServerTls): string[] {
  return [t.cert, t.key, ...(t.clientCa ? [t.clientCa] : []), ...(t.crl ?? [])];
}

export function clientTlsFiles(t: ClientTls): string[] {
  return [t.ca, t.cert, t.key].filter((p): p is string => p !== null);
}

/** Throws when the certificate has expired. */
export function assertNotExpired(subject: string, notAfter: Date): void {
  if (notAfter.getTime() <= Date.now()) throw new Error(`certificate ${subject} expired on ${notAfter.toISOString()}`);
}

/** Reads and checks a served identity (certificate, key, client CA, CRLs) from its files. */
export function loadServerTlsFiles(t: ServerTls): ServerTlsState {
  return loadServerTls({ cert: t.cert, key: t.key, clientCa: t.clientCa ?? undefined, clientAuth: t.clientAuth, minVersion: t.minVersion, crl: t.crl });
}

/** A listener's TLS state at startup (null without TLS); a broken file is a config error. */
export function listenerServerTls(l: ListenerConfig): ServerTlsState | null {
  if (l.mode !== 'gateway' || !l.tls) return null;
  try {
    return loadServerTlsFiles(l.tls);
  } catch (e) {
    throw new GatewayError('SW_ERR_CONFIG_INVALID', `listener ${l.name}: ${(e as Error).message}`);
  }
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
    assertNotExpired(leaf.subject.replace(/\n/g, ','), new Date(leaf.validTo));
  }
  try {
    tls.createSecureContext({ ca: o.ca, cert: o.cert, key: o.key });
  } catch (e) {
    throw new Error(`certificate and key do not form a usable TLS identity: ${(e as Error).message}`);
  }
}
