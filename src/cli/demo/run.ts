/**
 * `streamward demo`: everything on one machine from a source checkout. Starts, from the test kit
 * (testkit.ts), a 3-broker Kafka backend (librdkafka's mock cluster, built by
 * scripts/setup-system.sh) and a Fluss test cluster (1 coordinator + 3 tablet servers),
 * generates certificates into certs/, writes demo users and ACLs, starts the gateway in front
 * of both, and prints the exact commands to use it.
 * With `selfTest`, it runs those commands itself, checks the results and exits.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePki } from '../../tls/certs.js';
import { demoConfig } from '../../config/demo.js';
import { CredentialStore } from '../../sasl/credentials.js';
import { writeAclFile } from '../../acl/store-file.js';
import { startGateway, type RunningGateway } from '../../gateway.js';
import { demoCommands, demoAcls, DEMO_USERS, runDemoSelfTest } from './script.js';
import type { DemoBackend, DemoTestkit } from './testkit.js';

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('streamward demo runs from a source checkout (no package.json found above it)');
}

async function startBackends(kit: DemoTestkit): Promise<{ kafka: DemoBackend; fluss: DemoBackend }> {
  const kafka = await kit.startMockCluster({ brokers: 3, flavor: '2.0', topics: [{ name: 'demo-orders', partitions: 3 }] });
  try {
    return { kafka, fluss: await kit.startFlussCluster({ tabletServers: 3 }) };
  } catch (e) {
    await kafka.stop();
    throw e;
  }
}

export async function runDemo(kit: DemoTestkit, opts: { selfTest?: boolean } = {}): Promise<void> {
  const root = repoRoot();
  const certDir = path.join(root, 'certs');
  const dataDir = path.join(certDir, 'demo');
  fs.mkdirSync(dataDir, { recursive: true });
  const pki = await writePki(certDir, { clients: ['alice', 'admin'] });
  const users = await CredentialStore.load(path.join(dataDir, 'users.yaml'), { createIfMissing: true });
  for (const [user, password] of Object.entries(DEMO_USERS)) {
    if (!users.hasUser(user)) await users.addUser(user, password, { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
  }
  await writeAclFile(path.join(dataDir, 'acls.yaml'), demoAcls());
  const backends = await startBackends(kit);
  let gateway: RunningGateway | null = null;
  const stop = async () => {
    await gateway?.close();
    await backends.kafka.stop();
    await backends.fluss.stop();
  };
  try {
    const config = demoConfig({ kafkaBootstrap: backends.kafka.bootstrap, flussBootstrap: backends.fluss.bootstrap, certDir, dataDir, logLevel: opts.selfTest ? 'warn' : 'info', audit: 'audit.log' });
    gateway = await startGateway(config);
    const ports = Object.fromEntries([...gateway.listeners].map(([name, l]) => [name, l.boundPort]));
    const commands = demoCommands({ ports, ca: pki.ca, client: pki.clients.alice, dataDir });
    if (opts.selfTest) {
      await runDemoSelfTest(commands);
      return;
    }
    process.stdout.write(commands.text);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  } finally {
    await stop();
  }
}
