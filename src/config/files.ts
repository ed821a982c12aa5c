/**
 * Checks the files a config refers to: TLS certificates, keys and CA bundles must be readable PEM
 * (and a key must belong to its certificate); the folders for the ACL store and the audit file
 * must exist. Key contents are read only to check them and are never kept or printed.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { FieldPath, ProblemList } from './problems.js';
import type { ClientTls, Config, ServerTls } from './types.js';

type Warn = (path: FieldPath, message: string) => void;

function readable(path: string, at: FieldPath, problems: ProblemList): Buffer | null {
  try {
    if (!statSync(path).isFile()) {
      problems.add(at, `${path} is not a file`);
      return null;
    }
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    problems.add(at, code === 'ENOENT' ? `file ${path} does not exist` : `cannot read ${path} (${code ?? String(e)})`);
    return null;
  }
}

function certificate(path: string, at: FieldPath, problems: ProblemList, warn: Warn): X509Certificate | null {
  const pem = readable(path, at, problems);
  if (!pem) return null;
  try {
    const cert = new X509Certificate(pem);
    const now = Date.now();
    if (Date.parse(cert.validTo) < now) warn(at, `certificate ${path} expired on ${cert.validTo}`);
    else if (Date.parse(cert.validFrom) > now) warn(at, `certificate ${path} is not valid before ${cert.validFrom}`);
    return cert;
  } catch {
    problems.add(at, `${path} is not a PEM certificate`);
    return null;
  }
}

function privateKey(path: string, at: FieldPath, problems: ProblemList): KeyObject | null {
  const pem = readable(path, at, problems);
  if (!pem) return null;
  try {
    return createPrivateKey(pem);
  } catch {
    problems.add(at, `${path} is not an unencrypted PEM private key`);
    return null;
  }
}

function pair(cert: string, key: string, at: FieldPath, problems: ProblemList, warn: Warn): void {
  const c = certificate(cert, [...at, 'cert'], problems, warn);
  const k = privateKey(key, [...at, 'key'], problems);
  if (c && k && !c.checkPrivateKey(k)) problems.add([...at, 'key'], `${key} is not the private key of ${cert}`);
}

function checkServerTls(t: ServerTls, at: FieldPath, problems: ProblemList, warn: Warn): void {
  pair(t.cert, t.key, at, problems, warn);
  if (t.clientCa) certificate(t.clientCa, [...at, 'clientCa'], problems, warn);
}

function checkClientTls(t: ClientTls, at: FieldPath, problems: ProblemList, warn: Warn): void {
  if (t.cert && t.key) pair(t.cert, t.key, at, problems, warn);
  if (t.ca) certificate(t.ca, [...at, 'ca'], problems, warn);
}

function folderExists(file: string, at: FieldPath, problems: ProblemList): boolean {
  const dir = dirname(file);
  try {
    if (statSync(dir).isDirectory()) return true;
  } catch {
    // reported below
  }
  problems.add(at, `folder ${dir} does not exist`);
  return false;
}

export function checkFiles(config: Config, problems: ProblemList, warn: Warn): void {
  for (const [name, c] of Object.entries(config.clusters)) if (c.tls) checkClientTls(c.tls, ['clusters', name, 'tls'], problems, warn);
  config.listeners.forEach((l, i) => {
    if (l.mode === 'gateway' && l.tls) checkServerTls(l.tls, ['listeners', i, 'tls'], problems, warn);
    if (l.mode === 'client-sidecar') checkClientTls(l.upstream.tls, ['listeners', i, 'upstream', 'tls'], problems, warn);
  });
  if (config.credentials) {
    try {
      accessSync(config.credentials, constants.R_OK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        warn(['credentials'], `${config.credentials} does not exist yet: no password user can log in until \`streamward users\` writes it`);
      } else problems.add(['credentials'], `cannot read ${config.credentials}`);
    }
  }
  const store = config.acls.store;
  if (store && folderExists(store, ['acls', 'store'], problems)) {
    try {
      accessSync(dirname(store), constants.W_OK);
    } catch {
      warn(['acls', 'store'], `folder ${dirname(store)} is not writable: ACL changes cannot be saved`);
    }
  }
  if (config.audit.file !== 'stdout') folderExists(config.audit.file, ['audit', 'file'], problems);
}
