/** A throwaway PKI for one test process: CA, localhost server certificate, client certificates. */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { writePki, type PkiFiles } from '../../src/tls/certs.js';
import { buildServerTls, type ClientAuthMode, type ServerTlsState } from '../../src/tls/server-context.js';

let cached: Promise<PkiFiles & { dir: string }> | null = null;

export function testPki(): Promise<PkiFiles & { dir: string }> {
  cached ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-pki-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const files = await writePki(dir, { clients: ['alice', 'bob', { cn: 'svc-orders', ou: 'apps', o: 'acme' }] });
    return { ...files, dir };
  })();
  return cached;
}

export async function testServerTls(clientAuth: ClientAuthMode = 'none'): Promise<ServerTlsState> {
  const pki = await testPki();
  return buildServerTls({
    cert: fs.readFileSync(pki.server.cert),
    key: fs.readFileSync(pki.server.key),
    ca: clientAuth === 'none' ? undefined : fs.readFileSync(pki.ca),
    clientAuth,
    minVersion: 'TLSv1.2',
  });
}
