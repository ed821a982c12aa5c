/**
 * Builds the Reloader of a running gateway: one target per thing that can change under it.
 *   certificates          each TLS listener's served certificate, key, client CA and CRL (file
 *                         watch), Kafka, Fluss and HTTP listeners alike
 *   client-certificates   each sidecar's / backend cluster's client identity (file watch)
 *   credentials           the credential store (its own watcher; this target serves SIGHUP)
 *   acls                  the ACL store file (its own watcher; this target serves SIGHUP)
 *   config                the reloadable fields of the config file (file watch)
 *   audit                 reopens the audit file (SIGHUP only, for log rotation)
 */
import fs from 'node:fs';
import type tls from 'node:tls';
import { Reloader, type ReloadTarget } from './reloader.js';
import { serverTlsTarget, clientTlsTarget, type TlsServing } from './tls-reload.js';
import { configTarget, type ReloadableSettings, type ReloadNote } from './config-reload.js';
import type { SwappableAclFile } from './acl-source.js';
import type { Config, ClientTls, ServerTls } from '../config/types.js';
import type { CredentialStore } from '../sasl/credentials.js';
import type { GatewayError } from '../errors.js';
import type { Authorizer } from '../adapters/authz.js';
import type { AuditLog } from '../audit.js';
import type { Listener } from '../proxy/listener.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { QuotasConfig } from '../config/types.js';

/** Watches the credentials file (its own watcher), counting and logging each reload. */
export function watchCredentials(credentials: CredentialStore, metrics: Metrics, log: Logger, onHealth?: (healthy: boolean, error?: GatewayError) => void): { close(): void } {
  return credentials.watch(
    (e) => {
      metrics.reloads.inc({ what: 'credentials', outcome: e.ok ? 'success' : 'failure' });
      if (e.ok) log.info({ users: e.users }, 'credentials reloaded');
      else log.error({ err: e.error.code, what: 'credentials', detail: e.error.message }, 'credentials reload failed; previous credentials stay in force');
    },
    { onHealth },
  );
}

export interface ReloadParts {
  config: Config;
  log: Logger;
  metrics: Metrics;
  /** TLS listeners with the files they serve and the fingerprint of those files at start. */
  servedTls: Array<{ listener: TlsServing; files: ServerTls; fingerprint: string }>;
  /** Client identities (sidecar upstream, backend cluster) with their shared connect options. */
  clientTls: Array<{ name: string; files: ClientTls; options: tls.ConnectionOptions; fingerprint: string }>;
  credentials: CredentialStore | null;
  acls: Pick<SwappableAclFile, 'target'> | null;
  authorizers: Map<string, Authorizer>;
  listeners: Map<string, Listener>;
  /** Listeners that take reloaded settings themselves (HTTP listeners), by name. */
  selfApplying?: Map<string, SelfApplyingListener>;
  audit: AuditLog | null;
  /** Puts a reloaded `quotas:` section (null: none) into force: the quota store's base entries and the window. */
  quotas?: { setConfig(q: QuotasConfig | null): void } | null;
  debounceMs?: number;
  pollMs?: number;
}

/** A listener that puts reloaded settings into force itself (the HTTP listener). */
export interface SelfApplyingListener {
  applySettings(s: { logLevel: string; superUsers: readonly string[]; enforcement: 'enforce' | 'shadow'; audit: ReloadableSettings['audit'] }): void;
}

/**
 * Puts reloaded config settings into force in every listener kind: Kafka and Fluss listeners
 * (their logger and authorizer), HTTP listeners (applySettings), the audit log. Returns what
 * could not be applied where, so the reload reports it instead of calling it applied.
 */
export function applySettings(p: ReloadParts, s: ReloadableSettings): ReloadNote[] {
  const notes: ReloadNote[] = [];
  p.log.level = s.logLevel;
  for (const l of p.listeners.values()) l.log.level = s.logLevel;
  const noAllowIfNoAcl: string[] = [];
  for (const [name, a] of p.authorizers) {
    a.options.decide = { ...a.options.decide, superUsers: s.superUsers, allowIfNoAcl: s.allowIfNoAcl };
    if (a.protocol !== 'kafka') noAllowIfNoAcl.push(name);
    const e = s.enforcement[name];
    if (e) a.options.enforcement = e;
  }
  for (const [name, l] of p.selfApplying ?? []) {
    const enforcement = s.enforcement[name];
    if (!enforcement) continue; // a listener added by this file: needs a restart, reported as such
    l.applySettings({ logLevel: s.logLevel, superUsers: s.superUsers, enforcement, audit: s.audit });
    noAllowIfNoAcl.push(name);
  }
  if (noAllowIfNoAcl.length > 0) {
    notes.push({ field: 'allowIfNoAcl', listeners: noAllowIfNoAcl, reason: 'Fluss and Flink (http) decisions deny when no ACL matches; allowIfNoAcl is Kafka-only' });
  }
  if (p.quotas && s.quotas !== undefined) p.quotas.setConfig(s.quotas);
  if (p.audit) p.audit.configure(s.audit);
  else notes.push({ field: 'audit', listeners: [], reason: 'this gateway writes to an audit sink it was given, not to the configured audit log; restart to apply' });
  return notes;
}

export function buildReloader(p: ReloadParts): Reloader {
  const reloader = new Reloader({ metrics: p.metrics, log: p.log, debounceMs: p.debounceMs, pollMs: p.pollMs });
  for (const s of p.servedTls) reloader.add(serverTlsTarget(s.listener, s.files, p.metrics, s.fingerprint));
  for (const c of p.clientTls) reloader.add(clientTlsTarget(c.name, c.files, c.options, c.fingerprint));
  const credentials = p.credentials;
  if (credentials?.watchable) {
    reloader.add({
      what: 'credentials',
      name: `credentials ${credentials.where}`,
      files: [],
      reload: async () => ({ changed: await credentials.reload(), detail: { users: credentials.list().length } }),
    });
  }
  if (p.acls) reloader.add(p.acls.target());
  if (fs.existsSync(p.config.meta.source)) {
    reloader.add(
      configTarget(p.config, {
        apply: (s) => applySettings(p, s),
        warnIgnored: (paths) => p.log.warn({ what: 'config', fields: paths }, 'config changes that need a restart were not applied'),
        warnNotApplied: (notes) => {
          for (const n of notes) {
            const where = n.listeners.length > 0 ? `listeners ${n.listeners.join(', ')}` : 'any listener';
            p.log.warn({ what: 'config', fields: n.paths, listeners: n.listeners, reason: n.reason }, `config change not applied to ${where}: ${n.reason}`);
          }
        },
      }),
    );
  }
  const audit = p.audit;
  if (audit) {
    const reopen: ReloadTarget = { what: 'audit', name: 'audit log', files: [], reload: async () => (await audit.reopen(), { changed: false }) };
    reloader.add(reopen);
  }
  return reloader;
}
