/**
 * A Fluss gateway listener in front of the Fluss test cluster for end-to-end tests. Every
 * server address the gateway hands a client is recorded, so tests can prove none is a backend's.
 */
import { FlussAdapter, type FlussAdapterOptions } from '../../../src/adapters/fluss/adapter.js';
import { anonymousPolicy, type AuthPolicy } from '../../../src/adapters/auth-policy.js';
import { collectMetadataServers, type MetadataServer } from '../../../src/protocol/fluss/rewrite.js';
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
import { Metrics } from '../../../src/metrics.js';
import { startTestListener, type TestListener } from '../listener.js';
import { testServerTls } from '../pki.js';
import type { ConnectionContext, ProtocolSession } from '../../../src/proxy/protocol.js';
import type { FlussCluster } from '../../../testkit/fluss/cluster/index.js';
import type { ClientAuthMode } from '../../../src/tls/server-context.js';

class RecordingFlussAdapter extends FlussAdapter {
  constructor(
    private readonly sightings: MetadataServer[],
    options: FlussAdapterOptions,
  ) {
    super(options);
  }
  override newSession(ctx: ConnectionContext): ProtocolSession {
    const inner = super.newSession(ctx);
    const record = (apiKey: number, out: Buffer) => {
      if (apiKey === ApiKey.GET_METADATA && out.readInt8(4) === 0) this.sightings.push(...collectMetadataServers(out));
      return out;
    };
    return {
      onRequest: (f) => inner.onRequest(f),
      onResponse: (info, frame) => {
        const out = inner.onResponse(info, frame);
        return out instanceof Promise ? out.then((b) => record(info.apiKey, b)) : record(info.apiKey, out);
      },
      onUpstreamFailure: inner.onUpstreamFailure?.bind(inner),
      authenticated: inner.authenticated?.bind(inner),
      close: () => inner.close?.(),
    };
  }
}

export interface FlussTestGateway extends TestListener {
  bootstrap: string;
  sightings: MetadataServer[];
}

export async function startFlussGateway(
  cluster: FlussCluster,
  opts: {
    tls?: boolean;
    clientAuth?: ClientAuthMode;
    auth?: (metrics: Metrics) => AuthPolicy | Promise<AuthPolicy>;
    stages?: FlussAdapterOptions['stages'];
    metrics?: Metrics;
    configValues?: FlussAdapterOptions['configValues'];
  } = {},
): Promise<FlussTestGateway> {
  const sightings: MetadataServer[] = [];
  const metrics = opts.metrics ?? new Metrics();
  const auth = opts.auth ? await opts.auth(metrics) : anonymousPolicy('test', metrics);
  const tls = opts.tls ? await testServerTls(opts.clientAuth ?? 'none') : null;
  const [host, port] = cluster.bootstrap.split(':');
  const gw = await startTestListener({
    metrics,
    adapter: new RecordingFlussAdapter(sightings, { auth, stages: opts.stages, configValues: opts.configValues }),
    bootstrap: [{ host, port: Number(port) }],
    tls,
  });
  return { ...gw, bootstrap: `127.0.0.1:${gw.port}`, sightings };
}
