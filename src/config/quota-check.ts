/**
 * Checks of the `quotas:` section the schema cannot express: each entry names an entity (a user,
 * a client id, or both; `<default>` for the defaults) and sets at least one quota, no entity is
 * listed twice (Kafka keeps one config per entity), byte rates are at least 1 byte per second.
 */
import type { ProblemList } from './problems.js';
import type { QuotasConfig } from './types.js';

const DEFAULT_ENTITY = '<default>';

export function checkQuotas(q: QuotasConfig | null, problems: ProblemList): void {
  if (!q) return;
  const seen = new Map<string, number>();
  q.entries.forEach((e, i) => {
    const at = (...rest: string[]): Array<string | number> => ['quotas', 'entries', i, ...rest];
    if (e.user === undefined && e.clientId === undefined) problems.add(at(), `give user and/or clientId ("${DEFAULT_ENTITY}" for the default entity)`);
    if (e.producerByteRate === undefined && e.consumerByteRate === undefined && e.requestPercentage === undefined) {
      problems.add(at(), 'sets no quota: give producerByteRate, consumerByteRate and/or requestPercentage');
    }
    for (const k of ['producerByteRate', 'consumerByteRate'] as const) {
      if (e[k] === 0) problems.add(at(k), 'must be at least 1 byte per second');
    }
    const entity = `user=${e.user ?? '(any)'} clientId=${e.clientId ?? '(any)'}`;
    const first = seen.get(entity);
    if (first !== undefined) problems.add(at(), `${entity} is already given by quotas.entries[${first}]`);
    else seen.set(entity, i);
  });
  if (q.window.windowMs < 10) problems.add(['quotas', 'window', 'size'], 'must be at least 10ms');
}
