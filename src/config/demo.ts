/**
 * The built-in config of `streamward demo`: a TLS Kafka listener (SASL or client certificate), a
 * SASL/PLAIN Fluss listener and an mTLS Fluss listener, in front of the given plaintext backends.
 * It is produced as config text and parsed by the normal pipeline, so it obeys every rule a user's
 * file does. The certificate folder must already hold `writePki` output (ca.pem, server.pem,
 * server.key).
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseConfig } from './parse.js';
import type { Config, LogLevel } from './types.js';

export interface DemoOptions {
  /** host:port of the plaintext Kafka cluster (one or more). */
  kafkaBootstrap: string | string[];
  /** host:port of the plaintext Fluss coordinator; no Fluss listeners when absent. */
  flussBootstrap?: string | string[];
  /** Folder with ca.pem, server.pem and server.key (see tls/certs.ts writePki). */
  certDir: string;
  /** Folder for users.yaml (credentials), acls.yaml and audit.log; default: certDir. */
  dataDir?: string;
  /** Bind and advertised host (default 127.0.0.1). */
  host?: string;
  /**
   * First port of the layout; 0 (default) = ephemeral ports everywhere. With a base port B:
   * kafka-tls B (brokers 0-8 at B+1..B+9, controllers 0-8 at B+10..B+18), fluss-sasl B+20
   * (coordinator B+21, tablet servers 0-17 at B+22..B+39), fluss-mtls B+40 (B+41, B+42..B+59),
   * admin B+99.
   */
  basePort?: number;
  superUsers?: string[];
  logLevel?: LogLevel;
  /** 'stdout' (default) or a file name inside dataDir. */
  audit?: string;
}

/** The demo config as YAML text (paths absolute), e.g. to show or save it. */
export function demoConfigYaml(o: DemoOptions): string {
  const host = o.host ?? '127.0.0.1';
  const base = o.basePort ?? 0;
  const data = o.dataDir ?? o.certDir;
  const bind = (offset: number): string => `${host}:${base === 0 ? 0 : base + offset}`;
  const nodes = (offset: number, protocol: 'kafka' | 'fluss'): string | { base: number; maxId: number } => (base === 0 ? 'auto' : { base: base + offset + 1, maxId: protocol === 'kafka' ? 8 : 17 });
  const list = (v: string | string[]): string[] => (Array.isArray(v) ? v : v.split(','));
  const cert = (f: string): string => join(o.certDir, f);
  const serverTls = { cert: cert('server.pem'), key: cert('server.key'), clientCa: cert('ca.pem') };

  const clusters: Record<string, unknown> = { kafka: { protocol: 'kafka', bootstrap: list(o.kafkaBootstrap) } };
  const listeners: unknown[] = [
    {
      name: 'kafka-tls',
      cluster: 'kafka',
      bind: bind(0),
      advertise: host,
      nodePorts: nodes(0, 'kafka'),
      tls: { ...serverTls, clientAuth: 'requested' },
      authentication: ['sasl', 'mtls'],
      sasl: { mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] },
    },
  ];
  if (o.flussBootstrap) {
    clusters.fluss = { protocol: 'fluss', bootstrap: list(o.flussBootstrap) };
    listeners.push(
      { name: 'fluss-sasl', cluster: 'fluss', bind: bind(20), advertise: host, nodePorts: nodes(20, 'fluss'), authentication: ['sasl'], sasl: { mechanisms: ['PLAIN'] } },
      { name: 'fluss-mtls', cluster: 'fluss', bind: bind(40), advertise: host, nodePorts: nodes(40, 'fluss'), tls: { ...serverTls, clientAuth: 'required' }, authentication: ['mtls'] },
    );
  }
  const doc = {
    clusters,
    listeners,
    principals: { mtls: { rules: ['RULE:^CN=([^,]+).*$/$1/', 'DEFAULT'] }, superUsers: o.superUsers ?? ['User:admin'] },
    credentials: join(data, 'users.yaml'),
    acls: { store: join(data, 'acls.yaml'), allowIfNoAcl: false },
    admin: { bind: bind(99) },
    log: { level: o.logLevel ?? 'info' },
    audit: { file: o.audit === undefined || o.audit === 'stdout' ? 'stdout' : join(data, o.audit), allows: 'all' },
  };
  return `# streamward demo configuration (generated)\n${stringify(doc, { lineWidth: 0 })}`;
}

/** The demo config, validated like a user's file (certificate files must exist). */
export function demoConfig(o: DemoOptions): Config {
  // every path in the text is absolute, so the name only labels errors
  const config = parseConfig(demoConfigYaml(o), '<demo>', { env: {} });
  config.meta.source = '<demo>';
  return config;
}
