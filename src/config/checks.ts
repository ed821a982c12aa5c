/**
 * Semantic checks the schema cannot express: references between sections, combinations of
 * authentication and TLS settings, protocol-specific limits. Problems are errors; `warnings` are
 * legal but suspicious settings that `check` prints.
 */
import type { FieldPath, ProblemList } from './problems.js';
import type { RawConfig, RawListener } from './raw.js';
import type { Config, GatewayListener } from './types.js';
import { isWildcardHost } from './units.js';
import { checkNodePorts } from './node-ports-check.js';
import { checkQuotas } from './quota-check.js';
import { checkBackendSasl } from './backend-sasl-check.js';
import { KerberosShortNamer } from '../protocol/kafka/kerberos-rules.js';
import { hasNestedQuantifier } from './regex-risk.js';

type Warn = (path: FieldPath, message: string) => void;

export function checkSemantics(raw: RawConfig, config: Config, problems: ProblemList, warn: Warn): void {
  const seen = new Map<string, number>();
  const used = new Set<string>();
  if (config.acls.store && config.acls.etcd) problems.add(['acls'], 'give either store (a file) or etcd, not both');
  checkQuotas(config.quotas ?? null, problems);
  config.listeners.forEach((l, i) => {
    const at = (...rest: Array<string | number>): FieldPath => ['listeners', i, ...rest];
    const first = seen.get(l.name);
    if (first !== undefined) problems.add(at('name'), `listener name "${l.name}" is already used by listeners[${first}]`);
    else seen.set(l.name, i);

    if (l.mode === 'gateway') {
      if (!config.clusters[l.cluster]) {
        const defined = Object.keys(config.clusters);
        problems.add(at('cluster'), `no cluster named "${l.cluster}" (${defined.length ? `defined: ${defined.join(', ')}` : 'no clusters are defined'})`);
        return;
      }
      used.add(l.cluster);
      checkGatewayListener(
        raw.listeners[i]!,
        l,
        config,
        (p, m) => problems.add(at(...p), m),
        (p, m) => warn(at(...p), m),
      );
    }
    if (raw.listeners[i]!.advertise === undefined && l.nodePorts && isWildcardHost(l.bind.host)) {
      warn(at('bind'), 'binds every interface but has no advertise: clients are sent to 127.0.0.1 for node endpoints');
    }
    if (l.protocol === 'http' && l.nodePorts) problems.add(at('nodePorts'), 'http listeners have no per-node endpoints; remove nodePorts');
    const sni = l.mode === 'gateway' ? l.sni : null;
    if (sni) checkSni(l as GatewayListener, (p, m) => problems.add(at(...p), m));
    if (l.protocol !== 'http' && !l.nodePorts && !sni) {
      problems.add(at('nodePorts'), `is required for ${l.protocol} listeners: one port per backend node (a map such as { base: 9100, maxId: 31 }, or auto)`);
    }
    checkNodePorts(l, (p, m) => problems.add(at(...p), m));
  });

  for (const [name, c] of Object.entries(config.clusters)) {
    const at: FieldPath = ['clusters', name];
    if (!used.has(name)) warn(at, 'no listener uses this cluster');
    if (c.tls && (c.tls.cert === null) !== (c.tls.key === null)) problems.add([...at, 'tls'], 'cert and key go together: set both or neither');
    if (c.protocol === 'http' && c.tls && c.url.startsWith('http://')) problems.add([...at, 'tls'], 'is set but url is http://; use https:// for a TLS backend');
    if (c.protocol !== 'http') checkBackendSasl(config, name, c, (p, m) => problems.add(p, m), warn);
  }

  const mtls = config.principals.mtls;
  mtls.rules.forEach((rule, i) => {
    const err = mappingRuleError(rule);
    if (err) problems.add(['principals', 'mtls', 'rules', i], err);
    else if (hasNestedQuantifier(/^RULE:((?:\\\/|[^/])*)\//.exec(rule)?.[1] ?? '')) {
      warn(
        ['principals', 'mtls', 'rules', i],
        'repeats a group that itself repeats (such as (a+)+): matching a long certificate subject can backtrack for a long time; rewrite it without the nested repetition',
      );
    }
  });
  if (mtls.sanPattern !== null && mtls.san === null) problems.add(['principals', 'mtls', 'sanPattern'], 'needs principals.mtls.san (dns or uri)');

  const lim = config.limits;
  if (lim.maxFrameBytes <= 0) problems.add(['limits', 'maxFrameBytes'], 'must be more than 0');
  if (lim.preAuthMaxFrameBytes <= 0) problems.add(['limits', 'preAuthMaxFrameBytes'], 'must be more than 0');
  if (lim.handshakeTimeoutMs <= 0) problems.add(['limits', 'handshakeTimeout'], 'must be more than 0');
  if (lim.authTimeoutMs <= 0) problems.add(['limits', 'authTimeout'], 'must be more than 0');
  if (lim.idleTimeoutMs <= 0) problems.add(['limits', 'idleTimeout'], 'must be more than 0');
  if (lim.failedAuth.delayMs > lim.failedAuth.maxDelayMs) problems.add(['limits', 'failedAuth', 'delay'], 'is longer than failedAuth.maxDelay');
  if (raw.audit?.sampleRate !== undefined && config.audit.allows !== 'sampled') {
    warn(['audit', 'sampleRate'], `has no effect with allows: ${config.audit.allows}`);
  }
}

/** SNI routing needs TLS, a node pattern with $(nodeId) (and $(kind) for Fluss), and no nodePorts. */
function checkSni(l: GatewayListener, problem: Warn): void {
  const sni = l.sni!;
  if (l.protocol === 'http') problem(['sni'], 'is for kafka and fluss listeners');
  if (!l.tls) problem(['sni'], 'needs a tls section: the node is chosen from the TLS host name');
  if (!/\$\(nodeId\)/i.test(sni.node)) problem(['sni', 'node'], 'must contain $(nodeId), e.g. broker-$(nodeId).kafka.example.com');
  else if (l.protocol === 'fluss' && !/\$\(kind\)/i.test(sni.node))
    problem(['sni', 'node'], 'must contain $(kind) for fluss (coordinator and tablet servers), e.g. $(kind)-$(nodeId).fluss.example.com');
  if (l.nodePorts) problem(['nodePorts'], 'is not used with sni (every node is served on the bind port); remove it');
}

function checkGatewayListener(raw: RawListener, l: GatewayListener, config: Config, problem: Warn, warn: Warn): void {
  const auth = l.authentication;
  const tls = l.tls;
  if (auth.includes('none') && auth.length > 1) problem(['authentication'], 'none cannot be combined with other methods');
  if (auth.includes('sasl') && l.protocol === 'http') problem(['authentication'], 'sasl is for kafka and fluss listeners; http listeners use basic');
  if (auth.includes('basic') && l.protocol !== 'http') problem(['authentication'], `basic is for http listeners; ${l.protocol} listeners use sasl`);
  const passwords = auth.includes('basic') || (auth.includes('sasl') && (l.sasl?.mechanisms ?? []).some((m) => m !== 'GSSAPI' && m !== 'OAUTHBEARER'));
  if (passwords && config.credentials === null && config.credentialsEtcd === null) {
    problem(['authentication'], 'password authentication needs a credentials file (top-level `credentials:`)');
  }
  checkGssapi(l, problem);
  if (auth.includes('mtls')) {
    if (!tls) problem(['authentication'], 'mtls needs a tls section with clientCa');
    else if (!tls.clientCa) problem(['tls', 'clientCa'], 'is required when authentication lists mtls');
    else if (auth.length === 1 && tls.clientAuth === 'requested') {
      warn(['tls', 'clientAuth'], 'requested: clients without a certificate connect but cannot authenticate');
    }
  } else if (tls?.clientCa && tls.clientAuth !== 'none') {
    warn(['tls', 'clientCa'], 'client certificates are checked but not used as identity (authentication does not list mtls)');
  }
  if (tls && tls.clientAuth !== 'none' && !tls.clientCa) problem(['tls', 'clientAuth'], `${tls.clientAuth} needs tls.clientCa`);
  if (tls?.clientCa && tls.clientAuth === 'none') problem(['tls', 'clientAuth'], 'none contradicts tls.clientCa; use requested or required');
  if (tls?.crl && tls.crl.length > 0 && !tls.clientCa) problem(['tls', 'crl'], 'checks client certificates: it needs tls.clientCa');

  if (raw.sasl && !auth.includes('sasl')) problem(['sasl'], 'is set but authentication does not list sasl');
  if (raw.bearer && l.protocol !== 'http') problem(['bearer'], 'bearer tokens are for http listeners');
  if (raw.allowedOrigins && l.protocol !== 'http') problem(['allowedOrigins'], 'browser origins are for http listeners');
  if (l.sasl && l.protocol === 'fluss') {
    const other = l.sasl.mechanisms.filter((m) => m !== 'PLAIN');
    if (other.length > 0) problem(['sasl', 'mechanisms'], `Fluss servers and clients only implement PLAIN (not ${other.join(', ')})`);
    if (l.sasl.reauthenticateMs !== null) problem(['sasl', 'reauthenticate'], 'Fluss has no re-authentication');
  }
  if (l.sasl?.mechanisms.includes('OAUTHBEARER') && !l.sasl.oauthbearer) problem(['sasl', 'oauthbearer'], 'is required when mechanisms list OAUTHBEARER (issuer, audience)');
  if (l.sasl?.oauthbearer && !l.sasl.mechanisms.includes('OAUTHBEARER')) problem(['sasl', 'oauthbearer'], 'is set but mechanisms do not list OAUTHBEARER');
  if (l.sasl?.reauthenticateMs === 0) problem(['sasl', 'reauthenticate'], 'must be more than 0 (leave it out to never re-authenticate)');

  if (raw.principalFrom !== undefined) {
    if (l.principalFrom === null) problem(['principalFrom'], 'only applies when authentication lists mtls together with sasl or basic');
    else if (raw.principalFrom !== 'must-match' && !auth.includes(raw.principalFrom as 'sasl')) {
      problem(['principalFrom'], `${raw.principalFrom} is not in authentication`);
    }
  }
}

/** Null when `rule` is a valid Kafka ssl.principal.mapping.rules entry, else what is wrong. */
export function mappingRuleError(rule: string): string | null {
  if (rule === 'DEFAULT') return null;
  const m = /^RULE:((?:\\\/|[^/])*)\/((?:\\\/|[^/])*)\/([LU]?)$/.exec(rule);
  if (!m) return 'must be DEFAULT or RULE:<regex>/<replacement>/ with an optional L or U at the end';
  try {
    new RegExp(m[1]!.replace(/\\\//g, '/'));
  } catch (e) {
    return `regex does not compile: ${(e as Error).message}`;
  }
  return null;
}

/** GSSAPI: Kafka listeners only, with a sasl.gssapi section whose rules parse. */
function checkGssapi(l: GatewayListener, problem: Warn): void {
  const listed = l.sasl?.mechanisms.includes('GSSAPI') ?? false;
  const g = l.sasl?.gssapi ?? null;
  if (listed && l.protocol !== 'kafka') problem(['sasl', 'mechanisms'], 'GSSAPI is offered on kafka listeners only');
  if (listed && !g) problem(['sasl', 'gssapi'], 'is required when sasl.mechanisms lists GSSAPI (keytab, principal)');
  if (g && !listed) problem(['sasl', 'gssapi'], 'is set but sasl.mechanisms does not list GSSAPI');
  if (!g) return;
  try {
    new KerberosShortNamer(g.defaultRealm, g.principalToLocalRules);
  } catch (e) {
    problem(['sasl', 'gssapi', 'principalToLocalRules'], (e as Error).message);
  }
  if (!/^[^@]+@[^@]+$/.test(g.principal)) problem(['sasl', 'gssapi', 'principal'], 'must be a full principal, e.g. kafka/broker.example.com@EXAMPLE.COM');
}
