/**
 * The apis the authorization stage answers itself: the backend (without an authorizer) may not
 * list the ACL admin apis, so every ApiVersions answer must advertise DescribeAcls (29),
 * CreateAcls (30) and DeleteAcls (31) with the versions the gateway serves. The stage declares
 * them as its ownedApis; the Kafka session writes them into ApiVersions answers (one place).
 * With a quota store, DescribeClientQuotas (48) and AlterClientQuotas (49) are answered (and
 * advertised) too.
 */
import { API_SPECS } from '../../../protocol/kafka/api-table.js';

export interface ApiRange {
  min: number;
  max: number;
}

function range(key: number): ApiRange {
  const spec = API_SPECS.get(key);
  if (!spec) throw new Error(`api key ${key} missing from API_SPECS`);
  return { min: spec.minVersion, max: spec.maxVersion };
}

/** The apis the authorization stage answers itself, with the versions it serves. */
export const GATEWAY_ACL_APIS: ReadonlyMap<number, ApiRange> = new Map([29, 30, 31].map((k) => [k, range(k)]));

/** The ACL admin apis plus the client quota admin apis (a stage with a quota store). */
export const GATEWAY_ADMIN_APIS: ReadonlyMap<number, ApiRange> = new Map([29, 30, 31, 48, 49].map((k) => [k, range(k)]));
