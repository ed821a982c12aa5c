/**
 * The "ACLs on vs off" suite of `npm run bench`: Kafka produce through the gateway's plaintext
 * SASL/PLAIN listener, with an empty ACL store and `allowIfNoAcl: true` (acl-off) against the same
 * listener with default deny and a large ACL store (acl-on: mixed LITERAL / PREFIXED entries over
 * many principals and topics, one of which lets the load tool's principal write). Same run,
 * interleaved rounds, a fresh mock broker and gateway for every measurement; the native load
 * tool (bench/kafka/loadgen.c) authenticates with librdkafka's sasl.* properties.
 */
import { join } from 'node:path';
import { writeAclFile } from '../../src/acl/store-file.js';
import { kafkaAclSet } from './acl-entries.js';
import { startBackend } from '../kafka/backend.js';
import type { BenchUser } from '../common/bench-users.js';
import { intFromEnv, type BenchEnv } from '../common/env.js';
import { startGatewayProcess, type GatewayShape } from '../common/gateway-target.js';
import { measure, type Measurement } from '../kafka/load.js';
import { runRounds } from '../common/rounds.js';
import type { RunningTarget } from '../kafka/targets.js';

export type AclTargetId = 'acl-off' | 'acl-on';
export const ACL_TARGET_IDS: AclTargetId[] = ['acl-off', 'acl-on'];

export function aclEntriesFromEnv(): number {
  return intFromEnv('BENCH_ACL_ENTRIES', 10_000, 1, 1_000_000);
}

/** Rounds of this suite: BENCH_ACL_ROUNDS, default 8 (a few-percent effect needs more pairs than the other suites). */
export function aclRoundsFromEnv(): number {
  return intFromEnv('BENCH_ACL_ROUNDS', 8, 1, 100);
}

export interface AclFiles {
  user: BenchUser;
  empty: string;
  many: string;
  entries: number;
}

export async function writeAclFiles(env: BenchEnv, user: BenchUser, entries: number): Promise<AclFiles> {
  const empty = join(env.workDir, 'acls-kafka-empty.yaml');
  const many = join(env.workDir, 'acls-kafka-many.yaml');
  await writeAclFile(empty, []);
  await writeAclFile(many, kafkaAclSet(entries, user.principal, env.topic));
  return { user, empty, many, entries };
}

async function startAclTarget(env: BenchEnv, id: AclTargetId, files: AclFiles): Promise<RunningTarget> {
  const backend = await startBackend(env);
  const on = id === 'acl-on';
  const shape: GatewayShape = {
    name: id,
    backend: { protocol: 'kafka', bootstrap: backend.bootstrap.split(',') },
    tls: false,
    auth: { kind: 'sasl', mechanisms: ['PLAIN'] },
    credentials: files.user.file,
    aclStore: on ? files.many : files.empty,
    allowIfNoAcl: !on,
  };
  const gateway = await startGatewayProcess(env, shape).catch(async (e: unknown) => {
    await backend.child.stop();
    throw e;
  });
  return {
    bootstrap: `127.0.0.1:${gateway.port}`,
    tls: false,
    clientArgs: ['-X', 'security.protocol=sasl_plaintext', '-X', 'sasl.mechanisms=PLAIN', '-X', `sasl.username=${files.user.user}`, '-X', `sasl.password=${files.user.password}`],
    proxyPid: gateway.child.proc.pid ?? null,
    stop: async () => {
      await gateway.child.stop();
      await backend.child.stop();
    },
  };
}

export async function runAclSuite(env: BenchEnv, user: BenchUser, o: { entries: number; rounds: number }, log: (msg: string) => void): Promise<Record<AclTargetId, Measurement[]>> {
  const files = await writeAclFiles(env, user, o.entries);
  const rounds = o.rounds;
  return runRounds(
    rounds,
    ACL_TARGET_IDS,
    async (id) => {
      const target = await startAclTarget(env, id, files);
      try {
        return await measure(env, target, { consume: false });
      } finally {
        await target.stop();
      }
    },
    (id, round, m) => {
      const cpu = m.produce.proxyCpuMsPerMB === null ? '' : ` (gateway ${m.produce.proxyCpuMsPerMB.toFixed(2)} CPU ms/MB)`;
      log(`acl round ${round + 1}/${rounds} ${id.padEnd(8)} produce ${m.produce.mbPerSec.toFixed(1)} MB/s${cpu}, p50/p99 ${m.latency.p50}/${m.latency.p99} µs`);
    },
  );
}
