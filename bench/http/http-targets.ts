/**
 * The HTTP benchmark's targets, each around a fresh fast backend (fast-backend-process.ts) in
 * its own process:
 *   http-direct   the client talks to the backend itself (plaintext; its Basic header is ignored)
 *   http-haproxy  haproxy `mode http`, `http-request auth` against a userlist (haproxy-http.ts),
 *                 nbthread BENCH_HTTP_HAPROXY_THREADS (1)
 *   http-gateway  streamward's HTTP listener (plaintext), Basic authentication against the
 *                 gateway's credentials file, and a flink ACL store of BENCH_ACL_ENTRIES entries
 *                 (10,000) of which one lets the user DESCRIBE the cluster (what GET /jobs/overview
 *                 needs)
 * Each one's `proxyPid` is the process whose CPU is the cost figure (gateway or haproxy).
 */
import { join } from 'node:path';
import { writeAclFile } from '../../src/acl/store-file.js';
import { flinkAclSet } from '../acl/acl-entries.js';
import type { BenchUser } from '../common/bench-users.js';
import type { BenchEnv } from '../common/env.js';
import { startGatewayProcess, type GatewayShape } from '../common/gateway-target.js';
import { nodeScript } from '../common/load-process.js';
import { start } from '../common/processes.js';
import { startHaproxyHttp } from './haproxy-http.js';

export type HttpTargetId = 'http-direct' | 'http-haproxy' | 'http-gateway';
export const HTTP_TARGET_IDS: HttpTargetId[] = ['http-direct', 'http-haproxy', 'http-gateway'];

export function httpTargetLabel(id: HttpTargetId, o: { haproxyThreads: number; aclEntries: number }): string {
  if (id === 'http-direct') return 'direct to the backend';
  if (id === 'http-haproxy') return `haproxy http mode, \`http-request auth\` against a userlist, nbthread ${o.haproxyThreads}`;
  return `streamward HTTP listener (1 worker), Basic auth, ${o.aclEntries} ACL entries`;
}

export interface RunningHttpTarget {
  url: string;
  proxyPid: number | null;
  backendPid: number | null;
  stop(): Promise<void>;
}

/** The ACL store of the gateway target: `entries` flink entries, the load user's one among them. */
export async function writeHttpAcls(env: BenchEnv, user: BenchUser, entries: number): Promise<string> {
  const file = join(env.workDir, 'acls-flink.yaml');
  await writeAclFile(file, flinkAclSet(user.principal, entries));
  return file;
}

export async function startHttpTarget(env: BenchEnv, id: HttpTargetId, user: BenchUser, o: { aclFile: string; haproxyThreads: number; profileFile?: string }): Promise<RunningHttpTarget> {
  const { command, args } = nodeScript(env, 'http/fast-backend-process');
  const backend = start('http-backend', command, args, { cwd: env.root });
  let url: string;
  try {
    url = (await backend.waitForLine(/^URL (\S+)$/, 60_000))[1];
  } catch (e) {
    await backend.stop();
    throw e;
  }
  const backendPid = backend.proc.pid ?? null;
  if (id === 'http-direct') return { url, proxyPid: null, backendPid, stop: () => backend.stop() };
  const stopBoth = (proxy: { stop(): Promise<void> }) => async () => {
    await proxy.stop();
    await backend.stop();
  };
  if (id === 'http-haproxy') {
    const hp = await startHaproxyHttp(env, { threads: o.haproxyThreads, backend: new URL(url).host, user: user.user, password: user.password }).catch(async (e: unknown) => {
      await backend.stop();
      throw e;
    });
    return { url: `http://127.0.0.1:${hp.port}`, proxyPid: hp.child.proc.pid ?? null, backendPid, stop: stopBoth(hp.child) };
  }
  const shape: GatewayShape = {
    name: id,
    backend: { protocol: 'http', url },
    tls: false,
    auth: { kind: 'basic' },
    credentials: user.file,
    aclStore: o.aclFile,
    allowIfNoAcl: false,
  };
  const gateway = await startGatewayProcess(env, shape, o.profileFile).catch(async (e: unknown) => {
    await backend.stop();
    throw e;
  });
  return { url: `http://127.0.0.1:${gateway.port}`, proxyPid: gateway.child.proc.pid ?? null, backendPid, stop: stopBoth(gateway.child) };
}
