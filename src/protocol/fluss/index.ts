/**
 * The Fluss protocol codec (pure: no sockets, no policy). Entry points:
 * - frame.ts          frame headers: readRequestHeader, readResponseHeader, encode*Frame
 * - api-keys.ts       api key table (versions, PUBLIC/PRIVATE, served by coordinator/tablet)
 * - error-codes.ts    Fluss error codes and default messages; error-response.ts error frames
 * - proto-message.ts  typed descriptors + decodeMessage / encodeMessage (int64 = bigint)
 * - messages/*        descriptors of the messages the gateway reads or writes
 * - api-messages.ts   request / response descriptor per api key
 * - rewrite.ts        surgical rewrites: metadata server addresses, api versions, list filters
 * - records/*         record batch headers, CRC-32C (little-endian inside records)
 */
export * from './codec-error.js';
export * from './frame.js';
export * from './api-keys.js';
export * from './error-codes.js';
export * from './error-response.js';
export * from './proto-wire.js';
export * from './proto-message.js';
export * from './api-messages.js';
export * from './rewrite.js';
export * as msg from './messages/all.js';
