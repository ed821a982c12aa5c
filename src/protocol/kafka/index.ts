/**
 * The Kafka wire codec in one import: api table and header rules, primitive reader/writer,
 * header parsing, broker-address rewriting, ApiVersions trimming, Produce acks, error codes.
 * Pure functions over Buffers; frames always include their 4-byte size prefix.
 */
export { API_SPECS, type ApiSpec, apiName, isFlexible, requestHeaderVersion, responseHeaderVersion } from './api-table.js';
export { apiVersionsErrorResponse, trimApiVersionsResponse, type VersionRange } from './api-versions.js';
export { KafkaDecodeError, KafkaEncodeError } from './codec-errors.js';
export { KAFKA_ERRORS, type KafkaErrorName, kafkaErrorName } from './errors.js';
export { frameReader, parseRequestHeader, type RequestHeader, responseBodyOffset, responseCorrelationId } from './header.js';
export { produceAcks } from './produce.js';
export { KafkaReader, type TaggedField } from './reader.js';
export { carriesAddresses, collectAddresses, type NodeAddress, rewriteAddresses } from './rewrite.js';
export { encodeUvarint, KafkaWriter, uvarintSize, withSizePrefix } from './writer.js';
