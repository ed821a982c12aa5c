/**
 * The standard message texts Kafka's Errors enum attaches to the codes the authorizer sends,
 * for the answers where the broker fills an ErrorMessage field with `error.message()`
 * (FindCoordinator, CreateTopics, ACL admin results, ...).
 */
const MESSAGES: ReadonlyMap<number, string> = new Map([
  [3, 'This server does not host this topic-partition.'],
  [23, "The group member's supported protocols are incompatible with those of existing members or first group member tried to join with empty protocol type or empty protocol list."],
  [29, 'Topic authorization failed.'],
  [30, 'Group authorization failed.'],
  [31, 'Cluster authorization failed.'],
  [42, 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.'],
  [53, 'Transactional Id authorization failed.'],
  [54, 'Security features are disabled.'],
  [55, 'The broker did not attempt to execute this operation. This may happen for batched RPCs where some operations in the batch failed, causing the broker to respond without trying the rest.'],
  [61, 'Delegation Token feature is not enabled.'],
  [64, 'Delegation Token requests are not allowed on PLAINTEXT/1-way SSL channels and on delegation token authenticated channels.'],
  [65, 'Delegation Token authorization failed.'],
  [100, 'This server does not host this topic ID.'],
]);

/** The standard message for a code, or null for NONE and codes not listed. */
export function errorMessage(code: number): string | null {
  return MESSAGES.get(code) ?? null;
}
