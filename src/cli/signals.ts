/**
 * Process signals of `streamward run`:
 *   SIGHUP           reload certificates, credentials, ACLs, the config file; reopen the audit file
 *   SIGTERM, SIGINT  graceful drain: stop accepting, readiness false, in-flight requests finish
 *                    (up to the drain timeout), then close; a second one closes at once
 *
 *   running ──TERM──► draining ──drained──► closed (done resolves)
 *      │                 └──TERM again──► closing now ──► closed
 *      └──HUP──► reload queued (reloads never overlap; a HUP during a reload waits for it)
 */
import type { RunningGateway } from '../gateway.js';
import type { Logger } from '../log.js';

export interface SignalHandling {
  /** Resolves once the gateway has closed after SIGTERM/SIGINT. */
  done: Promise<void>;
  remove(): void;
}

/** Signal emitter: the real process, or a stand-in in tests. */
export interface SignalSource {
  on(signal: NodeJS.Signals, handler: () => void): unknown;
  removeListener(signal: NodeJS.Signals, handler: () => void): unknown;
}

export function handleSignals(gw: RunningGateway, opts: { drainTimeoutMs: number; log: Logger; source?: SignalSource }): SignalHandling {
  const { log } = opts;
  const source: SignalSource = opts.source ?? process;
  let stopping = false;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));

  const onHup = (): void => {
    if (stopping) return;
    log.info({ signal: 'SIGHUP' }, 'reloading');
    gw.reload().then(
      (outcomes) => log.info({ outcomes: outcomes.map((o) => `${o.name}: ${o.outcome}`) }, 'reload finished'),
      (e: Error) => log.error({ err: 'SW_ERR_RELOAD_FAILED', detail: e.message }, 'reload failed'),
    );
  };
  const onTerm = (signal: NodeJS.Signals) => (): void => {
    if (stopping) {
      log.warn({ signal }, 'second stop signal: closing now');
      void gw.close();
      return;
    }
    stopping = true;
    log.info({ signal, drainTimeoutMs: opts.drainTimeoutMs }, 'draining: no new connections, waiting for in-flight requests');
    gw.drain(opts.drainTimeoutMs)
      .then(() => gw.close())
      .catch((e: Error) => log.error({ err: 'SW_ERR_INTERNAL', detail: e.message }, 'shutdown failed'))
      .finally(() => {
        log.info('gateway closed');
        resolveDone();
      });
  };
  const term = onTerm('SIGTERM');
  const int = onTerm('SIGINT');
  source.on('SIGHUP', onHup);
  source.on('SIGTERM', term);
  source.on('SIGINT', int);
  return {
    done,
    remove() {
      source.removeListener('SIGHUP', onHup);
      source.removeListener('SIGTERM', term);
      source.removeListener('SIGINT', int);
    },
  };
}
