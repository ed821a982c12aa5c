/**
 * The text form of Flink REST resources, used in printed entries (format.ts) and meant for
 * command-line arguments: `<type>:<name>` with a lower-case type word.
 *
 *   cluster:flink-cluster   the cluster (plain `cluster` is read as this too)
 *   cluster:*               the CLUSTER wildcard (covers cluster checks only, never a job)
 *   job:<job id>            one job, 32 hex digits (read in any case, kept in lower case)
 *   job:*                   every job
 *
 * Unlike the Fluss procedures' `cluster.<db>` paths this form names the type, so the CLUSTER
 * wildcard cannot be mistaken for "everything below the cluster".
 */
import { FLINK_CLUSTER_NAME, FLINK_JOB_ID, WILDCARD_RESOURCE } from './codes.js';

export interface FlinkResource {
  resourceType: 'CLUSTER' | 'JOB';
  resourceName: string;
}

/** `cluster:flink-cluster`, `job:<id>`, `job:*` ... for a stored (type, name). */
export function formatFlinkResource(resourceType: string, resourceName: string): string {
  return `${resourceType.toLowerCase()}:${resourceName}`;
}

/** Parses the text form (type word in any case); throws an Error saying what is wrong. */
export function parseFlinkResource(text: string): FlinkResource {
  const colon = text.indexOf(':');
  const word = (colon < 0 ? text : text.slice(0, colon)).toLowerCase();
  const name = colon < 0 ? null : text.slice(colon + 1);
  if (word === 'cluster') {
    if (name === null || name === FLINK_CLUSTER_NAME || name === WILDCARD_RESOURCE) {
      return { resourceType: 'CLUSTER', resourceName: name ?? FLINK_CLUSTER_NAME };
    }
    throw new Error(`Flink resource '${text}': the cluster is named ${FLINK_CLUSTER_NAME} (or * for the CLUSTER wildcard)`);
  }
  if (word === 'job') {
    if (name === WILDCARD_RESOURCE) return { resourceType: 'JOB', resourceName: name };
    const id = name?.toLowerCase() ?? '';
    if (FLINK_JOB_ID.test(id)) return { resourceType: 'JOB', resourceName: id };
    throw new Error(`Flink resource '${text}': a job is job:<id> with a 32-digit hex job id, or job:*`);
  }
  throw new Error(`Flink resource '${text}': expected cluster, cluster:${FLINK_CLUSTER_NAME}, cluster:*, job:<id> or job:*`);
}
