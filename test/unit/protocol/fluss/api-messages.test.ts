/** The api key -> descriptor map covers the public apis that name a database, table or table id. */
import t from 'tap';
import { API_MESSAGES, requestDescriptor, responseDescriptor } from '../../../../src/protocol/fluss/api-messages.js';
import { API_KEYS, ApiKey, apiKeyInfo } from '../../../../src/protocol/fluss/api-keys.js';
import { decodeMessage, encodeMessage } from '../../../../src/protocol/fluss/proto-message.js';
import { PartitionChangeRequest } from '../../../../src/protocol/fluss/messages/admin.js';
import { ProtoWriter } from '../../../../src/protocol/fluss/proto-wire.js';

// Public apis whose only resource is the cluster (or nothing): no descriptor needed.
const CLUSTER_ONLY = new Set<number>([ApiKey.ALTER_CLUSTER_CONFIGS, ApiKey.ADD_SERVER_TAG, ApiKey.REMOVE_SERVER_TAG, ApiKey.REBALANCE, ApiKey.LIST_REBALANCE_PROGRESS, ApiKey.CANCEL_REBALANCE]);

t.test('every mapped key is a public key; every public key with a resource is mapped', async (t) => {
  for (const key of API_MESSAGES.keys()) t.equal(apiKeyInfo(key)?.visibility, 'PUBLIC', `${key} public`);
  const unmapped = API_KEYS.filter((a) => a.visibility === 'PUBLIC' && !API_MESSAGES.has(a.key) && !CLUSTER_ONLY.has(a.key));
  t.same(
    unmapped.map((a) => a.name),
    [],
  );
  t.equal(requestDescriptor(ApiKey.UPDATE_METADATA), undefined);
  t.equal(responseDescriptor(ApiKey.GET_METADATA)?.name, 'MetadataResponse');
});

t.test('resource views decode real request bodies and skip the rest', async (t) => {
  const body = encodeMessage(PartitionChangeRequest, {
    table_path: { database_name: 'db', table_name: 't' },
    partition_spec: { partition_key_values: [{ key: 'dt', value: '2024-01-01' }] },
    ignore_if_not_exists: false,
  });
  const view = decodeMessage(requestDescriptor(ApiKey.CREATE_PARTITION)!, body);
  t.same(view.table_path, { database_name: 'db', table_name: 't' });
  // AlterTable carries many more fields (config changes 3, add columns 4, ...): the view skips them.
  const alter = new ProtoWriter()
    .bytesField(1, new ProtoWriter().stringField(1, 'db').stringField(2, 't').finish())
    .varintField(2, 0)
    .bytesField(3, new ProtoWriter().stringField(1, 'k').varintField(3, 0).finish())
    .finish();
  t.same(decodeMessage(requestDescriptor(ApiKey.ALTER_TABLE)!, alter), { table_path: { database_name: 'db', table_name: 't' } });
  const scan = new ProtoWriter().bytesField(2, new ProtoWriter().varintField(1, 77).varintField(3, 0).finish()).finish();
  t.equal((decodeMessage(requestDescriptor(ApiKey.SCAN_KV)!, scan) as { bucket_scan_req?: { table_id: bigint } }).bucket_scan_req?.table_id, 77n);
});
