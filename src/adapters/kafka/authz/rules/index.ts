/**
 * The rule table: one ApiRule per api key of API_SPECS. Client apis get the broker's checks;
 * apis without authorization (ApiVersions, SASL, telemetry) pass; inter-broker and
 * controller-only keys are refused (CLOSE), as a broker does for an api its client listener does
 * not enable. A key missing here is refused too (fail closed; see the stage).
 */
import { API_SPECS } from '../../../../protocol/kafka/api-table.js';
import { ACL_ADMIN_RULES } from '../acl-admin/rules.js';
import { QUOTA_ADMIN_RULES } from '../quota-admin/rules.js';
import type { Call } from '../call.js';
import { type ApiRule } from '../rule.js';
import { ADMIN_CLUSTER_RULES } from './admin-cluster.js';
import { ADMIN_TOPIC_RULES } from './admin-topics.js';
import { CLUSTER_INFO_RULES } from './cluster-info.js';
import { CONFIG_RULES } from './configs.js';
import { FETCH_RULE } from './fetch.js';
import { GROUP_RULES } from './groups.js';
import { METADATA_RULE } from './metadata.js';
import { NEW_GROUP_RULES } from './new-groups.js';
import { OFFSET_RULES } from './offsets.js';
import { PRODUCE_RULE } from './produce.js';
import { SHARE_RULES } from './share.js';
import { STREAMS_RULES } from './streams.js';
import { TOKEN_RULES } from './tokens.js';
import { TOPIC_DATA_RULES } from './topic-data.js';
import { TRANSACTION_RULES } from './transactions.js';

const pass = (call: Call) => call.forward(null);

const UNCHECKED: readonly ApiRule[] = [
  { key: 17, checks: [], handle: () => null, note: 'SaslHandshake: answered by the authentication stage' },
  { key: 36, checks: [], handle: () => null, note: 'SaslAuthenticate: answered by the authentication stage' },
  {
    key: 18,
    checks: [],
    handle: pass,
    note: 'ApiVersions: no check; the session adds the ACL and quota admin apis to the answer (ownedApis)',
  },
  { key: 71, checks: [], handle: pass, note: 'GetTelemetrySubscriptions: no check' },
  { key: 72, checks: [], handle: pass, note: 'PushTelemetry: no check' },
];

const CLIENT_RULES: readonly ApiRule[] = [
  PRODUCE_RULE,
  FETCH_RULE,
  METADATA_RULE,
  ...TOPIC_DATA_RULES,
  ...CLUSTER_INFO_RULES,
  ...GROUP_RULES,
  ...OFFSET_RULES,
  ...TRANSACTION_RULES,
  ...ADMIN_TOPIC_RULES,
  ...CONFIG_RULES,
  ...ADMIN_CLUSTER_RULES,
  ...TOKEN_RULES,
  ...ACL_ADMIN_RULES,
  ...QUOTA_ADMIN_RULES,
  ...NEW_GROUP_RULES,
  ...SHARE_RULES,
  ...STREAMS_RULES,
  ...UNCHECKED,
];

function refused(key: number, name: string): ApiRule {
  return { key, checks: [], handle: null, note: `${name} is an inter-broker or controller-only api` };
}

function buildTable(): ReadonlyMap<number, ApiRule> {
  const table = new Map<number, ApiRule>();
  for (const r of CLIENT_RULES) {
    if (table.has(r.key)) throw new Error(`authz rule for api key ${r.key} defined twice`);
    table.set(r.key, r);
  }
  for (const spec of API_SPECS.values()) {
    if (!spec.clientFacing) {
      if (table.has(spec.key)) throw new Error(`authz rule for broker-internal api key ${spec.key}`);
      table.set(spec.key, refused(spec.key, spec.name));
    }
  }
  return table;
}

export const KAFKA_AUTHZ_RULES: ReadonlyMap<number, ApiRule> = buildTable();
