/**
 * A Kafka gateway listener in front of a mock cluster for end-to-end tests, with every response
 * the gateway sends a client recorded, so tests can prove no backend address ever leaks.
 */
import { KafkaAdapter, type KafkaAdapterOptions } from '../../../src/adapters/kafka/adapter.js';
import { carriesAddresses, collectAddresses } from '../../../src/protocol/kafka/rewrite.js';
import { startTestListener, type TestListener } from '../listener.js';
import { testPki, testServerTls } from '../pki.js';
import type { ConnectionContext, ProtocolSession, RequestInfo } from '../../../src/proxy/protocol.js';
import type { MockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { Metrics } from '../../../src/metrics.js';
import { anonymousPolicy, type AuthPolicy } from '../../../src/adapters/auth-policy.js';
import type { ClientAuthMode } from '../../../src/tls/server-context.js';

export interface AddressSighting {
  api: number;
  version: number;
  nodeId: number;
  host: string;
  port: number;
}

/** KafkaAdapter that records every address it hands to clients. */
class RecordingKafkaAdapter extends KafkaAdapter {
  constructor(
    private readonly sightings: AddressSighting[],
    options: KafkaAdapterOptions,
  ) {
    super(options);
  }
  override newSession(ctx: ConnectionContext): ProtocolSession {
    const inner = super.newSession(ctx);
    const record = (info: RequestInfo, out: Buffer) => {
      if (!carriesAddresses(info.apiKey, info.apiVersion)) return out;
      for (const a of collectAddresses(info.apiKey, info.apiVersion, out)) this.sightings.push({ api: info.apiKey, version: info.apiVersion, ...a });
      return out;
    };
    return {
      onRequest: (f) => inner.onRequest(f),
      onResponse: (info, frame) => {
        const out = inner.onResponse(info, frame);
        return out instanceof Promise ? out.then((b) => record(info, b)) : record(info, out);
      },
      authenticated: inner.authenticated?.bind(inner),
      close: () => inner.close?.(),
    };
  }
}

export interface KafkaTestGateway extends TestListener {
  bootstrap: string;
  sightings: AddressSighting[];
  /** librdkafka properties for reaching this gateway (TLS settings when TLS is on). */
  rdkafkaProps: Record<string, string>;
  caFile: string;
}

export async function startKafkaGateway(
  cluster: MockCluster,
  opts: { tls?: boolean; clientAuth?: ClientAuthMode; auth?: (metrics: Metrics) => AuthPolicy | Promise<AuthPolicy>; stages?: KafkaAdapterOptions['stages']; metrics?: Metrics } = {},
): Promise<KafkaTestGateway> {
  const sightings: AddressSighting[] = [];
  const metrics = opts.metrics ?? new Metrics();
  const auth = opts.auth ? await opts.auth(metrics) : anonymousPolicy('test', metrics);
  const pki = await testPki();
  const tls = opts.tls ? await testServerTls(opts.clientAuth ?? 'none') : null;
  const gw = await startTestListener({
    metrics,
    adapter: new RecordingKafkaAdapter(sightings, { auth, stages: opts.stages }),
    bootstrap: cluster.brokers.map((b) => ({ host: b.host, port: b.port })),
    tls,
  });
  const rdkafkaProps: Record<string, string> = opts.tls ? { 'security.protocol': 'ssl', 'ssl.ca.location': pki.ca } : {};
  return { ...gw, bootstrap: `127.0.0.1:${gw.port}`, sightings, rdkafkaProps, caFile: pki.ca };
}
