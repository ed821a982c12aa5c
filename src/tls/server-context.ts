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
  /** PEM certificate revocation lists checked against client certificates. */
  crl?: readonly string[];
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
  const crl = files.crl?.map((f) => {
    const pem = read(f, 'CRL');
    checkCrl(pem, f);
    return pem;
  });
  return buildServerTls({ cert, key, ca, crl, clientAuth: files.clientAuth, minVersion: files.minVersion });
}

/** A CRL file must hold at least one PEM CRL that OpenSSL parses (else nothing would be checked). */
function checkCrl(pem: Buffer, file: string): void {
  if (!/-----BEGIN X509 CRL-----/.test(pem.toString('latin1'))) throw new Error(`CRL ${file} holds no PEM "X509 CRL" block`);
  try {
    tls.createSecureContext({ crl: pem });
  } catch (e) {
    throw new Error(`CRL ${file} does not parse: ${(e as Error).message}`);
  }
}

export function buildServerTls(material: {
  cert: Buffer | string;
  key: Buffer | string;
  ca?: Buffer | string;
  crl?: Buffer[];
  clientAuth: ClientAuthMode;
  minVersion: tls.SecureVersion;
}): ServerTlsState {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(material.cert);
  } catch (e) {
    throw new Error(`certificate is not valid PEM: ${(e as Error).message}`);
  }
  let context: tls.SecureContext;
  const options: tls.SecureContextOptions = { cert: material.cert, key: material.key, ca: material.ca, minVersion: material.minVersion };
  if (material.crl && material.crl.length > 0) options.crl = material.crl;
  try {
    context = tls.createSecureContext(options);
  } catch (e) {
    throw new Error(`certificate and key do not form a usable TLS identity: ${(e as Error).message}`);
  }
  return { context, options, clientAuth: material.clientAuth, subject: leaf.subject.replace(/\n/g, ','), notAfter: new Date(leaf.validTo) };
}
