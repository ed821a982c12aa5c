/**
 * Starts an HTTP listener in this process for tests: the config goes through the real config
 * parser (so the listener sees exactly what gateway.ts would hand it), the credential store is a
 * real in-memory CredentialStore with cheap scrypt, logs are collected, metrics are fresh.
 */
import { parseConfig, type AuthMethod, type Config, type GatewayListener } from '../../../src/config.js';
import { createMemoryLogger } from '../../../src/log.js';
import { Metrics } from '../../../src/metrics.js';
import { CredentialStore } from '../../../src/sasl/credentials.js';
import { startHttpListener, type HttpListenerDeps, type HttpServices, type RunningHttpListener } from '../../../src/http/listener.js';
import type { HttpLimits } from '../../../src/http/settings.js';
import { testPki } from '../pki.js';

export interface HttpGatewayOptions {
  backendUrl: string;
  /** TLS towards clients; clientAuth 'none' | 'requested' | 'required'. Absent = plaintext. */
  tls?: { clientAuth: 'none' | 'requested' | 'required' };
  authentication?: AuthMethod[];
  enforcement?: 'enforce' | 'shadow';
  principalFrom?: 'basic' | 'mtls' | 'must-match';
  superUsers?: string[];
  failedAuth?: { delay: string; maxDelay: string; closeAfter: number };
  mtlsRules?: string[];
  /** Users added to the credential store: name -> password. */
  users?: Record<string, string>;
  limits?: Partial<HttpLimits>;
  services?: HttpServices;
  bearer?: HttpListenerDeps['bearer'];
  auditAllows?: 'all' | 'sampled' | 'none';
  /** listeners[].allowedOrigins (absent: the default, the listener's own origin). */
  allowedOrigins?: string[];
  /** clusters.<name>.configValues of the http cluster (absent: the default). */
  configValues?: 'rewrite' | 'redact' | 'pass';
  /** listeners[].advertise. */
  advertise?: string;
}

export interface HttpGateway {
  listener: RunningHttpListener;
  port: number;
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  config: Config;
  metrics: Metrics;
  lines: Array<Record<string, unknown>>;
  credentials: CredentialStore;
  stop(): Promise<void>;
}

export async function startHttpGateway(o: HttpGatewayOptions): Promise<HttpGateway> {
  const auth = o.authentication ?? ['basic'];
  const pki = o.tls ? await testPki() : null;
  const tls = pki && o.tls ? `    tls: { cert: "${pki.server.cert}", key: "${pki.server.key}"${o.tls.clientAuth !== 'none' ? `, clientCa: "${pki.ca}", clientAuth: ${o.tls.clientAuth}` : ''} }\n` : '';
  const rules = o.mtlsRules ?? ['RULE:^CN=([^,]+).*$/$1/', 'DEFAULT'];
  const fa = o.failedAuth ?? { delay: '1ms', maxDelay: '5ms', closeAfter: 0 };
  const yaml = [
    'clusters:',
    `  flink-rest: { protocol: http, url: "${o.backendUrl}"${o.configValues ? `, configValues: ${o.configValues}` : ''} }`,
    'listeners:',
    '  - name: flink-ui',
    '    cluster: flink-rest',
    '    bind: 127.0.0.1:0',
    o.advertise ? `    advertise: ${o.advertise}` : '',
    o.allowedOrigins ? `    allowedOrigins: [${o.allowedOrigins.map((x) => `"${x}"`).join(', ')}]` : '',
    tls.trimEnd(),
    `    authentication: [${auth.join(', ')}]`,
    `    enforcement: ${o.enforcement ?? 'enforce'}`,
    o.principalFrom ? `    principalFrom: ${o.principalFrom}` : '',
    'principals:',
    `  superUsers: [${(o.superUsers ?? []).map((s) => `"${s}"`).join(', ')}]`,
    `  mtls: { rules: [${rules.map((r) => `'${r}'`).join(', ')}] }`,
    auth.includes('basic') ? 'credentials: /nonexistent/users.yaml' : '',
    `limits: { failedAuth: { delay: ${fa.delay}, maxDelay: ${fa.maxDelay}, closeAfter: ${fa.closeAfter} } }`,
    `audit: { file: stdout, allows: ${o.auditAllows ?? 'all'} }`,
  ]
    .filter(Boolean)
    .join('\n');
  const config = parseConfig(yaml, '/tmp/streamward-http-test.yaml', { checkFiles: false });
  const credentials = CredentialStore.empty({ scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  for (const [user, password] of Object.entries(o.users ?? {})) await credentials.addUser(user, password, { mechanisms: ['PLAIN'] });
  const { log, lines } = createMemoryLogger('debug');
  const metrics = new Metrics();
  const listener = await startHttpListener(config.listeners[0] as GatewayListener, config, {
    log,
    metrics,
    services: { credentials, ...o.services },
    limits: o.limits,
    bearer: o.bearer,
  });
  const scheme = o.tls ? 'https' : 'http';
  return {
    listener,
    port: listener.port,
    url: `${scheme}://127.0.0.1:${listener.port}`,
    config,
    metrics,
    lines,
    credentials,
    stop: () => listener.close(),
  };
}

/** The current value of a counter/gauge sample with exactly these labels (0 when absent). */
export async function metricValue(metrics: Metrics, name: string, labels: Record<string, string>): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === name);
  const v = m?.values.find((s) => Object.entries(labels).every(([k, val]) => String((s.labels as Record<string, unknown>)[k]) === val));
  return v ? Number(v.value) : 0;
}
