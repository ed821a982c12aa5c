/** Fixtures for reload tests: a temporary directory and certificates from one test CA. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createCa, createServerCert, type CertAndKey, type CertAuthority } from '../../../src/tls/certs.js';

let ca: CertAuthority | null = null;

export function testCa(): CertAuthority {
  ca ??= createCa({ cn: 'reload test CA' });
  return ca;
}

/** A fresh server certificate (new key, new serial) for localhost; `days` < 0 makes it expired. */
export function serverCert(o: { cn?: string; days?: number } = {}): CertAndKey {
  const days = o.days ?? 30;
  if (days < 0) return createServerCert(testCa(), { cn: o.cn ?? 'localhost', notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() + days * 86_400_000) });
  return createServerCert(testCa(), { cn: o.cn ?? 'localhost', days });
}

export const serialOf = (pem: string | Buffer): string => new X509Certificate(pem).serialNumber;

export function tempDir(prefix = 'sw-reload-'): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Replaces a file atomically (temp file + rename), as editors and cert-manager tooling do. */
export function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * A Kubernetes-style volume: files are symlinks through `..data`, which points at a timestamped
 * directory; an update writes a new directory and swaps `..data` atomically.
 */
export function kubeVolume(dir: string, files: Record<string, string>): { update(files: Record<string, string>): void } {
  let n = 0;
  const update = (content: Record<string, string>): void => {
    const version = `..2024_01_01_00_00_0${n++}`;
    fs.mkdirSync(path.join(dir, version));
    for (const [name, text] of Object.entries(content)) fs.writeFileSync(path.join(dir, version, name), text);
    fs.symlinkSync(version, path.join(dir, '..data_tmp'));
    fs.renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
    for (const name of Object.keys(content)) {
      const link = path.join(dir, name);
      if (!fs.existsSync(link)) fs.symlinkSync(path.join('..data', name), link);
    }
  };
  update(files);
  return { update };
}

export async function waitFor(pred: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
