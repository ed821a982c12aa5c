/**
 * Server-side TLS material of one listener: the secure context built from PEM files, the
 * client-certificate policy, and facts for metrics (expiry). Built whole and swapped whole on
 * reload, so a handshake always sees one consistent state.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';

export type ClientAuthMode = 'none' | 'requested' | 'required';

export interface ServerTlsFiles {
  cert: string;
  key: string;
  clientCa?: string;
  clientAuth: ClientAuthMode;
  minVersion: tls.SecureVersion;
}

export interface ServerTlsState {
  context: tls.SecureContext;
  /** The material the context was built from, for servers that build their own context. */
  options: tls.SecureContextOptions;
  clientAuth: ClientAuthMode;
  /** Subject and notAfter of the served leaf certificate. */
  subject: string;
  notAfter: Date;
}

/** Reads and validates the files; throws a plain Error naming the file on any problem. */
export function loadServerTls(files: ServerTlsFiles): ServerTlsState {
  const read = (path: string, what: string) => {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      throw new Error(`cannot read ${what} ${path}: ${(e as Error).message}`);
    }
  };
  const cert = read(files.cert, 'certificate');
  const key = read(files.key, 'private key');
  const ca = files.clientCa ? read(files.clientCa, 'client CA') : undefined;
  return buildServerTls({ cert, key, ca, clientAuth: files.clientAuth, minVersion: files.minVersion });
}

export function buildServerTls(material: { cert: Buffer | string; key: Buffer | string; ca?: Buffer | string; clientAuth: ClientAuthMode; minVersion: tls.SecureVersion }): ServerTlsState {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(material.cert);
  } catch (e) {
    throw new Error(`certificate is not valid PEM: ${(e as Error).message}`);
  }
  let context: tls.SecureContext;
  const options: tls.SecureContextOptions = { cert: material.cert, key: material.key, ca: material.ca, minVersion: material.minVersion };
  try {
    context = tls.createSecureContext(options);
  } catch (e) {
    throw new Error(`certificate and key do not form a usable TLS identity: ${(e as Error).message}`);
  }
  return { context, options, clientAuth: material.clientAuth, subject: leaf.subject.replace(/\n/g, ','), notAfter: new Date(leaf.validTo) };
}
