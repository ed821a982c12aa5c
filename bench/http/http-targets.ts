/**
 * The HTTP benchmark's targets, each around a fresh Flink REST stand-in in its own process:
 *   http-direct   the client talks to the backend itself (plaintext; its Basic header is ignored)
 *   http-gateway  streamward's HTTP listener (plaintext), Basic authentication against the
 *                 gateway's credentials file, and a flink ACL entry that lets the user DESCRIBE
 *                 the cluster (what GET /jobs/overview needs)
 */
import { join } from 'node:path';
import { writeAclFile } from '../../src/acl/store-file.js';
import { flinkAclSet } from '../acl/acl-entries.js';
import type { BenchUser } from '../common/bench-users.js';
import type { BenchEnv } from '../common/env.js';
import { startGatewayProcess, type GatewayShape } from '../common/gateway-target.js';
import { nodeScript } from '../common/load-process.js';
import { start } from '../common/processes.js';

export type HttpTargetId = 'http-direct' | 'http-gateway';
export const HTTP_TARGET_IDS: HttpTargetId[] = ['http-direct', 'http-gateway'];
export const HTTP_TARGET_LABELS: Record<HttpTargetId, string> = {
  'http-direct': 'direct to the Flink REST stand-in',
  'http-gateway': 'streamward HTTP listener, Basic auth, flink ACL',
};

export interface RunningHttpTarget {
  url: string;
  gatewayPid: number | null;
  backendPid: number | null;
  stop(): Promise<void>;
}

export async function writeHttpAcls(env: BenchEnv, user: BenchUser): Promise<string> {
  const file = join(env.workDir, 'acls-flink.yaml');
  await writeAclFile(file, flinkAclSet(user.principal));
  return file;
}

export async function startHttpTarget(env: BenchEnv, id: HttpTargetId, user: BenchUser, aclFile: string): Promise<RunningHttpTarget> {
  const { command, args } = nodeScript(env, 'http/http-backend-process');
  const backend = start('http-backend', command, args, { cwd: env.root });
  let url: string;
  try {
    url = (await backend.waitForLine(/^URL (\S+)$/, 20_000))[1];
  } catch (e) {
    await backend.stop();
    throw e;
  }
  const backendPid = backend.proc.pid ?? null;
  if (id === 'http-direct') return { url, gatewayPid: null, backendPid, stop: () => backend.stop() };
  const shape: GatewayShape = {
    name: id, backend: { protocol: 'http', url }, tls: false, auth: { kind: 'basic' }, credentials: user.file, aclStore: aclFile, allowIfNoAcl: false,
  };
  const gateway = await startGatewayProcess(env, shape).catch(async (e: unknown) => {
    await backend.stop();
    throw e;
  });
  return {
    url: `http://127.0.0.1:${gateway.port}`,
    gatewayPid: gateway.child.proc.pid ?? null,
    backendPid,
    stop: async () => {
      await gateway.child.stop();
      await backend.stop();
    },
  };
}
