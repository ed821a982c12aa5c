/**
 * Two streamward gateways in a row, for the gateway's login towards a SASL backend:
 *
 *   client ──SASL alice──► gateway A ──(A's own login: clusters.<name>.sasl)──► gateway B ──► mock cluster
 *
 * Gateway B plays the Kafka backend WITH SASL (its listener enables PLAIN and SCRAM-SHA-512 for
 * the users `svc` and `alice-be`) and logs the principal it authenticated; A's bootstrap
 * connections go through a recording proxy so tests see what reached B, in which order. Both are
 * started from YAML config files, as `streamward run` does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { parseConfig } from '../../../src/config/parse.js';
import { startGateway, type RunningGateway } from '../../../src/gateway.js';
import { createMemoryLogger } from '../../../src/log.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import type { MockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.js';
import { testPki } from '../pki.js';

/** Users of gateway A (the clients). */
export const CLIENT_USERS = { alice: 'alice-client-pw', bob: 'bob-client-pw' };
/** Users of gateway B (the backend's own identities; alice with the same password as at A, for passthrough). */
export const BACKEND_USERS = { svc: 'svc-backend-pw-5f1c', 'alice-be': 'alice-backend-pw-93ad', alice: CLIENT_USERS.alice };

export interface KafkaChain {
  a: RunningGateway;
  b: RunningGateway;
  aLines: Array<Record<string, unknown>>;
  bLines: Array<Record<string, unknown>>;
  /** The client-facing bootstrap (gateway A). */
  bootstrap: string;
  proxy: RecordingProxy;
  dir: string;
  /** librdkafka properties for a SASL/PLAIN client of gateway A. */
  clientProps(user: string, password: string): Record<string, string>;
  close(): Promise<void>;
}

export interface KafkaChainOptions {
  cluster: MockCluster;
  /** A's `clusters.backend.sasl` block, as YAML flow mapping text. */
  backendSasl: string;
  /** Variables for `${VAR}` in A's config. */
  env?: Record<string, string>;
  /** Files written into the test folder before A starts (mapping file, password file). */
  files?: Record<string, string>;
  /** B's listener `sasl.reauthenticate` (the backend's session lifetime). */
  backendReauthenticate?: string;
  /** Log level of both gateways (default debug: every line a secret could leak into). */
  level?: string;
  /** B's listener speaks TLS and A verifies it (SASL_SSL towards the backend). */
  backendTls?: boolean;
  /** A's listener SASL mechanisms for its clients (default [PLAIN]). */
  clientMechanisms?: string;
}

async function store(file: string, users: Record<string, string>): Promise<void> {
  const s = await CredentialStore.load(file, { createIfMissing: true, scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  for (const [u, p] of Object.entries(users)) await s.addUser(u, p, { mechanisms: ['PLAIN', 'SCRAM-SHA-512'] });
}

export async function startKafkaChain(o: KafkaChainOptions): Promise<KafkaChain> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sw-upstream-'));
  const level = o.level ?? 'debug';
  await store(path.join(dir, 'b-users.yaml'), BACKEND_USERS);
  await store(path.join(dir, 'a-users.yaml'), CLIENT_USERS);
  for (const [name, text] of Object.entries(o.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
  const reauth = o.backendReauthenticate ? `, reauthenticate: ${o.backendReauthenticate}` : '';
  const pki = o.backendTls ? await testPki() : null;
  const bTls = pki ? `, tls: { cert: "${pki.server.cert}", key: "${pki.server.key}" }` : '';
  const aTls = pki ? `\n    tls: { ca: "${pki.ca}", serverName: localhost }` : '';
  const bYaml = `
clusters:
  mock: { protocol: kafka, bootstrap: [${o.cluster.brokers.map((x) => `"${x.host}:${x.port}"`).join(', ')}] }
listeners:
  - { name: b, cluster: mock, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: [PLAIN, SCRAM-SHA-512]${reauth} }${bTls} }
principals: { superUsers: [User:svc, User:alice-be, User:alice] }
credentials: b-users.yaml
`;
  const bLog = createMemoryLogger(level);
  const b = await startGateway(parseConfig(bYaml, path.join(dir, 'b.yaml')), { log: bLog.log, registry: new Registry(), admin: false, audit: null });
  const proxy = await startRecordingProxy({ host: '127.0.0.1', port: b.listeners.get('b')!.boundPort });
  const aYaml = `
clusters:
  backend:
    protocol: kafka
    bootstrap: ["127.0.0.1:${proxy.port}"]${aTls}
    sasl: ${o.backendSasl}
listeners:
  - { name: a, cluster: backend, bind: 127.0.0.1:0, nodePorts: auto, authentication: [sasl], sasl: { mechanisms: ${o.clientMechanisms ?? '[PLAIN]'} } }
principals: { superUsers: [User:alice, User:bob] }
credentials: a-users.yaml
`;
  const aLog = createMemoryLogger(level);
  let a: RunningGateway;
  try {
    a = await startGateway(parseConfig(aYaml, path.join(dir, 'a.yaml'), { env: o.env ?? {} }), { log: aLog.log, registry: new Registry(), admin: false, audit: null });
  } catch (e) {
    await b.close();
    await proxy.close();
    throw e;
  }
  return {
    a,
    b,
    aLines: aLog.lines,
    bLines: bLog.lines,
    bootstrap: `127.0.0.1:${a.listeners.get('a')!.boundPort}`,
    proxy,
    dir,
    clientProps: (user, password) => ({ 'security.protocol': 'sasl_plaintext', 'sasl.mechanisms': 'PLAIN', 'sasl.username': user, 'sasl.password': password }),
    close: async () => {
      // the proxy first: no half-closed socket between A and B is left waiting for its peer
      await proxy.close();
      await a.close();
      await b.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The principals gateway B authenticated (its `authenticated` log lines), in order. */
export function backendPrincipals(chain: KafkaChain): string[] {
  return chain.bLines.filter((l) => l.msg === 'authenticated').map((l) => String(l.principal));
}
