/**
 * Kafka authorization for the gateway: per-frame enforcement with the semantics of a Kafka
 * broker's standard authorizer, and the ACL admin apis served from the gateway's ACL store.
 *
 *   kafkaAuthzStage(authorizer)  the per-connection stage factory for KafkaAdapterOptions.stages
 *   GATEWAY_ACL_APIS             the ACL admin apis and the versions the gateway serves (the
 *                                stage's ownedApis, which the session adds to ApiVersions answers;
 *                                GATEWAY_ADMIN_APIS adds Describe/AlterClientQuotas when the
 *                                stage has the gateway's quota store, options.quotas)
 *   KAFKA_AUTHZ_RULES            the per-api rule table (checks and denial shapes)
 */
import type { Authorizer } from '../../authz.js';
import type { PipelineStage } from '../../pipeline.js';
import type { KafkaRequest } from '../request.js';
import type { ConnectionContext } from '../../../proxy/protocol.js';
import { KafkaAuthzStage } from './stage.js';
import type { QuotaStore } from '../../../quota/store.js';
import type { ConfigValuesMode } from './config-values.js';
import { GATEWAY_TOPIC_IDS, TopicIdMap } from './topic-ids.js';

export interface KafkaAuthzOptions {
  /** Topic id → name knowledge; defaults to the process-wide map. */
  topicIds?: TopicIdMap;
  /** DescribeConfigs host-bearing values: rewrite (default), redact or pass; secrets are always redacted. */
  configValues?: ConfigValuesMode;
  /** The gateway's client quota store: Describe/AlterClientQuotas are answered from it (else forwarded). */
  quotas?: QuotaStore | null;
}

export function kafkaAuthzStage(authorizer: Authorizer, options: KafkaAuthzOptions = {}): (ctx: ConnectionContext) => PipelineStage<KafkaRequest> {
  const ids = options.topicIds ?? GATEWAY_TOPIC_IDS;
  return () => new KafkaAuthzStage(authorizer, ids, options.configValues ?? 'rewrite', options.quotas ?? null);
}

export { GATEWAY_ACL_APIS, GATEWAY_ADMIN_APIS } from './api-versions.js';
export { KAFKA_AUTHZ_RULES } from './rules/index.js';
export { TopicIdMap, GATEWAY_TOPIC_IDS } from './topic-ids.js';
export type { ApiRule, Check, Denial } from './rule.js';
