/**
 * DescribeClientQuotas (48) and AlterClientQuotas (49), answered by the gateway from its quota
 * store (src/quota/store.ts; nothing is forwarded), so `kafka-configs --entity-type users|clients`
 * reads and changes the quotas the gateway enforces. Authorization as the broker's KafkaApis:
 * DESCRIBE_CONFIGS on CLUSTER for Describe (top-level 31), ALTER_CONFIGS on CLUSTER for Alter
 * (every entry echoed with 31). Alter is enforced even on a shadow-mode listener: it changes
 * the store every listener and replica shares (shadow mode relaxes data-plane decisions only);
 * Describe, a read, is relaxed there like DescribeAcls.
 *
 * Semantics in describe.ts and alter.ts. Refused filters and alterations get the broker's error
 * and message and one log line (SW_ERR_QUOTA_REFUSED); an alteration past the store's bound gets
 * POLICY_VIOLATION (SW_ERR_QUOTA_STORE_FULL); a failure to persist answers UNKNOWN_SERVER_ERROR
 * for every entry and leaves the store as it was.
 *
 * A stage built without a quota store (unit tests of other rules) keeps the old behaviour:
 * the request is authorized and forwarded.
 */
import { toGatewayError } from '../../../../errors.js';
import type { Verdict } from '../../../../proxy/protocol.js';
import type { Call } from '../call.js';
import { bool, items, num, str, type Msg } from '../../../../protocol/kafka/schema/message.js';
import { errorMessage } from '../error-messages.js';
import { clusterCheck, E, type ApiRule } from '../rule.js';
import { planAlterations, type Alteration } from './alter.js';
import { describeQuotas } from './describe.js';
import { entityText, type KafkaEntity } from './entity.js';

const CODE = E.CLUSTER_AUTH;
const DENIED = errorMessage(CODE);
const POLICY_VIOLATION = 44;
const UNKNOWN_SERVER_ERROR = -1;
const UNKNOWN_MESSAGE = 'The server experienced an unexpected error when processing the request.';

function describeClientQuotas(call: Call): Verdict {
  const store = call.state.quotas;
  const refused = () => call.respond(call.response({ ErrorCode: CODE, ErrorMessage: DENIED, Entries: null }));
  if (!call.allowCluster('DESCRIBE_CONFIGS')) return refused();
  if (!store) return call.forward(null);
  const body = call.body();
  const components = items(body, 'Components').map((c) => ({ entityType: str(c, 'EntityType') ?? '', matchType: num(c, 'MatchType'), match: str(c, 'Match') }));
  const outcome = describeQuotas(store.entries(), components, bool(body, 'Strict'));
  if ('error' in outcome) {
    call.ctx.log.warn({ err: 'SW_ERR_QUOTA_REFUSED', principal: call.ctx.principal, api: call.info.api, detail: outcome.error.message }, 'DescribeClientQuotas: filter refused');
    return call.respond(call.response({ ErrorCode: outcome.error.code, ErrorMessage: outcome.error.message, Entries: null }));
  }
  const entries = outcome.entries.map((e) =>
    call.responseEntry(['Entries'], {
      Entity: e.entity.map(([t, n]) => call.responseEntry(['Entries', 'Entity'], { EntityType: t, EntityName: n })),
      Values: e.values.map(([k, v]) => call.responseEntry(['Entries', 'Values'], { Key: k, Value: v })),
    }),
  );
  return call.respond(call.response({ Entries: entries }));
}

function alterationsOf(body: Msg): Alteration[] {
  return items(body, 'Entries').map((e) => ({
    entity: items(e, 'Entity').map((x) => ({ type: str(x, 'EntityType') ?? '', name: str(x, 'EntityName') })),
    ops: items(e, 'Ops').map((o) => ({ key: str(o, 'Key') ?? '', value: num(o, 'Value'), remove: bool(o, 'Remove') })),
  }));
}

async function alterClientQuotas(call: Call): Promise<Verdict> {
  const store = call.state.quotas;
  const body = call.body();
  const entry = (entity: KafkaEntity, code: number, message: string | null) =>
    call.responseEntry(['Entries'], { ErrorCode: code, ErrorMessage: message, Entity: entity.map(([t, n]) => call.responseEntry(['Entries', 'Entity'], { EntityType: t, EntityName: n })) });
  const echoAll = (code: number, message: string | null) =>
    call.response({
      Entries: alterationsOf(body).map((a) =>
        entry(
          a.entity.map((x) => [x.type, x.name] as const),
          code,
          message,
        ),
      ),
    });
  if (!call.allowClusterEnforced('ALTER_CONFIGS')) return call.respond(echoAll(CODE, DENIED));
  if (!store) return call.forward(null);
  const validateOnly = bool(body, 'ValidateOnly');
  const planned = planAlterations(alterationsOf(body));
  const bad = planned.filter((p) => p.code !== 0);
  if (bad.length > 0) {
    call.ctx.log.warn({ err: 'SW_ERR_QUOTA_REFUSED', principal: call.ctx.principal, refused: bad.length, detail: bad[0].message }, 'AlterClientQuotas: alterations refused');
  }
  const changing = planned.filter((p) => p.change !== null);
  let outcomes: string[];
  try {
    outcomes = await store.alter(
      changing.map((p) => p.change!),
      validateOnly,
    );
  } catch (e) {
    const err = toGatewayError(e);
    call.ctx.log.error({ err: err.code, detail: err.message }, 'AlterClientQuotas: the quota change could not be saved');
    return call.respond(echoAll(UNKNOWN_SERVER_ERROR, UNKNOWN_MESSAGE));
  }
  let full = 0;
  changing.forEach((p, i) => {
    if (outcomes[i] === 'full' && p.code === 0) {
      p.code = POLICY_VIOLATION;
      p.message = `The gateway's quota store holds at most ${store.maxEntries} altered entities`;
      full++;
    } else if (outcomes[i] === 'ok' && !validateOnly) {
      call.ctx.log.info({ principal: call.ctx.principal, entity: entityText(p.entity), set: p.change!.set, remove: p.change!.remove }, 'client quota altered');
    }
  });
  if (full > 0) call.ctx.log.warn({ err: 'SW_ERR_QUOTA_STORE_FULL', principal: call.ctx.principal, refused: full, max: store.maxEntries }, 'AlterClientQuotas: quota store full');
  return call.respond(call.response({ Entries: planned.map((p) => entry(p.entity, p.code, p.message)) }));
}

export const QUOTA_ADMIN_RULES: readonly ApiRule[] = [
  { key: 48, checks: [clusterCheck('DESCRIBE_CONFIGS', 'REJECT', CODE)], handle: describeClientQuotas, note: 'answered by the gateway from its quota store' },
  { key: 49, checks: [clusterCheck('ALTER_CONFIGS', 'REJECT', CODE)], handle: alterClientQuotas, note: 'answered by the gateway from its quota store' },
];
