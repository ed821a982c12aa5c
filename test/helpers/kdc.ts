// A real MIT Kerberos realm for tests (Debian krb5-kdc, krb5-admin-server, krb5-user): a KDC
// database in a temp dir (kdb5_util create -s), krb5kdc on a free loopback TCP port with its own
// krb5.conf/kdc.conf (KRB5_CONFIG/KRB5_KDC_PROFILE), principals and keytabs made with
// kadmin.local. Clients use `env(ccache)` so each test user has its own credential cache.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from './kafka/run-process.js';
import { freePort } from './free-port.js';

export const REALM = 'STREAMWARD.TEST';

export interface TestRealm {
  realm: string;
  dir: string;
  port: number;
  krb5Conf: string;
  /** Environment for KDC tools and Kerberos clients (KRB5_CONFIG, KRB5_KDC_PROFILE, ccache). */
  env(ccache?: string): NodeJS.ProcessEnv;
  /** addprinc -randkey NAME; ktadd into a new keytab in dir; returns its path. */
  addPrincipal(name: string, keytabName?: string): Promise<string>;
  /** ktadd again (new random key, kvno + 1) into keytabName; earlier keytabs become stale. */
  rotateKey(name: string, keytabName: string): Promise<string>;
  stop(): Promise<void>;
}

async function waitForPort(port: number, deadline: number, gone: () => boolean): Promise<void> {
  while (Date.now() < deadline && !gone()) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`krb5kdc did not listen on ${port}`);
}

/** A new realm; retried on another port when krb5kdc cannot bind (its UDP port may be taken). */
export async function startTestRealm(): Promise<TestRealm> {
  let last: unknown;
  for (let i = 0; i < 3; i++) {
    try {
      return await startRealmOnce();
    } catch (e) {
      last = e;
    }
  }
  throw last;
}

async function startRealmOnce(): Promise<TestRealm> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-kdc-'));
  const port = await freePort();
  const krb5Conf = path.join(dir, 'krb5.conf');
  const kdcConf = path.join(dir, 'kdc.conf');
  fs.writeFileSync(
    krb5Conf,
    `[libdefaults]
  default_realm = ${REALM}
  dns_lookup_realm = false
  dns_lookup_kdc = false
  rdns = false
  dns_canonicalize_hostname = false
  udp_preference_limit = 1
[realms]
  ${REALM} = {
    kdc = 127.0.0.1:${port}
  }
`,
  );
  fs.writeFileSync(
    kdcConf,
    `[kdcdefaults]
  kdc_listen = 127.0.0.1:${port}
  kdc_tcp_listen = 127.0.0.1:${port}
[realms]
  ${REALM} = {
    database_name = ${dir}/principal
    key_stash_file = ${dir}/stash
    acl_file = ${dir}/kadm5.acl
    kdc_listen = 127.0.0.1:${port}
    kdc_tcp_listen = 127.0.0.1:${port}
    max_life = 1h
  }
[logging]
  kdc = FILE:${dir}/kdc.log
`,
  );
  fs.writeFileSync(path.join(dir, 'kadm5.acl'), '');
  const env = (ccache?: string): NodeJS.ProcessEnv => ({
    ...process.env,
    KRB5_CONFIG: krb5Conf,
    KRB5_KDC_PROFILE: kdcConf,
    KRB5CCNAME: `FILE:${ccache ?? path.join(dir, 'cc-default')}`,
  });
  const run = async (cmd: string, args: string[]): Promise<string> => {
    const r = await runProcess(cmd, args, { timeoutMs: 30_000, env: env() });
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r.stdout.toString();
  };
  await run('kdb5_util', ['create', '-s', '-r', REALM, '-P', 'test-master-key']);
  const kdc: ChildProcess = spawn('krb5kdc', ['-n', '-r', REALM], { env: env(), stdio: 'ignore' });
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    kdc.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  try {
    await waitForPort(port, Date.now() + 15_000, () => gone);
  } catch (e) {
    kdc.kill();
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const kadmin = (q: string): Promise<string> => run('kadmin.local', ['-r', REALM, '-q', q]);
  return {
    realm: REALM,
    dir,
    port,
    krb5Conf,
    env,
    async addPrincipal(name, keytabName) {
      await kadmin(`addprinc -randkey ${name}`);
      const kt = path.join(dir, keytabName ?? `${name.replace(/[^A-Za-z0-9]/g, '_')}.keytab`);
      await kadmin(`ktadd -k ${kt} ${name}`);
      return kt;
    },
    async rotateKey(name, keytabName) {
      const kt = path.join(dir, keytabName);
      await kadmin(`ktadd -k ${kt} ${name}`);
      return kt;
    },
    async stop() {
      kdc.kill();
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
