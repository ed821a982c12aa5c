/**
 * Runs reloads one at a time. A target is one reloadable thing (a listener's certificate, the
 * credentials, the ACLs, the config file); it re-reads its source, validates it completely and
 * swaps, or throws and leaves the state in force untouched. Every reload, whether a file watch
 * or SIGHUP asked for it, goes through one queue, so a SIGHUP that arrives during a reload waits
 * for it and never interleaves with it. Each outcome is counted
 * (streamward_reloads_total{what,outcome}) and logged; failures with SW_ERR_RELOAD_FAILED.
 */
import { watchFiles, type FileWatch } from '../store/file-watch.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface ReloadResult {
  changed: boolean;
  /** Facts for the log line (never secrets). */
  detail?: Record<string, unknown>;
}

export interface ReloadTarget {
  /** Metric label: certificates | client-certificates | credentials | acls | config | audit. */
  what: string;
  /** For logs, e.g. `listener kafka-edge`. */
  name: string;
  /** Files whose change triggers this target (empty: only SIGHUP or another watcher triggers it). */
  files: string[];
  reload(): Promise<ReloadResult>;
}

export interface TargetOutcome {
  what: string;
  name: string;
  outcome: 'success' | 'failure' | 'unchanged';
  error?: string;
}

export interface ReloaderOptions {
  metrics: Metrics;
  log: Logger;
  debounceMs?: number;
  pollMs?: number;
}

export class Reloader {
  private readonly targets: ReloadTarget[] = [];
  private readonly watches: FileWatch[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: ReloaderOptions) {}

  /** Adds a target and, when it has files, watches them. */
  add(target: ReloadTarget): void {
    this.targets.push(target);
    if (target.files.length === 0) return;
    const { log } = this.options;
    this.watches.push(
      watchFiles(target.files, () => void this.reload([target], 'file change'), {
        debounceMs: this.options.debounceMs,
        pollMs: this.options.pollMs,
        onError: (e) => log.warn({ err: 'SW_ERR_RELOAD_FAILED', what: target.what, target: target.name, detail: e.message }, 'cannot watch files; reload with SIGHUP'),
      }),
    );
  }

  /** Reloads every target (SIGHUP). */
  reloadAll(trigger = 'SIGHUP'): Promise<TargetOutcome[]> {
    return this.reload(this.targets, trigger);
  }

  /** Queues a reload of `targets` behind any running one; resolves with each outcome. */
  reload(targets: readonly ReloadTarget[], trigger: string): Promise<TargetOutcome[]> {
    const run = async (): Promise<TargetOutcome[]> => {
      const out: TargetOutcome[] = [];
      for (const t of targets) if (!this.closed) out.push(await this.runOne(t, trigger));
      return out;
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async runOne(t: ReloadTarget, trigger: string): Promise<TargetOutcome> {
    const { metrics, log } = this.options;
    try {
      const r = await t.reload();
      if (!r.changed) return { what: t.what, name: t.name, outcome: 'unchanged' };
      metrics.reloads.inc({ what: t.what, outcome: 'success' });
      log.info({ what: t.what, target: t.name, trigger, ...r.detail }, `${t.name}: ${t.what} reloaded`);
      return { what: t.what, name: t.name, outcome: 'success' };
    } catch (e) {
      const detail = (e as Error).message;
      metrics.reloads.inc({ what: t.what, outcome: 'failure' });
      log.error({ err: 'SW_ERR_RELOAD_FAILED', what: t.what, target: t.name, trigger, detail }, `${t.name}: ${t.what} reload failed; the previous state stays in force`);
      return { what: t.what, name: t.name, outcome: 'failure', error: detail };
    }
  }

  /** Stops watching; a reload in progress finishes, queued ones are skipped. */
  close(): void {
    this.closed = true;
    for (const w of this.watches) w.close();
  }
}
