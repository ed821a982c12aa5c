/**
 * Every Kafka message layout the gateway knows, by api key, parsed once from the schema-text
 * modules in layouts/. A key without a layout is one the gateway never decodes.
 */
import { DATA_SCHEMAS } from './layouts/data.js';
import { METADATA_SCHEMAS } from './layouts/metadata.js';
import { GROUP_SCHEMAS } from './layouts/groups.js';
import { OFFSET_SCHEMAS } from './layouts/offsets.js';
import { SHARE_SCHEMAS } from './layouts/share.js';
import { TRANSACTION_SCHEMAS } from './layouts/transactions.js';
import { ADMIN_TOPIC_SCHEMAS } from './layouts/admin-topics.js';
import { ADMIN_CLUSTER_SCHEMAS } from './layouts/admin-cluster.js';
import { ADMIN_MISC_SCHEMAS } from './layouts/admin-misc.js';
import { MISC_SCHEMAS } from './layouts/misc.js';
import { ACL_SCHEMAS } from './layouts/acls.js';
import { NEW_GROUP_SCHEMAS } from './layouts/new-groups.js';
import { STREAMS_SCHEMAS } from './layouts/streams.js';
import { parseSchema, type StructSpec } from './notation.js';
import type { SchemaTexts } from './registry-types.js';

export interface MessageSpec {
  request?: StructSpec;
  response?: StructSpec;
}

const SOURCES: readonly SchemaTexts[] = [
  DATA_SCHEMAS,
  METADATA_SCHEMAS,
  GROUP_SCHEMAS,
  OFFSET_SCHEMAS,
  SHARE_SCHEMAS,
  TRANSACTION_SCHEMAS,
  ADMIN_TOPIC_SCHEMAS,
  ADMIN_CLUSTER_SCHEMAS,
  ADMIN_MISC_SCHEMAS,
  MISC_SCHEMAS,
  ACL_SCHEMAS,
  NEW_GROUP_SCHEMAS,
  STREAMS_SCHEMAS,
];

const SPECS = new Map<number, MessageSpec>();
for (const source of SOURCES) {
  for (const [key, texts] of Object.entries(source)) {
    const k = Number(key);
    if (SPECS.has(k)) throw new Error(`schema: api key ${k} defined twice`);
    SPECS.set(k, {
      request: texts.request !== undefined ? parseSchema(texts.request) : undefined,
      response: texts.response !== undefined ? parseSchema(texts.response) : undefined,
    });
  }
}

export function messageSpec(apiKey: number): MessageSpec | undefined {
  return SPECS.get(apiKey);
}
