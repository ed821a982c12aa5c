/**
 * ApiVersions: the backend (without an authorizer) may not list the ACL admin apis, but the
 * gateway answers them itself, so every ApiVersions answer must advertise DescribeAcls (29),
 * CreateAcls (30) and DeleteAcls (31) with the versions the gateway serves.
 */
import { API_SPECS } from '../../../protocol/kafka/api-table.js';
import { readResponse, responseFrame } from '../../../protocol/kafka/schema/frames.js';
import { items, num, type Msg } from '../../../protocol/kafka/schema/message.js';

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

const API_VERSIONS = 18;

/**
 * An ApiVersions response frame (answer to a request of `version`) whose ApiKeys list holds
 * `entries` with exactly these ranges (added when missing, replaced when present), sorted by
 * key; every other entry and field is kept. Error answers (non-zero ErrorCode, whose body is
 * v0 whatever was asked) are returned unchanged.
 */
export function withGatewayApis(frame: Buffer, version: number, entries: ReadonlyMap<number, ApiRange> = GATEWAY_ACL_APIS): Buffer {
  if (frame.length < 10 || frame.readInt16BE(8) !== 0) return frame;
  const { head, body } = readResponse(frame, API_VERSIONS, version);
  const kept = items(body, 'ApiKeys').filter((e) => !entries.has(num(e, 'ApiKey')));
  const added: Msg[] = [...entries].map(([key, r]) => ({ ApiKey: key, MinVersion: r.min, MaxVersion: r.max }));
  body.ApiKeys = [...kept, ...added].sort((a, b) => num(a, 'ApiKey') - num(b, 'ApiKey'));
  return responseFrame(head, API_VERSIONS, version, body);
}
