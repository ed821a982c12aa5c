/**
 * Duplicated resource names, refused before anything is forwarded (issue 12, point 5). A body
 * that names one resource twice can be read differently by the gateway (which decides each
 * entry) and by a backend (which may act on both, or on the last). Where Kafka itself answers
 * duplicates, the gateway answers them the same way and forwards the rest:
 *
 *   CreateTopics (19), CreatePartitions (37)  one result per duplicated name, INVALID_REQUEST
 *       "Duplicate topic name."; every entry with that name stripped (ControllerApis)
 *   DeleteTopics (20)  the same for names, and "Duplicate topic id." for ids (ControllerApis)
 *   AlterConfigs (33), IncrementalAlterConfigs (44)  every occurrence of a (type, name) resource
 *       answered INVALID_REQUEST "Each resource must appear at most once." (ConfigAdminManager)
 *
 * Apis whose Kafka handlers have no answer for duplicates (they collapse them into a map or act
 * twice) and whose real clients never send them (the admin clients dedupe): DescribeConfigs (32),
 * DeleteRecords (21), ElectLeaders (43), AlterPartitionReassignments (45), OffsetDelete (47),
 * DescribeProducers (61): a duplicate closes the connection, as a broker does with a request it
 * refuses to parse.
 */
import { GatewayError } from '../../../errors.js';
import { buf, ints, items, list, num, str, strings, ZERO_UUID, type Msg } from '../../../protocol/kafka/schema/message.js';
import { E } from './rule.js';

/** How one api's duplicates are answered: the entries to strip and the result entries to add. */
export interface DuplicateAnswer {
  /** The request body without the duplicated entries. */
  body: Msg;
  /** The response array that gets `results`. */
  respField: string;
  results: Array<Record<string, unknown>>;
}

const DUP_NAME = 'Duplicate topic name.';
const DUP_ID = 'Duplicate topic id.';
const DUP_RESOURCE = 'Each resource must appear at most once.';

function repeated(keys: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of keys) (seen.has(k) ? dup : seen).add(k);
  return dup;
}

/** Strip every entry whose key repeats; one result per repeated key (ControllerApis). */
function once(body: Msg, field: string, entries: readonly Msg[], keyOf: (m: Msg) => string | null, result: (key: string) => Record<string, unknown>, respField: string): DuplicateAnswer | null {
  const dup = repeated(entries.map(keyOf).filter((k): k is string => k !== null));
  if (dup.size === 0) return null;
  return { body: { ...body, [field]: entries.filter((e) => !dup.has(keyOf(e) ?? '\u0000')) }, respField, results: [...dup].map(result) };
}

function topicNames(body: Msg, version: number): DuplicateAnswer | null {
  if (version < 6) {
    const names = strings(body, 'TopicNames');
    const dup = repeated(names);
    if (dup.size === 0) return null;
    return {
      body: { ...body, TopicNames: names.filter((n) => !dup.has(n)) },
      respField: 'Responses',
      results: [...dup].map((n) => ({ Name: n, ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_NAME })),
    };
  }
  const topics = items(body, 'Topics');
  const key = (t: Msg): string | null => {
    const name = str(t, 'Name');
    const id = buf(t, 'TopicId') ?? ZERO_UUID;
    if (name === null) return id.equals(ZERO_UUID) ? null : `i:${id.toString('hex')}`;
    return id.equals(ZERO_UUID) ? `n:${name}` : null;
  };
  return once(
    body,
    'Topics',
    topics,
    key,
    (k) =>
      k.startsWith('n:')
        ? { Name: k.slice(2), TopicId: ZERO_UUID, ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_NAME }
        : { Name: null, TopicId: Buffer.from(k.slice(2), 'hex'), ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_ID },
    'Responses',
  );
}

function everyOccurrence(body: Msg): DuplicateAnswer | null {
  const resources = items(body, 'Resources');
  const keyOf = (r: Msg) => `${num(r, 'ResourceType')}\u0000${str(r, 'ResourceName') ?? ''}`;
  const dup = repeated(resources.map(keyOf));
  if (dup.size === 0) return null;
  return {
    body: { ...body, Resources: resources.filter((r) => !dup.has(keyOf(r))) },
    respField: 'Responses',
    results: resources.filter((r) => dup.has(keyOf(r))).map((r) => ({ ResourceType: r.ResourceType, ResourceName: r.ResourceName, ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_RESOURCE })),
  };
}

const byName = (t: Msg) => str(t, 'Name') ?? '';

/** (topic, partition) keys of a topics-with-partitions list. */
function partitionKeys(topics: readonly Msg[] | null, topicField: string, parts: (t: Msg) => number[]): string[] {
  return (topics ?? []).flatMap((t) => parts(t).map((p) => `${str(t, topicField) ?? ''}\u0000${p}`));
}

const partIndex = (field: string) => (t: Msg) => items(t, field).map((p) => num(p, 'PartitionIndex'));

/** Keys that must not repeat, for the apis where a duplicate closes the connection. */
const CLOSING: ReadonlyMap<number, (body: Msg) => string[]> = new Map([
  [32, (b: Msg) => items(b, 'Resources').map((r) => `${num(r, 'ResourceType')}\u0000${str(r, 'ResourceName') ?? ''}`)],
  [21, (b: Msg) => partitionKeys(items(b, 'Topics'), 'Name', partIndex('Partitions'))],
  [43, (b: Msg) => partitionKeys(list(b, 'TopicPartitions'), 'Topic', (t) => ints(t, 'Partitions'))],
  [45, (b: Msg) => partitionKeys(items(b, 'Topics'), 'Name', partIndex('Partitions'))],
  [47, (b: Msg) => partitionKeys(items(b, 'Topics'), 'Name', partIndex('Partitions'))],
  [61, (b: Msg) => partitionKeys(items(b, 'Topics'), 'Name', (t) => ints(t, 'PartitionIndexes'))],
] as Array<[number, (body: Msg) => string[]]>);

/**
 * The Kafka answer for duplicates in this request (null when there are none), or a GatewayError
 * to close the connection with.
 */
export function duplicateAnswer(key: number, version: number, body: Msg): DuplicateAnswer | GatewayError | null {
  switch (key) {
    case 19:
      return once(body, 'Topics', items(body, 'Topics'), byName, (n) => ({ Name: n, ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_NAME }), 'Topics');
    case 37:
      return once(body, 'Topics', items(body, 'Topics'), byName, (n) => ({ Name: n, ErrorCode: E.INVALID_REQUEST, ErrorMessage: DUP_NAME }), 'Results');
    case 20:
      return topicNames(body, version);
    case 33:
    case 44:
      return everyOccurrence(body);
  }
  const keys = CLOSING.get(key)?.(body);
  if (!keys) return null;
  const dup = repeated(keys);
  if (dup.size === 0) return null;
  const first = [...dup][0].replace('\u0000', ' ');
  return new GatewayError('SW_ERR_DUPLICATE_RESOURCE', `api key ${key} v${version}: resource listed more than once (${first})`);
}
