/**
 * Builds the Reloader of a running gateway: one target per thing that can change under it.
 *   certificates          each TLS listener's served certificate, key and client CA (file watch)
 *   client-certificates   each sidecar's / backend cluster's client identity (file watch)
 *   credentials           the credential store (its own watcher; this target serves SIGHUP)
 *   acls                  the ACL store file (its own watcher; this target serves SIGHUP)
 *   config                the reloadable fields of the config file (file watch)
 *   audit                 reopens the audit file (SIGHUP only, for log rotation)
 */
import fs from 'node:fs';
import type tls from 'node:tls';
import { Reloader, type ReloadTarget } from './reloader.js';
import { serverTlsTarget, clientTlsTarget } from './tls-reload.js';
import { configTarget, type ReloadableSettings } from './config-reload.js';
import type { SwappableAclFile } from './acl-source.js';
import type { Config, ClientTls, ServerTls } from '../config/types.js';
import type { CredentialStore } from '../sasl/credentials.js';
import type { GatewayError } from '../errors.js';
import type { Authorizer } from '../adapters/authz.js';
import type { AuditLog } from '../audit.js';
import type { Listener } from '../proxy/listener.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

/** Watches the credentials file (its own watcher), counting and logging each reload. */
export function watchCredentials(credentials: CredentialStore, metrics: Metrics, log: Logger, onHealth?: (healthy: boolean, error?: GatewayError) => void): { close(): void } {
  return credentials.watch((e) => {
    metrics.reloads.inc({ what: 'credentials', outcome: e.ok ? 'success' : 'failure' });
    if (e.ok) log.info({ users: e.users }, 'credentials reloaded');
    else log.error({ err: e.error.code, what: 'credentials', detail: e.error.message }, 'credentials reload failed; previous credentials stay in force');
  }, { onHealth });
}

export interface ReloadParts {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** TLS listeners with the files they serve and the fingerprint of those files at start. */
  servedTls: Array<{ listener: Listener; files: ServerTls; fingerprint: string }>;
  /** Client identities (sidecar upstream, backend cluster) with their shared connect options. */
  clientTls: Array<{ name: string; files: ClientTls; options: tls.ConnectionOptions; fingerprint: string }>;
  credentials: CredentialStore | null;
  acls: Pick<SwappableAclFile, 'target'> | null;
  authorizers: Map<string, Authorizer>;
  listeners: Map<string, Listener>;
  audit: AuditLog | null;
  debounceMs?: number;
  pollMs?: number;
}

/** Puts reloaded config settings into force. */
export function applySettings(p: ReloadParts, s: ReloadableSettings): void {
  p.log.level = s.logLevel;
  for (const l of p.listeners.values()) l.log.level = s.logLevel;
  for (const [name, a] of p.authorizers) {
    a.options.decide = { ...a.options.decide, superUsers: s.superUsers, allowIfNoAcl: s.allowIfNoAcl };
    const e = s.enforcement[name];
    if (e) a.options.enforcement = e;
  }
  p.audit?.configure(s.audit);
}

export function buildReloader(p: ReloadParts): Reloader {
  const reloader = new Reloader({ metrics: p.metrics, log: p.log, debounceMs: p.debounceMs, pollMs: p.pollMs });
  for (const s of p.servedTls) reloader.add(serverTlsTarget(s.listener, s.files, p.metrics, s.fingerprint));
  for (const c of p.clientTls) reloader.add(clientTlsTarget(c.name, c.files, c.options, c.fingerprint));
  const credentials = p.credentials;
  if (credentials?.watchable) {
    reloader.add({ what: 'credentials', name: `credentials ${credentials.where}`, files: [], reload: async () => ({ changed: await credentials.reload(), detail: { users: credentials.list().length } }) });
  }
  if (p.acls) reloader.add(p.acls.target());
  if (fs.existsSync(p.config.meta.source)) {
    reloader.add(
      configTarget(p.config, {
        apply: (s) => applySettings(p, s),
        warnIgnored: (paths) => p.log.warn({ what: 'config', fields: paths }, 'config changes that need a restart were not applied'),
      }),
    );
  }
  const audit = p.audit;
  if (audit) {
    const reopen: ReloadTarget = { what: 'audit', name: 'audit log', files: [], reload: async () => ((await audit.reopen()), { changed: false }) };
    reloader.add(reopen);
  }
  return reloader;
}
