// A config reload puts new quotas into force in the running QuotaManager (configure()), keeping
// the rates measured so far; removing the section turns quotas off; a gateway started without a
// quota stage says the change needs a restart instead of calling it applied.
import t from 'tap';
import { applySettings, type ReloadParts } from '../../../src/reload/gateway-targets.js';
import { reloadableSettings } from '../../../src/reload/config-reload.js';
import { QuotaManager } from '../../../src/quota/manager.js';
import { createMemoryLogger } from '../../../src/log.js';
import type { Config, QuotasConfig } from '../../../src/config/types.js';

const WINDOW = { samples: 11, windowMs: 1000 };
const quotas = (producerByteRate: number): QuotasConfig => ({ window: WINDOW, entries: [{ user: 'alice', producerByteRate }] });
const config = (q: QuotasConfig | null) =>
  ({ log: { level: 'info' }, principals: { superUsers: [] }, acls: { allowIfNoAcl: false }, listeners: [], audit: { allows: 'all', sampleRate: 1 }, quotas: q }) as unknown as Config;

t.test('reloaded quotas reach the manager, measured rates kept', async (t) => {
  let ms = 1_000_000;
  const manager = new QuotaManager({ entries: quotas(1000).entries, window: WINDOW }, () => ms);
  const parts = { log: createMemoryLogger('info').log, listeners: new Map(), authorizers: new Map(), audit: null, quotas: manager } as unknown as ReloadParts;
  t.equal(manager.record('producerByteRate', 'alice', 'c', 20_000).throttleMs > 0, true, 'over 1 kB/s');
  applySettings(parts, reloadableSettings(config(quotas(100_000))));
  ms += 1;
  t.equal(manager.record('producerByteRate', 'alice', 'c', 1).throttleMs, 0, 'the raised bound applies at once');
  applySettings(parts, reloadableSettings(config(quotas(1000))));
  t.ok(manager.record('producerByteRate', 'alice', 'c', 1).throttleMs > 0, 'lowered again: the 20 kB measured before still count');
  applySettings(parts, reloadableSettings(config(null)));
  t.equal(manager.enabled, false, 'section removed: no quota applies');
});

t.test('a gateway without a quota stage reports the change as not applied', async (t) => {
  const parts = { log: createMemoryLogger('info').log, listeners: new Map(), authorizers: new Map(), audit: null, quotas: null } as unknown as ReloadParts;
  const notes = applySettings(parts, reloadableSettings(config(quotas(1000))));
  t.match(
    notes.filter((n) => n.field === 'quotas'),
    [{ field: 'quotas', listeners: [] }],
  );
  t.same(
    applySettings(parts, reloadableSettings(config(null))).filter((n) => n.field === 'quotas'),
    [],
    'no section, nothing to say',
  );
});
