/**
 * The one metrics module. Every metric the gateway exports is declared here, on a Registry that
 * the caller injects (tests use a fresh Registry each; gateway.ts one per process). Names follow
 * Prometheus conventions with the `streamward_` prefix.
 */
import { Registry, Counter, Gauge, Histogram, collectDefaultMetrics, type CounterConfiguration, type LabelValues } from 'prom-client';

const LATENCY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A labelled child of a BufferedCounter: increments add to `pending` until the next read. */
interface BufferedChild<T extends string> extends Counter.Internal {
  labels: LabelValues<T>;
  pending: number;
}

/**
 * A counter for the per-request paths: its labelled children (`labels({...})`, which those paths
 * keep) add to a plain number, handed to prom-client when the metrics are read (collect, at every
 * scrape and every get()), so a request does no label hashing (prom-client hashes the labels on
 * every inc of a child). `inc(labels, v)` on the counter itself counts at once, as before.
 */
export class BufferedCounter<T extends string> extends Counter<T> {
  private readonly children = new Map<string, BufferedChild<T>>();

  constructor(config: CounterConfiguration<T>) {
    super({
      ...config,
      collect(this: Counter<T>) {
        (this as BufferedCounter<T>).flush();
      },
    });
  }

  override labels(...args: string[]): Counter.Internal;
  override labels(labels: LabelValues<T>): Counter.Internal;
  override labels(...args: unknown[]): Counter.Internal {
    if (args.length !== 1 || typeof args[0] !== 'object' || args[0] === null) return super.labels(...(args as string[]));
    const labels = args[0] as LabelValues<T>;
    const key = JSON.stringify(labels);
    let child = this.children.get(key);
    if (!child) {
      const made: BufferedChild<T> = {
        labels: { ...labels },
        pending: 0,
        inc(v = 1) {
          made.pending += v;
        },
      };
      child = made;
      this.children.set(key, child);
    }
    return child;
  }

  /** Hands the children's pending increments to prom-client. */
  flush(): void {
    for (const c of this.children.values()) {
      if (c.pending === 0) continue;
      const v = c.pending;
      c.pending = 0;
      this.inc(c.labels, v); // prom-client sets inc per instance (not on the prototype)
    }
  }

  override reset(): void {
    // prom-client's constructor calls reset() before this class's fields exist
    if (this.children) for (const c of this.children.values()) c.pending = 0;
    super.reset();
  }
}

export class Metrics {
  readonly registry: Registry;
  readonly connectionsActive: Gauge<'listener'>;
  readonly connectionsAccepted: Counter<'listener'>;
  readonly connectionsClosed: Counter<'listener' | 'reason'>;
  readonly requests: Counter<'listener' | 'protocol' | 'api' | 'version'>;
  readonly bytesIn: Counter<'listener'>;
  readonly bytesOut: Counter<'listener'>;
  readonly upstreamErrors: Counter<'listener' | 'code'>;
  readonly frameErrors: Counter<'listener' | 'code'>;
  readonly gatewayLatency: Histogram<'listener' | 'protocol'>;
  readonly upstreamLatency: Histogram<'listener' | 'protocol'>;
  readonly authentications: Counter<'listener' | 'mechanism' | 'outcome'>;
  readonly authorizations: Counter<'protocol' | 'api' | 'operation' | 'resource_type' | 'outcome'>;
  readonly reloads: Counter<'what' | 'outcome'>;
  readonly certExpirySeconds: Gauge<'listener' | 'subject'>;
  readonly nodeEndpoints: Gauge<'listener'>;
  readonly nodesRefused: Counter<'listener' | 'kind'>;
  readonly ready: Gauge;
  readonly backendReachable: Gauge<'listener'>;
  readonly storeHealthy: Gauge<'store'>;
  readonly auditRecords: Counter<'kind' | 'decision'>;
  /** Throttle time given by quotas, per principal (never per client id: bounded by the users). */
  readonly quotaThrottleMs: Counter<'principal' | 'quota'>;
  /** The rate a principal's last request was measured at, per quota type (bytes/s, or percent). */
  readonly quotaRate: Gauge<'principal' | 'quota'>;
  /** The gateway's own SASL logins to SASL backends (clusters.<name>.sasl), by outcome: success, failure, no-credential. */
  readonly upstreamLogins: Counter<'listener' | 'mechanism' | 'outcome'>;
  /** Served certificates by listener; the expiry gauge is computed from these at every scrape. */
  private readonly servedCertificates = new Map<string, { subject: string; notAfter: Date }>();

