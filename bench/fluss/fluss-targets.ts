/**
 * The Fluss benchmark's targets, each around a fresh Fluss test cluster in its own process:
 *   fluss-direct       the client talks to the cluster itself (plaintext, no SASL: the backend is unsecured)
 *   fluss-gateway-sasl streamward, plaintext SASL/PLAIN listener, ACLs off: the client's principal is
 *                      a super user, so no ACL is consulted (Fluss semantics have no allow-if-no-ACL:
 *                      without an entry every request would be denied)
 *   fluss-gateway-acl  the same listener with ACLs on: an ordinary principal and a large ACL store in
 *                      which one entry allows it
 */
import { join } from 'node:path';
import { writeAclFile } from '../../src/acl/store-file.js';
import { flussAclSet } from '../acl/acl-entries.js';
import type { BenchUser } from '../common/bench-users.js';
import type { BenchEnv } from '../common/env.js';
import { startGatewayProcess, type GatewayShape } from '../common/gateway-target.js';
import { nodeScript } from '../common/load-process.js';
import { start, type Child } from '../common/processes.js';

export type FlussTargetId = 'fluss-direct' | 'fluss-gateway-sasl' | 'fluss-gateway-acl';
export const FLUSS_TARGET_IDS: FlussTargetId[] = ['fluss-direct', 'fluss-gateway-sasl', 'fluss-gateway-acl'];

export interface FlussShape {
  tablets: number;
  database: string;
  table: string;
  buckets: number;
  aclEntries: number;
}

export function flussTargetLabel(id: FlussTargetId, shape: FlussShape): string {
  if (id === 'fluss-direct') return 'direct to the Fluss test cluster (plaintext)';
  if (id === 'fluss-gateway-sasl') return 'streamward, SASL/PLAIN listener, ACLs off (super user)';
  return `streamward, SASL/PLAIN listener, ${shape.aclEntries} ACL entries`;
}

/** Files the gateway targets share, written once per suite. */
export interface FlussFiles {
  user: BenchUser;
  emptyAcls: string;
  manyAcls: string;
}

export async function writeFlussFiles(env: BenchEnv, user: BenchUser, shape: FlussShape): Promise<FlussFiles> {
  const emptyAcls = join(env.workDir, 'acls-fluss-empty.yaml');
  const manyAcls = join(env.workDir, 'acls-fluss-many.yaml');
  await writeAclFile(emptyAcls, []);
  await writeAclFile(manyAcls, flussAclSet(shape.aclEntries, user.principal, shape.database, shape.table));
  return { user, emptyAcls, manyAcls };
}

export interface RunningFlussTarget {
  bootstrap: string;
  /** SASL user for the client (null: none). */
  user: string | null;
  gatewayPid: number | null;
  backendPid: number | null;
  stop(): Promise<void>;
}

async function startCluster(env: BenchEnv, shape: FlussShape): Promise<{ child: Child; bootstrap: string }> {
  const { command, args } = nodeScript(env, 'fluss/fluss-cluster-process');
  const child = start('fluss-cluster', command, [...args, String(shape.tablets), shape.database, shape.table, String(shape.buckets)], { cwd: env.root });
  try {
    const m = await child.waitForLine(/^BOOTSTRAP (\S+)$/, Number(process.env.BENCH_START_TIMEOUT_MS ?? 20_000));
    return { child, bootstrap: m[1] };
  } catch (e) {
    await child.stop();
    throw e;
  }
}

/** `profileFile`: the gateway writes a V8 CPU profile there when it stops (gateway targets only). */
export async function startFlussTarget(env: BenchEnv, id: FlussTargetId, shape: FlussShape, files: FlussFiles, profileFile?: string): Promise<RunningFlussTarget> {
  const cluster = await startCluster(env, shape);
  const backendPid = cluster.child.proc.pid ?? null;
  if (id === 'fluss-direct') return { bootstrap: cluster.bootstrap, user: null, gatewayPid: null, backendPid, stop: () => cluster.child.stop() };
  const acl = id === 'fluss-gateway-acl';
  const gatewayShape: GatewayShape = {
    name: id,
    backend: { protocol: 'fluss', bootstrap: [cluster.bootstrap] },
    tls: false,
    auth: { kind: 'sasl', mechanisms: ['PLAIN'] },
    credentials: files.user.file,
    aclStore: acl ? files.manyAcls : files.emptyAcls,
    allowIfNoAcl: false,
    superUsers: acl ? [] : [files.user.principal],
  };
  const gateway = await startGatewayProcess(env, gatewayShape, profileFile).catch(async (e: unknown) => {
    await cluster.child.stop();
    throw e;
  });
  return {
    bootstrap: `127.0.0.1:${gateway.port}`,
    user: files.user.user,
    gatewayPid: gateway.child.proc.pid ?? null,
    backendPid,
    stop: async () => {
      await gateway.child.stop();
      await cluster.child.stop();
    },
  };
}
