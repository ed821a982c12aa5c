/**
 * Opens the shared (etcd) stores a gateway config names (the ACL state on it: openSharedAcls in
 * src/reload/shared-acls.ts), with the logging, metrics and /readyz health every replica reports: one log line per outage and per recovery (SW_ERR_STORE_UNAVAILABLE),
 * the `streamward_store_healthy{store}` gauge, and `degraded` on /readyz while etcd is away.
 */
import { EtcdDocumentStore } from './etcd-document.js';
import type { GatewayError } from '../errors.js';
import type { EtcdStoreConfig } from '../config/types.js';
import type { Logger } from '../log.js';

/** Where a store's health goes (the gateway's Readiness). */
export type StoreHealthSink = (store: 'acls' | 'credentials', healthy: boolean, detail?: string) => void;

/** Logs and forwards a shared store's reachability changes. */
export function storeHealthReporter(store: 'acls' | 'credentials', where: string, log: Logger, sink: StoreHealthSink) {
  return (healthy: boolean, error?: GatewayError): void => {
    if (healthy) log.info({ store, where }, 'shared store reachable again; resynced');
    else log.error({ err: 'SW_ERR_STORE_UNAVAILABLE', store, where, detail: error?.message }, 'shared store unreachable; serving the last state seen (degraded)');
    sink(store, healthy, healthy ? undefined : error?.message);
  };
}

export interface StoreTiming {
  /** How often each replica re-reads the store (outage detection, resync); default 500 ms. */
  pollMs?: number;
}

export function etcdDocument(config: EtcdStoreConfig, timing: StoreTiming = {}): EtcdDocumentStore {
  return new EtcdDocumentStore(config, { pollMs: timing.pollMs });
}
