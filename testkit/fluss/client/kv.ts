/**
 * Primary-key table calls of the Fluss test client, routed to the bucket leader: PUT_KV with a
 * KV record batch, LOOKUP by encoded key (undefined = not found).
 */
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
import type { Decoded } from '../../../src/protocol/fluss/proto-message.js';
import { PutKvRequest, PutKvResponse, LookupRequest, LookupResponse, PbPutKvRespForBucket, PbLookupRespForBucket } from '../../../src/protocol/fluss/messages/kv.js';
import { buildKvBatch, type KvRecord } from '../../../src/protocol/fluss/records/kv-batch.js';
import type { FlussTestClient, TablePath } from './client.js';

export class FlussKvClient {
  constructor(private readonly client: FlussTestClient) {}

  async put(path: TablePath, bucket: number, records: KvRecord[], apiVersion = 0): Promise<Decoded<typeof PbPutKvRespForBucket>> {
    const route = await this.client.route(path);
    const conn = await this.client.leaderConnection(route, bucket);
    const resp = await conn.call(
      ApiKey.PUT_KV,
      PutKvRequest,
      {
        acks: -1,
        table_id: route.tableId,
        timeout_ms: 30_000,
        buckets_req: [{ bucket_id: bucket, records: buildKvBatch(records) }],
      },
      PutKvResponse,
      apiVersion,
    );
    return resp.buckets_resp[0];
  }

  async lookup(path: TablePath, bucket: number, keys: Buffer[], apiVersion = 0): Promise<Decoded<typeof PbLookupRespForBucket>> {
    const route = await this.client.route(path);
    const conn = await this.client.leaderConnection(route, bucket);
    const resp = await conn.call(
      ApiKey.LOOKUP,
      LookupRequest,
      {
        table_id: route.tableId,
        buckets_req: [{ bucket_id: bucket, keys }],
      },
      LookupResponse,
      apiVersion,
    );
    return resp.buckets_resp[0];
  }
}