  constructor(registry: Registry = new Registry(), opts: { processMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'streamward_' });
    this.connectionsActive = new Gauge({ name: 'streamward_connections_active', help: 'Open client connections', labelNames: ['listener'], registers });
    this.connectionsAccepted = new Counter({ name: 'streamward_connections_accepted_total', help: 'Accepted client connections', labelNames: ['listener'], registers });
    this.connectionsClosed = new Counter({
      name: 'streamward_connections_closed_total',
      help: 'Closed client connections by reason (normal or an SW_ERR_* code)',
      labelNames: ['listener', 'reason'],
      registers,
    });
    this.requests = new BufferedCounter({ name: 'streamward_requests_total', help: 'Client requests by api and version', labelNames: ['listener', 'protocol', 'api', 'version'], registers });
    this.bytesIn = new BufferedCounter({ name: 'streamward_client_bytes_in_total', help: 'Bytes received from clients', labelNames: ['listener'], registers });
    this.bytesOut = new BufferedCounter({ name: 'streamward_client_bytes_out_total', help: 'Bytes sent to clients', labelNames: ['listener'], registers });
    this.upstreamErrors = new Counter({ name: 'streamward_upstream_errors_total', help: 'Backend connection errors by SW_ERR_* code', labelNames: ['listener', 'code'], registers });
    this.frameErrors = new Counter({ name: 'streamward_frame_errors_total', help: 'Refused or undecodable client frames by SW_ERR_* code', labelNames: ['listener', 'code'], registers });
    this.gatewayLatency = new Histogram({
      name: 'streamward_gateway_latency_seconds',
      help: 'Time a request spends in the gateway itself (request and response processing)',
      labelNames: ['listener', 'protocol'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.upstreamLatency = new Histogram({
      name: 'streamward_upstream_latency_seconds',
      help: 'Time from forwarding a request to its backend response',
      labelNames: ['listener', 'protocol'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.authentications = new Counter({
      name: 'streamward_authentications_total',
      help: 'Authentication attempts by mechanism and outcome',
      labelNames: ['listener', 'mechanism', 'outcome'],
      registers,
    });
    this.authorizations = new BufferedCounter({
      name: 'streamward_authorization_decisions_total',
      help: 'Authorization decisions',
      labelNames: ['protocol', 'api', 'operation', 'resource_type', 'outcome'],
      registers,
    });
    this.reloads = new Counter({ name: 'streamward_reloads_total', help: 'Reloads of certificates, credentials, ACLs and config by outcome', labelNames: ['what', 'outcome'], registers });
    const served = this.servedCertificates;
    this.certExpirySeconds = new Gauge({
      name: 'streamward_certificate_expiry_seconds',
      help: 'Seconds until each served certificate expires',
      labelNames: ['listener', 'subject'],
      registers,
      collect(this: Gauge<'listener' | 'subject'>) {
        const now = Date.now();
        for (const [listener, c] of served) this.set({ listener, subject: c.subject }, (c.notAfter.getTime() - now) / 1000);
      },
    });
    this.nodeEndpoints = new Gauge({ name: 'streamward_node_endpoints', help: 'Gateway endpoints assigned to backend nodes', labelNames: ['listener'], registers });
    this.nodesRefused = new Counter({
      name: 'streamward_nodes_refused_total',
      help: 'Backend nodes named in a response that the listener nodePorts map gives no port (the response is not passed on)',
      labelNames: ['listener', 'kind'],
      registers,
    });
    this.ready = new Gauge({ name: 'streamward_ready', help: '1 when every listener is bound and its backend reachable, and the gateway is not draining', registers });
    this.backendReachable = new Gauge({
      name: 'streamward_backend_reachable',
      help: '1 when the last TCP probe of the listener backend (or edge gateway) succeeded',
      labelNames: ['listener'],
      registers,
    });
    this.storeHealthy = new Gauge({
      name: 'streamward_store_healthy',
      help: '1 when the shared store (etcd) of acls / credentials answers; 0 = degraded, the last state seen stays in force',
      labelNames: ['store'],
      registers,
    });
    this.auditRecords = new Counter({ name: 'streamward_audit_records_total', help: 'Audit records written by kind and decision', labelNames: ['kind', 'decision'], registers });
    this.quotaThrottleMs = new Counter({
      name: 'streamward_quota_throttle_ms_total',
      help: 'Milliseconds of throttle time given by quotas, per principal and quota type (producer_byte_rate, consumer_byte_rate, request_percentage)',
      labelNames: ['principal', 'quota'],
      registers,
    });
    this.quotaRate = new Gauge({
      name: 'streamward_quota_rate',
      help: 'Rate measured for a principal by quota type at its last request: bytes per second, or percent of one thread for request_percentage',
      labelNames: ['principal', 'quota'],
      registers,
    });
    this.upstreamLogins = new Counter({
      name: 'streamward_upstream_logins_total',
      help: "The gateway's SASL logins to the backend per backend connection, by mechanism and outcome",
      labelNames: ['listener', 'mechanism', 'outcome'],
      registers,
    });
  }

  /**
   * The certificate a listener serves now (at start and after each reload). The expiry gauge is
   * computed at scrape time, so it counts down; a replaced certificate's series is removed.
   */
  trackCertificate(listener: string, subject: string, notAfter: Date): void {
    const before = this.servedCertificates.get(listener);
    if (before && before.subject !== subject) this.certExpirySeconds.remove({ listener, subject: before.subject });
    this.servedCertificates.set(listener, { subject, notAfter });
  }
}

/**
 * The metrics of the primary process in `workers: N` mode (it proxies nothing): workers alive,
 * worker restarts, and readiness of the whole gateway (every worker ready). The workers' own
 * registries are merged into the primary's /metrics by src/cluster/aggregate-metrics.ts.
 */
export class PrimaryMetrics {
  readonly workers: Gauge;
  readonly workerRestarts: Counter<'reason'>;
  readonly ready: Gauge;

  constructor(readonly registry: Registry = new Registry()) {
    const registers = [registry];
    this.workers = new Gauge({ name: 'streamward_workers', help: 'Worker processes running and ready', registers });
    this.workerRestarts = new Counter({
      name: 'streamward_worker_restarts_total',
      help: 'Worker processes restarted after an unexpected exit, by exit code or signal',
      labelNames: ['reason'],
      registers,
    });
    this.ready = new Gauge({ name: 'streamward_ready', help: '1 when every worker is ready and the gateway is not draining', registers });
  }
}
