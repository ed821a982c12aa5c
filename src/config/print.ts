/**
 * Turns a resolved Config back into the file's shape for `streamward check`: every default
 * written out, durations and sizes in units, paths absolute (only paths: no file is read), and
 * every value that came from a secret-looking environment variable replaced by `***`.
 * The output parses again as a config file.
 */
import { Document, isScalar, visit } from 'yaml';
import { isSecretVariable } from './env.js';
import type { ClientTls, ClusterConfig, Config, ListenerConfig, NodePorts } from './types.js';
import { formatDuration as dur, formatHostPort, formatSize } from './units.js';

export const MASK = '***';

type Plain = Record<string, unknown>;

/** Drops keys whose value is null or undefined, so optional settings stay out of the output. */
function compact(o: Plain): Plain {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

function clientTls(t: ClientTls | null): Plain | undefined {
  return t ? compact({ ca: t.ca, cert: t.cert, key: t.key, serverName: t.serverName }) : undefined;
}

function nodePorts(n: NodePorts | null): string | Plain | undefined {
  if (!n) return undefined;
  if (n.kind === 'ephemeral') return 'auto';
  if (n.kind === 'legacy-range') return `${n.first}-${n.last}`;
  const overrides = Object.keys(n.overrides).length > 0 ? { ...n.overrides } : undefined;
  return compact({ base: n.base, minId: n.minId, maxId: n.maxId, offsets: { ...n.offsets }, overrides });
}

function cluster(c: ClusterConfig): Plain {
  if (c.protocol === 'http') return compact({ protocol: c.protocol, url: c.url, tls: clientTls(c.tls), configValues: c.configValues });
  // the backend password is never printed, whether it came from a variable or not
  const sasl = c.sasl ? compact({ ...c.sasl, password: c.sasl.password === null ? null : MASK }) : undefined;
  return compact({ protocol: c.protocol, bootstrap: c.bootstrap.map(formatHostPort), tls: clientTls(c.tls), configValues: c.configValues, sasl });
}

function listener(l: ListenerConfig): Plain {
  const common = { name: l.name, bind: formatHostPort(l.bind), advertise: l.advertise, nodePorts: nodePorts(l.nodePorts) };
  if (l.mode === 'client-sidecar') {
    return compact({
      name: l.name,
      mode: l.mode,
      protocol: l.protocol,
      bind: common.bind,
      advertise: l.advertise,
      nodePorts: common.nodePorts,
      upstream: { address: formatHostPort(l.upstream.address), tls: clientTls(l.upstream.tls) },
    });
  }
  return compact({
    name: l.name,
    cluster: l.cluster,
    bind: common.bind,
    advertise: l.advertise,
    nodePorts: common.nodePorts,
    sni: l.sni ? { ...l.sni } : undefined,
    tls: l.tls ? compact({ ...l.tls }) : undefined,
    authentication: l.authentication,
    sasl: l.sasl
      ? compact({
          mechanisms: l.sasl.mechanisms,
          reauthenticate: l.sasl.reauthenticateMs === null ? null : dur(l.sasl.reauthenticateMs),
          gssapi: l.sasl.gssapi,
          oauthbearer: l.sasl.oauthbearer
            ? compact({
                ...l.sasl.oauthbearer,
                jwksCacheMs: undefined,
                jwksCooldownMs: undefined,
                jwksCache: dur(l.sasl.oauthbearer.jwksCacheMs),
                jwksCooldown: dur(l.sasl.oauthbearer.jwksCooldownMs),
              })
            : undefined,
        })
      : undefined,
    principalFrom: l.principalFrom,
    enforcement: l.enforcement,
    allowedOrigins: l.allowedOrigins.length > 0 ? l.allowedOrigins : undefined,
    bearer: l.bearer ? compact({ ...l.bearer, jwksCacheMs: undefined, jwksCache: l.bearer.jwksCacheMs === null ? null : dur(l.bearer.jwksCacheMs) }) : undefined,
  });
}

/** The config in file shape with defaults filled in (no masking). */
export function toFileShape(config: Config): Plain {
  const lim = config.limits;
  return compact({
    clusters: Object.fromEntries(Object.entries(config.clusters).map(([name, c]) => [name, cluster(c)])),
    listeners: config.listeners.map(listener),
    principals: {
      mtls: compact({ rules: config.principals.mtls.rules, san: config.principals.mtls.san, sanPattern: config.principals.mtls.sanPattern }),
      superUsers: config.principals.superUsers,
    },
    credentials: config.credentials,
    acls: compact({ store: config.acls.store, allowIfNoAcl: config.acls.allowIfNoAcl }),
    limits: {
      maxFrameBytes: formatSize(lim.maxFrameBytes),
      preAuthMaxFrameBytes: formatSize(lim.preAuthMaxFrameBytes),
      maxConnections: lim.maxConnections,
      maxConnectionsPerAddress: lim.maxConnectionsPerAddress,
      handshakeTimeout: dur(lim.handshakeTimeoutMs),
      authTimeout: dur(lim.authTimeoutMs),
      idleTimeout: dur(lim.idleTimeoutMs),
      failedAuth: { delay: dur(lim.failedAuth.delayMs), maxDelay: dur(lim.failedAuth.maxDelayMs), closeAfter: lim.failedAuth.closeAfter, decay: dur(lim.failedAuth.decayMs) },
      authHashing: { concurrency: lim.authHashing.concurrency, queue: lim.authHashing.queue },
    },
    admin: { bind: formatHostPort(config.admin.bind) },
    workers: config.workers,
    log: { level: config.log.level },
    audit: { file: config.audit.file, allows: config.audit.allows, sampleRate: config.audit.sampleRate },
    quotas: config.quotas
      ? {
          window: { samples: config.quotas.window.samples, size: dur(config.quotas.window.windowMs) },
          entries: config.quotas.entries.map((e) =>
            compact({
              user: e.user,
              clientId: e.clientId,
              producerByteRate: e.producerByteRate === undefined ? undefined : formatSize(e.producerByteRate),
              consumerByteRate: e.consumerByteRate === undefined ? undefined : formatSize(e.consumerByteRate),
              requestPercentage: e.requestPercentage,
            }),
          ),
        }
      : undefined,
  });
}

/** File shape for printing: values from PASSWORD/SECRET/TOKEN/KEY-like variables become `***`. */
export function maskSecrets(config: Config): Plain {
  const shape = toFileShape(config);
  for (const { path, variables } of config.meta.envValues) {
    if (!variables.some(isSecretVariable)) continue;
    let node: unknown = shape;
    for (const seg of path.slice(0, -1)) node = node && typeof node === 'object' ? (node as Plain)[seg as string] : undefined;
    const last = path[path.length - 1];
    if (node && typeof node === 'object' && last !== undefined && last in node) (node as Plain)[last as string] = MASK;
  }
  return shape;
}

/** YAML text of the masked config, as `streamward check` prints it. */
export function formatConfig(config: Config): string {
  const doc = new Document(maskSecrets(config));
  // short lists of plain values read best on one line: [sasl, mtls]
  visit(doc, {
    Seq(_, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
