/**
 * Kafka's ACL resource types and the one cluster resource name, shared by the api rules
 * (rule.ts) and the per-request call (call.ts) without either importing the other.
 */
export type ResourceType = 'TOPIC' | 'GROUP' | 'CLUSTER' | 'TRANSACTIONAL_ID' | 'DELEGATION_TOKEN' | 'USER';

/** The name of the one CLUSTER resource, as Kafka's authorizer spells it. */
export const CLUSTER = 'kafka-cluster';
