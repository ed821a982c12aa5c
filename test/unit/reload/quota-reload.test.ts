// A config reload puts new quotas into force in the running QuotaManager, keeping the rates
// measured so far; removing the section turns the config's quotas off; quotas altered over the
// wire (the quota store) stay in force through config reloads and reach the manager at once.
import t from 'tap';
import { applySettings, type ReloadParts } from '../../../src/reload/gateway-targets.js';
import { reloadableSettings } from '../../../src/reload/config-reload.js';
import { QuotaManager } from '../../../src/quota/manager.js';
import { QuotaStore } from '../../../src/quota/store.js';
import { enforceStoreQuotas } from '../../../src/quota/enforced.js';
import { MemoryDocumentStore } from '../../../src/store/file-document.js';
import { createMemoryLogger } from '../../../src/log.js';
import type { Config, QuotasConfig } from '../../../src/config/types.js';

const WINDOW = { samples: 11, windowMs: 1000 };
const quotas = (producerByteRate: number): QuotasConfig => ({ window: WINDOW, entries: [{ user: 'alice', producerByteRate }] });
const config = (q: QuotasConfig | null) =>
  ({ log: { level: 'info' }, principals: { superUsers: [] }, acls: { allowIfNoAcl: false }, listeners: [], audit: { allows: 'all', sampleRate: 1 }, quotas: q }) as unknown as Config;

async function setup(initial: QuotasConfig | null, now: () => number) {
  const store = await QuotaStore.open(new MemoryDocumentStore());
  const manager = new QuotaManager({ entries: [] }, now);
  const enforced = enforceStoreQuotas(store, manager, initial);
  const parts = { log: createMemoryLogger('info').log, listeners: new Map(), authorizers: new Map(), audit: null, quotas: enforced } as unknown as ReloadParts;
  return { store, manager, parts };
}

t.test('reloaded quotas reach the manager, measured rates kept', async (t) => {
  let ms = 1_000_000;
  const { manager, parts } = await setup(quotas(1000), () => ms);
  t.equal(manager.record('producerByteRate', 'alice', 'c', 20_000).throttleMs > 0, true, 'over 1 kB/s');
  applySettings(parts, reloadableSettings(config(quotas(100_000))));
  ms += 1;
  t.equal(manager.record('producerByteRate', 'alice', 'c', 1).throttleMs, 0, 'the raised bound applies at once');
  applySettings(parts, reloadableSettings(config(quotas(1000))));
  t.ok(manager.record('producerByteRate', 'alice', 'c', 1).throttleMs > 0, 'lowered again: the 20 kB measured before still count');
  applySettings(parts, reloadableSettings(config(null)));
  t.equal(manager.enabled, false, 'section removed: no quota applies');
});

t.test('quotas altered over the wire are enforced at once and survive config reloads', async (t) => {
  const { store, manager, parts } = await setup(null, Date.now);
  t.equal(manager.enabled, false, 'no quota at start');
  t.same(await store.alter([{ user: 'bob', set: { consumerByteRate: 500 }, remove: [] }]), ['ok']);
  t.equal(manager.applies('consumerByteRate', 'bob', 'any'), true, 'the altered quota is enforced without a restart');
  applySettings(parts, reloadableSettings(config(quotas(1000))));
  t.equal(manager.applies('producerByteRate', 'alice', 'c'), true, "the reloaded config's quota applies");
  t.equal(manager.applies('consumerByteRate', 'bob', 'any'), true, 'the altered one is still in force');
  applySettings(parts, reloadableSettings(config(null)));
  t.equal(manager.applies('producerByteRate', 'alice', 'c'), false, "the config's quota is gone with its section");
  t.equal(manager.applies('consumerByteRate', 'bob', 'any'), true, 'the altered one stays');
});
