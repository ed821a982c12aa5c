/** Every Fluss message descriptor, for `import { msg } from '.../protocol/fluss/index.js'`. */
export * from './common.js';
export * from './handshake.js';
export * from './metadata.js';
export * from './admin.js';
export * from './acl.js';
export * from './log.js';
export * from './kv.js';
export * from './resources.js';
