/**
 * Log table calls of the Fluss test client, routed to bucket leaders: INIT_WRITER (random tablet
 * server), PRODUCE_LOG (one request per leader, grouping its buckets), FETCH_LOG, LIST_OFFSETS.
 * Per-bucket errors are returned, not thrown, so tests can assert them.
 */
import { ApiKey } from '../../../src/protocol/fluss/api-keys.js';
import type { Decoded } from '../../../src/protocol/fluss/proto-message.js';
import {
  InitWriterRequest,
  InitWriterResponse,
  ProduceLogRequest,
  ProduceLogResponse,
  FetchLogRequest,
  FetchLogResponse,
  ListOffsetsRequest,
  ListOffsetsResponse,
  PbProduceLogRespForBucket,
  PbFetchLogRespForBucket,
  PbListOffsetsRespForBucket,
} from '../../../src/protocol/fluss/messages/log.js';
import type { FlussTestClient, TablePath } from './client.js';

export type ProduceResult = Decoded<typeof PbProduceLogRespForBucket>;
export type FetchResult = Decoded<typeof PbFetchLogRespForBucket>;
export type OffsetResult = Decoded<typeof PbListOffsetsRespForBucket>;

export class FlussLogClient {
  constructor(private readonly client: FlussTestClient) {}

  async initWriter(paths: TablePath[]): Promise<bigint> {
    const conn = await this.client.randomTabletConnection();
    return (await conn.call(ApiKey.INIT_WRITER, InitWriterRequest, { table_path: paths }, InitWriterResponse)).writer_id;
  }

  /** Produces record batches (`records` bytes per bucket) to each bucket's leader. */
  async produce(path: TablePath, perBucket: Map<number, Buffer>, opts: { acks?: number; timeoutMs?: number } = {}): Promise<Map<number, ProduceResult>> {
    const route = await this.client.route(path);
    const byLeader = new Map<number, number[]>();
    for (const bucket of perBucket.keys()) {
      const leader = route.leaders[bucket] ?? -1;
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), bucket]);
    }
    const out = new Map<number, ProduceResult>();
    await Promise.all(
      [...byLeader.values()].map(async (buckets) => {
        const conn = await this.client.leaderConnection(route, buckets[0]);
        const resp = await conn.call(
          ApiKey.PRODUCE_LOG,
          ProduceLogRequest,
          {
            acks: opts.acks ?? -1,
            table_id: route.tableId,
            timeout_ms: opts.timeoutMs ?? 30_000,
            buckets_req: buckets.map((b) => ({ bucket_id: b, records: perBucket.get(b)! })),
          },
          ProduceLogResponse,
        );
        for (const r of resp.buckets_resp) out.set(r.bucket_id, r);
      }),
    );
    return out;
  }

  /** Fetches one bucket from its leader. */
  async fetch(path: TablePath, bucket: number, offset: bigint, opts: { maxBytes?: number; maxWaitMs?: number; minBytes?: number } = {}): Promise<FetchResult> {
    const route = await this.client.route(path);
    const conn = await this.client.leaderConnection(route, bucket);
    const maxBytes = opts.maxBytes ?? 16 * 1024 * 1024;
    const resp = await conn.call(
      ApiKey.FETCH_LOG,
      FetchLogRequest,
      {
        follower_server_id: -1,
        max_bytes: maxBytes,
        max_wait_ms: opts.maxWaitMs,
        min_bytes: opts.minBytes,
        tables_req: [{ table_id: route.tableId, projection_pushdown_enabled: false, buckets_req: [{ bucket_id: bucket, fetch_offset: offset, max_fetch_bytes: maxBytes }] }],
      },
      FetchLogResponse,
    );
    return resp.tables_resp[0].buckets_resp[0];
  }

  async listOffsets(path: TablePath, bucket: number, offsetType: number, startTimestamp?: bigint): Promise<OffsetResult> {
    const route = await this.client.route(path);
    const conn = await this.client.leaderConnection(route, bucket);
    const resp = await conn.call(
      ApiKey.LIST_OFFSETS,
      ListOffsetsRequest,
      {
        follower_server_id: -1,
        offset_type: offsetType,
        table_id: route.tableId,
        bucket_id: [bucket],
        startTimestamp,
      },
      ListOffsetsResponse,
    );
    return resp.buckets_resp[0];
  }
}
