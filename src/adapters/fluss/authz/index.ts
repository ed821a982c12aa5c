/**
 * Fluss authorization for the gateway: per-frame checks with the semantics of a Fluss server with
 * `authorizer.enabled=true`, and the ACL admin apis served from the gateway's store.
 *
 *   const tables = new FlussTableDirectory({ backend: { host, port } });   // one per gateway
 *   new FlussAdapter({ auth, stages: [flussAuthzStage(authorizer, tables)] });
 *
 * rules.ts is the per-api rule table; stage.ts dispatches; directory.ts maps table ids to paths.
 */
export { flussAuthzStage, FlussAuthzStage } from './stage.js';
export { FlussTableDirectory, type FlussTableDirectoryOptions } from './directory.js';
export { FlussBackendQueries, type FlussBackendOperations, type FlussBackendAddress } from './backend-queries.js';
export { FLUSS_AUTHZ_RULES, flussAuthzRule, type FlussAuthzRule, type Enforcement, type ResourceSource } from './rules.js';
export { tableRef, type TableRef } from './texts.js';
