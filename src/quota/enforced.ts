/**
 * Keeps the QuotaManager (what is enforced) equal to the quota store's entries (the config's
 * `quotas:` section overlaid by AlterClientQuotas) and the configured window: every store change
 * and every config reload reconfigures the manager, which keeps the rates measured so far.
 */
import type { QuotasConfig } from '../config/types.js';
import type { QuotaManager } from './manager.js';
import type { RateWindow } from './rate.js';
import type { QuotaStore } from './store.js';

export interface EnforcedQuotas {
  /** A reloaded `quotas:` section (null: none): new base entries and window. */
  setConfig(q: QuotasConfig | null): void;
  /** Stops following the store. */
  close(): void;
}

export function enforceStoreQuotas(store: QuotaStore, manager: QuotaManager, initial: QuotasConfig | null): EnforcedQuotas {
  let window: RateWindow | undefined = initial?.window;
  store.setBase(initial?.entries ?? []);
  manager.configure({ entries: store.entries(), window });
  const unwatch = store.onChange((entries) => manager.configure({ entries, window }));
  return {
    setConfig(q) {
      window = q?.window;
      store.setBase(q?.entries ?? []);
      manager.configure({ entries: store.entries(), window });
    },
    close: unwatch,
  };
}
