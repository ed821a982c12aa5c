/**
 * The handler table of the Fluss test cluster. Keys a server type serves but the cluster does
 * not model answer -1 "not implemented"; the ACL apis answer 47 like a server without an
 * authorizer.
 */
import { ApiKey } from '../../../../src/protocol/fluss/api-keys.js';
import { FlussError } from '../../../../src/protocol/fluss/error-codes.js';
import { FlussServerError } from '../server-error.js';
import type { Handler } from '../node.js';
import { apiVersions, getMetadata } from './metadata.js';
import * as admin from './admin.js';
import { initWriter, produceLog, fetchLog, listOffsets } from './log.js';
import { putKv, lookup } from './kv.js';
import { describeClusterConfigs } from './configs.js';

const noAuthorizer: Handler = () => {
  throw new FlussServerError(FlussError.SECURITY_DISABLED_EXCEPTION, 'No Authorizer is configured.');
};

export const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [ApiKey.API_VERSIONS, apiVersions],
  [ApiKey.GET_METADATA, getMetadata],
  [ApiKey.CREATE_DATABASE, admin.createDatabase],
  [ApiKey.DROP_DATABASE, admin.dropDatabase],
  [ApiKey.LIST_DATABASES, admin.listDatabases],
  [ApiKey.DATABASE_EXISTS, admin.databaseExists],
  [ApiKey.GET_DATABASE_INFO, admin.getDatabaseInfo],
  [ApiKey.CREATE_TABLE, admin.createTable],
  [ApiKey.DROP_TABLE, admin.dropTable],
  [ApiKey.LIST_TABLES, admin.listTables],
  [ApiKey.TABLE_EXISTS, admin.tableExists],
  [ApiKey.GET_TABLE_INFO, admin.getTableInfo],
  [ApiKey.GET_TABLE_SCHEMA, admin.getTableSchema],
  [ApiKey.INIT_WRITER, initWriter],
  [ApiKey.PRODUCE_LOG, produceLog],
  [ApiKey.FETCH_LOG, fetchLog],
  [ApiKey.LIST_OFFSETS, listOffsets],
  [ApiKey.PUT_KV, putKv],
  [ApiKey.LOOKUP, lookup],
  [ApiKey.DESCRIBE_CLUSTER_CONFIGS, describeClusterConfigs],
  [ApiKey.CREATE_ACLS, noAuthorizer],
  [ApiKey.LIST_ACLS, noAuthorizer],
  [ApiKey.DROP_ACLS, noAuthorizer],
]);
