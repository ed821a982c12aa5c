/**
 * Reloading the config file. The new file is loaded and validated exactly as at startup; a file
 * that fails (invalid YAML, a schema or semantic error, a file it names is broken, unreadable)
 * changes nothing. A valid file is compared with the config in force: the RELOADABLE fields
 * below are applied at once, every other difference is reported as a warning ("restart to
 * apply") and left as it was. The running config object is updated only in the reloadable fields.
 *
 * Reloadable: log.level, principals.superUsers, acls.allowIfNoAcl, listeners[].enforcement,
 * audit.allows, audit.sampleRate, quotas (entries and window; measured rates are kept unless the
 * window changed). (Certificates, credentials and ACL contents reload through
 * their own files; their paths, like binds, ports, clusters and limits, need a restart.)
 * The apply hook reports fields it could not put into force for some listeners (ReloadNote):
 * they are warned about, and a field applied to no listener is not reported as applied.
 */
import { loadConfig } from '../config/parse.js';
import type { Config, LogLevel, QuotasConfig } from '../config/types.js';
import type { ReloadTarget } from './reloader.js';

export interface ReloadableSettings {
  logLevel: LogLevel;
  superUsers: string[];
  allowIfNoAcl: boolean;
  /** Per gateway listener name. */
  enforcement: Record<string, 'enforce' | 'shadow'>;
  audit: { allows: Config['audit']['allows']; sampleRate: number };
  /** null = no `quotas:` section. */
  quotas?: QuotasConfig | null;
}

export function reloadableSettings(c: Config): ReloadableSettings {
  const enforcement: ReloadableSettings['enforcement'] = {};
  for (const l of c.listeners) if (l.mode === 'gateway') enforcement[l.name] = l.enforcement;
  return {
    logLevel: c.log.level,
    superUsers: [...c.principals.superUsers],
    allowIfNoAcl: c.acls.allowIfNoAcl,
    enforcement,
    audit: { allows: c.audit.allows, sampleRate: c.audit.sampleRate },
    quotas: c.quotas ?? null,
  };
}

/** The config with the reloadable fields neutralised and `meta` dropped, for comparison. */
function fixedPart(c: Config): unknown {
  return {
    ...c,
    meta: undefined,
    log: undefined,
    principals: { ...c.principals, superUsers: undefined },
    acls: { ...c.acls, allowIfNoAcl: undefined },
    audit: { ...c.audit, allows: undefined, sampleRate: undefined },
    quotas: undefined,
    listeners: c.listeners.map((l) => (l.mode === 'gateway' ? { ...l, enforcement: undefined } : l)),
  };
}

/** Dotted paths (named list items by name) where two values differ; stops descending at 4 levels. */
export function differences(a: unknown, b: unknown, at = '', depth = 0): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';
  if (!isObj(a) || !isObj(b) || depth >= 4) return [at || '(root)'];
  const named = (v: Record<string, unknown>): boolean => !Array.isArray(v) || v.every((x) => isObj(x) && typeof x.name === 'string');
  if (!named(a) || !named(b)) return [at || '(root)']; // a list of plain values changes as a whole
  const key = (v: unknown, i: number): string => (isObj(v) && typeof v.name === 'string' ? v.name : String(i));
  const entries = (v: Record<string, unknown>): Map<string, unknown> => (Array.isArray(v) ? new Map(v.map((x, i) => [key(x, i), x])) : new Map(Object.entries(v)));
  const ea = entries(a);
  const eb = entries(b);
  const out: string[] = [];
  for (const k of new Set([...ea.keys(), ...eb.keys()])) {
    const sub = Array.isArray(a) ? `${at}[${k}]` : at ? `${at}.${k}` : k;
    out.push(...differences(ea.get(k), eb.get(k), sub, depth + 1));
  }
  return out;
}

export interface ConfigChange {
  settings: ReloadableSettings;
  /** Reloadable fields that differ from the config in force. */
  applied: string[];
  /** Fields that differ but need a restart. */
  ignored: string[];
}

export function compareConfigs(running: Config, next: Config): ConfigChange {
  const now = reloadableSettings(running);
  const settings = reloadableSettings(next);
  // the enforcement of an added or removed listener belongs to that change, which needs a restart
  for (const name of Object.keys(settings.enforcement)) if (!(name in now.enforcement)) delete settings.enforcement[name];
  for (const name of Object.keys(now.enforcement)) settings.enforcement[name] ??= now.enforcement[name];
  return { settings, applied: differences(now, settings), ignored: differences(fixedPart(running), fixedPart(next)) };
}

/** Writes the applied settings back into the running config (so the next diff starts from them). */
export function updateRunningConfig(running: Config, s: ReloadableSettings): void {
  running.log.level = s.logLevel;
  running.principals.superUsers = [...s.superUsers];
  running.acls.allowIfNoAcl = s.allowIfNoAcl;
  running.audit.allows = s.audit.allows;
  running.audit.sampleRate = s.audit.sampleRate;
  if (s.quotas !== undefined) running.quotas = s.quotas;
  for (const l of running.listeners) if (l.mode === 'gateway' && s.enforcement[l.name]) l.enforcement = s.enforcement[l.name];
}

/** A reloadable field that could not be put into force for some listeners (or at all). */
export interface ReloadNote {
  /** A top-level ReloadableSettings key: `allowIfNoAcl`, `audit`, ... */
  field: string;
  /** The listeners it does not apply to; [] = none of them (the field is not applied at all). */
  listeners: string[];
  reason: string;
}

export interface ConfigReloadHooks {
  /** Put the settings into force (logger levels, authorizers, audit policy); says what it could not apply. */
  apply(settings: ReloadableSettings): ReloadNote[] | void;
  /** Differences that need a restart. */
  warnIgnored(paths: string[]): void;
  /** Changed reloadable fields that were not applied to some (or all) listeners. */
  warnNotApplied?(notes: Array<ReloadNote & { paths: string[] }>): void;
}

/** The top-level settings key of a dotted difference path (`enforcement.web` -> `enforcement`). */
function topField(path: string): string {
  return path.split(/[.[]/)[0];
}

export function configTarget(running: Config, hooks: ConfigReloadHooks, env: NodeJS.ProcessEnv = process.env): ReloadTarget {
  const path = running.meta.source;
  return {
    what: 'config',
    name: `config ${path}`,
    files: [path],
    async reload() {
      const next = await loadConfig(path, { env });
      const change = compareConfigs(running, next);
      if (change.ignored.length > 0) hooks.warnIgnored(change.ignored);
      if (change.applied.length === 0) return { changed: false };
      const notes = (hooks.apply(change.settings) ?? []).map((n) => ({ ...n, paths: change.applied.filter((p) => topField(p) === n.field) })).filter((n) => n.paths.length > 0);
      if (notes.length > 0) hooks.warnNotApplied?.(notes);
      updateRunningConfig(running, change.settings);
      // a field applied to no listener at all is not reported as applied
      const nowhere = new Set(notes.filter((n) => n.listeners.length === 0).flatMap((n) => n.paths));
      const applied = change.applied.filter((p) => !nowhere.has(p));
      return { changed: true, detail: { applied, ...(nowhere.size > 0 ? { notApplied: [...nowhere] } : {}) } };
    },
  };
}
