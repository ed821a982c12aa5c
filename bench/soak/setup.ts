/**
 * What the soak runs against: the three backends (librdkafka's mock Kafka cluster, the Fluss test
 * cluster process, the Flink REST stand-in process), a credentials file (user `bench` for traffic,
 * user `victim` for the login floods to guess), an ACL store that allows `bench` exactly what the
 * traffic needs, certificates, and ONE gateway process with three listeners:
 *   kafka  TLS + SASL (PLAIN, SCRAM-SHA-256) + ACLs
 *   fluss  SASL PLAIN + ACLs (Fluss clients have no TLS)
 *   flink  TLS + HTTP Basic + ACLs
 * and its admin server (/metrics with the process and event-loop metrics) on a free port.
 * Everything binds and connects on 127.0.0.1 only.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writePki } from '../../src/tls/certs.js';
import { writeAclFile } from '../../src/acl/store-file.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import type { TaggedAclEntry } from '../../src/acl/types.js';
import { startMockCluster, type MockCluster } from '../../testkit/kafka/mock-cluster.js';
import { freePort, start, type Child } from '../common/processes.js';

export const TOPIC = 'soak';
export const DATABASE = 'soak_db';
export const TABLE = 'soak_t';
export const BUCKETS = 2;

export interface SoakSetup {
  ca: string;
  user: { name: string; password: string };
  victim: string;
  ports: { kafka: number; fluss: number; flink: number; admin: number };
  gateway: Child;
  /** SW_ERR_* codes in the gateway's log lines (warn and above), counted as they come. */
  codes: Map<string, number>;
  kafka: MockCluster;
  fluss: Child;
  flink: Child;
  stop(): Promise<void>;
}

function tsxScript(root: string, rel: string): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--import', 'tsx', join(root, rel)] };
}

function acls(user: string): TaggedAclEntry[] {
  const p = `User:${user}`;
  const e = (protocol: 'kafka' | 'fluss' | 'flink', resourceType: string, resourceName: string, operation: string): TaggedAclEntry => ({
    protocol,
    principal: p,
    host: '*',
    resourceType,
    resourceName,
    patternType: 'LITERAL',
    operation,
    permission: 'ALLOW',
  });
  return [
    e('kafka', 'TOPIC', TOPIC, 'ALL'),
    e('kafka', 'GROUP', 'soak-group', 'ALL'),
    e('kafka', 'CLUSTER', 'kafka-cluster', 'DESCRIBE'),
    e('fluss', 'DATABASE', DATABASE, 'ALL'),
    e('flink', 'CLUSTER', 'flink-cluster', 'DESCRIBE'),
  ];
}

export async function startSoak(root: string, workDir: string, password: string, log: (m: string) => void): Promise<SoakSetup> {
  const pki = await writePki(join(workDir, 'pki'), { serverCn: 'localhost' });
  const users = join(workDir, 'users.yaml');
  const store = await CredentialStore.load(users, { createIfMissing: true });
  await store.addUser('bench', password, { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
  await store.addUser('victim', `${password}-victim`, { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
  const aclFile = join(workDir, 'acls.yaml');
  await writeAclFile(aclFile, acls('bench'));

  log('starting backends (Kafka mock cluster, Fluss test cluster, Flink REST stand-in)');
  const kafka = await startMockCluster({ flavor: 'new', brokers: 2, topics: [{ name: TOPIC, partitions: 2 }] });
  const f = tsxScript(root, 'bench/fluss/fluss-cluster-process.ts');
  const fluss = start('fluss-cluster', f.command, [...f.args, '2', DATABASE, TABLE, String(BUCKETS)], { cwd: root });
  const flussBootstrap = (await fluss.waitForLine(/^BOOTSTRAP (\S+)/, 30_000))[1];
  const h = tsxScript(root, 'bench/http/flink-backend-process.ts');
  const flink = start('flink-backend', h.command, h.args, { cwd: root });
  const flinkUrl = (await flink.waitForLine(/^URL (\S+)/, 30_000))[1];

  const admin = await freePort();
  const tls = { cert: pki.server.cert, key: pki.server.key };
  const doc = {
    clusters: {
      kafka: { protocol: 'kafka', bootstrap: kafka.bootstrap.split(',') },
      fluss: { protocol: 'fluss', bootstrap: [flussBootstrap] },
      flink: { protocol: 'http', url: flinkUrl },
    },
    listeners: [
      { name: 'kafka', cluster: 'kafka', bind: '127.0.0.1:0', advertise: '127.0.0.1', nodePorts: 'auto', tls, authentication: ['sasl'], sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256'] } },
      { name: 'fluss', cluster: 'fluss', bind: '127.0.0.1:0', advertise: '127.0.0.1', nodePorts: 'auto', authentication: ['sasl'], sasl: { mechanisms: ['PLAIN'] } },
      { name: 'flink', cluster: 'flink', bind: '127.0.0.1:0', tls, authentication: ['basic'] },
    ],
    credentials: users,
    acls: { store: aclFile, allowIfNoAcl: false },
    limits: { maxFrameBytes: '8MiB', authTimeout: '5s', failedAuth: { delay: '100ms', maxDelay: '1s', closeAfter: 20 } },
    admin: { bind: `127.0.0.1:${admin}` },
    log: { level: 'warn' },
    audit: { file: join(workDir, 'audit.log'), allows: 'none' },
  };
  const cfg = join(workDir, 'gateway-soak.yaml');
  writeFileSync(cfg, `# generated by bench/soak/setup.ts\n${stringify(doc)}`);
  const g = tsxScript(root, 'bench/common/gateway-process.ts');
  const gateway = start('gateway', g.command, [...g.args, cfg], { cwd: root });
  const codes = new Map<string, number>();
  const count = (chunk: Buffer | string): void => {
    for (const m of String(chunk).matchAll(/"(?:err|code)":"(SW_ERR_[A-Z_]+)"/g)) codes.set(m[1], (codes.get(m[1]) ?? 0) + 1);
  };
  gateway.proc.stdout?.on('data', count);
  gateway.proc.stderr?.on('data', count);
  const ports = JSON.parse((await gateway.waitForLine(/^LISTENERS (\{.*\})$/, 60_000))[1]) as Record<string, number>;
  log(`gateway up: ${JSON.stringify(ports)}, admin ${admin}`);
  return {
    ca: pki.ca,
    user: { name: 'bench', password },
    victim: 'victim',
    ports: { kafka: ports.kafka, fluss: ports.fluss, flink: ports.flink, admin },
    gateway,
    codes,
    kafka,
    fluss,
    flink,
    stop: async () => {
      await gateway.stop(5000);
      await Promise.all([fluss.stop(), flink.stop(), kafka.stop()]);
    },
  };
}
