/** The Fluss test client (see client.ts) and its single-connection building block. */
export { FlussTestClient, parseHostPort, type ClientOptions, type ServerNodeInfo, type TablePath, type TableRoute } from './client.js';
export { FlussConnection, type ConnectionOptions, type PlainAuth, type RawResponse, type ExpectedServerType } from './connection.js';
export { FlussAdmin, tableDescriptorJson } from './admin.js';
export { FlussLogClient, type ProduceResult, type FetchResult, type OffsetResult } from './log.js';
export { FlussKvClient } from './kv.js';
export { FlussResponseError, FlussRequestTimeoutError, FlussConnectionClosedError, InvalidServerTypeError } from './errors.js';
export { FlussAclClient, procedureLine, type ProcedureArgs, type AclInfo, type AclFilter } from './acl.js';
