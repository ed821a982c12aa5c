/**
 * Certificate revocation lists for tests, signed by the test CA with the system `openssl ca`
 * (node-forge cannot build or sign a CRL). Revoke certificates one by one, then write the CRL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export class TestCrl {
  private readonly dir: string;
  private readonly config: string;

  constructor(private readonly ca: { cert: string; key: string }) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-crl-'));
    process.on('exit', () => fs.rmSync(this.dir, { recursive: true, force: true }));
    fs.writeFileSync(path.join(this.dir, 'index.txt'), '');
    fs.writeFileSync(path.join(this.dir, 'crlnumber'), '1000\n');
    this.config = path.join(this.dir, 'ca.cnf');
    fs.writeFileSync(
      this.config,
      [
        '[ ca ]',
        'default_ca = test_ca',
        '[ test_ca ]',
        `database = ${path.join(this.dir, 'index.txt')}`,
        `crlnumber = ${path.join(this.dir, 'crlnumber')}`,
        'default_md = sha256',
        'default_crl_days = 30',
        '',
      ].join('\n'),
    );
  }

  private openssl(args: string[]): void {
    execFileSync('openssl', ['ca', '-batch', '-config', this.config, '-cert', this.ca.cert, '-keyfile', this.ca.key, ...args], { stdio: 'pipe' });
  }

  /** Marks a certificate (PEM file) revoked in the CA database. */
  revoke(certFile: string): void {
    this.openssl(['-revoke', certFile]);
  }

  /** Writes the current CRL (PEM) to `file`, replacing it atomically. */
  write(file: string): void {
    const tmp = `${file}.tmp`;
    this.openssl(['-gencrl', '-out', tmp]);
    fs.renameSync(tmp, file);
  }
}
