/**
 * The `quotas:` section: sizes in the size language, Kafka's default window, the checks (an entry
 * names an entity and sets a quota, no entity twice, no zero byte rate), the printed shape that
 * parses back to the same config, and the reload comparison that treats quotas as reloadable.
 */
import t from 'tap';
import { formatConfig } from '../../../src/config/print.js';
import { compareConfigs } from '../../../src/reload/config-reload.js';
import { MINIMAL, parse, problemsOf } from './fixture.js';

const QUOTAS = `quotas:
  entries:
    - { user: alice, producerByteRate: 1MB, consumerByteRate: 2MiB }
    - { user: alice, clientId: etl, requestPercentage: 50 }
    - { user: "<default>", producerByteRate: 1048576 }
    - { clientId: "<default>", consumerByteRate: 10KB }
`;

t.test('entries and the default window', async (t) => {
  const c = parse(MINIMAL + QUOTAS);
  t.same(c.quotas, {
    window: { samples: 11, windowMs: 1000 },
    entries: [
      { user: 'alice', producerByteRate: 1_000_000, consumerByteRate: 2 * 1024 * 1024 },
      { user: 'alice', clientId: 'etl', requestPercentage: 50 },
      { user: '<default>', producerByteRate: 1048576 },
      { clientId: '<default>', consumerByteRate: 10_000 },
    ],
  });
  t.equal(parse(MINIMAL).quotas, null, 'no section: null (no quota stage)');
  const w = parse(`${MINIMAL}quotas: { window: { samples: 5, size: 500ms }, entries: [] }\n`);
  t.same(w.quotas?.window, { samples: 5, windowMs: 500 });
});

t.test('checks', async (t) => {
  t.same(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { user: alice }\n`), ['/cfg/gw.yaml:12: quotas.entries[0]: sets no quota: give producerByteRate, consumerByteRate and/or requestPercentage']);
  t.same(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { producerByteRate: 1MB }\n`), ['/cfg/gw.yaml:12: quotas.entries[0]: give user and/or clientId ("<default>" for the default entity)']);
  t.same(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { user: a, clientId: c, producerByteRate: 1MB }\n    - { user: a, clientId: c, consumerByteRate: 1MB }\n`), [
    '/cfg/gw.yaml:13: quotas.entries[1]: user=a clientId=c is already given by quotas.entries[0]',
  ]);
  t.same(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { user: a, producerByteRate: 0 }\n`), ['/cfg/gw.yaml:12: quotas.entries[0].producerByteRate: must be at least 1 byte per second']);
  t.ok(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { user: a, requestPercentage: 0 }\n`).length === 1, 'requestPercentage must be above 0');
  t.ok(problemsOf(`${MINIMAL}quotas:\n  entries:\n    - { user: a, producerByteRate: fast }\n`).length === 1, 'a byte rate is a size');
});

t.test('printed config parses back to the same quotas', async (t) => {
  const c = parse(MINIMAL + QUOTAS);
  const again = parse(formatConfig(c));
  t.same(again.quotas, c.quotas);
});

t.test('quotas are reloadable, not a restart', async (t) => {
  const before = parse(MINIMAL + QUOTAS);
  const after = parse(MINIMAL + QUOTAS.replace('producerByteRate: 1MB', 'producerByteRate: 3MB'));
  const change = compareConfigs(before, after);
  t.same(change.ignored, []);
  t.same(change.applied, ['quotas.entries']);
  t.equal(change.settings.quotas?.entries[0].producerByteRate, 3_000_000);
});
