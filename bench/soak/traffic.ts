/**
 * The soak's legitimate traffic, each kind in its own loop until the stop time, paced so the run
 * is steady rather than a throughput test (every loop waits between iterations and counts its
 * successes and errors):
 *   kafka  kafkajs over TLS + SASL/SCRAM-SHA-256: a produce of 20 records, then every 5th turn a
 *          metadata + offsets lookup (ListOffsets), reconnecting after an error;
 *   fluss  the Fluss test client with SASL/PLAIN: PRODUCE_LOG of one batch and FETCH_LOG from 0;
 *   http   HTTPS + Basic: GET /v1/jobs/overview and GET /v1/overview through the Flink listener.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { createKafkajs } from '../../testkit/kafka/kafkajs.js';
import { FlussTestClient } from '../../testkit/fluss/client/index.js';
import { buildLogBatch } from '../../src/protocol/fluss/records/log-batch.js';
import { BUCKETS, DATABASE, TABLE, TOPIC, type SoakSetup } from './setup.js';

export interface Counts {
  ok: number;
  errors: number;
  lastError: string | null;
}

export const newCounts = (): Counts => ({ ok: 0, errors: 0, lastError: null });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function failed(c: Counts, e: unknown): void {
  c.errors++;
  c.lastError = (e instanceof Error ? e.message : String(e)).slice(0, 200);
}

export async function kafkaLoop(s: SoakSetup, until: number, c: Counts): Promise<void> {
  const kafka = createKafkajs({
    brokers: `127.0.0.1:${s.ports.kafka}`,
    clientId: 'soak',
    ssl: { ca: [readFileSync(s.ca)], servername: 'localhost' },
    sasl: { mechanism: 'scram-sha-256', username: s.user.name, password: s.user.password },
    requestTimeoutMs: 10_000,
    connectionTimeoutMs: 10_000,
  });
  let turn = 0;
  while (Date.now() < until) {
    const producer = kafka.producer();
    const admin = kafka.admin();
    try {
      await producer.connect();
      await admin.connect();
      while (Date.now() < until) {
        await producer.send({ topic: TOPIC, messages: Array.from({ length: 20 }, (_, i) => ({ key: String(i), value: `soak-${turn}-${i}`.padEnd(200, '.') })) });
        if (turn++ % 5 === 0) await admin.fetchTopicOffsets(TOPIC);
        c.ok++;
        await sleep(100);
      }
    } catch (e) {
      failed(c, e);
      await sleep(1000);
    } finally {
      await producer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }
}

export async function flussLoop(s: SoakSetup, until: number, c: Counts): Promise<void> {
  const path = { database_name: DATABASE, table_name: TABLE };
  const batch = buildLogBatch({ records: Array.from({ length: 10 }, () => Buffer.alloc(200, 0x61)) });
  let turn = 0;
  while (Date.now() < until) {
    let client: FlussTestClient | null = null;
    try {
      client = await FlussTestClient.connect(`127.0.0.1:${s.ports.fluss}`, { auth: { username: s.user.name, password: s.user.password, style: 'java' }, requestTimeoutMs: 10_000 });
      await client.updateMetadata([path]);
      while (Date.now() < until) {
        const bucket = turn++ % BUCKETS;
        await client.log.produce(path, new Map([[bucket, batch]]));
        await client.log.fetch(path, bucket, 0n, { maxBytes: 64 * 1024 });
        c.ok++;
        await sleep(100);
      }
    } catch (e) {
      failed(c, e);
      await sleep(1000);
    } finally {
      client?.close();
    }
  }
}

export async function httpLoop(s: SoakSetup, until: number, c: Counts): Promise<void> {
  const agent = new Agent({ connect: { ca: readFileSync(s.ca), servername: 'localhost' } });
  const auth = `Basic ${Buffer.from(`${s.user.name}:${s.user.password}`).toString('base64')}`;
  let turn = 0;
  try {
    while (Date.now() < until) {
      try {
        const path = turn++ % 2 === 0 ? '/v1/jobs/overview' : '/v1/overview';
        const r = await request(`https://127.0.0.1:${s.ports.flink}${path}`, { dispatcher: agent, headers: { authorization: auth }, headersTimeout: 10_000, bodyTimeout: 10_000 });
        await r.body.text();
        if (r.statusCode === 200) c.ok++;
        else failed(c, new Error(`HTTP ${r.statusCode} for ${path}`));
      } catch (e) {
        failed(c, e);
      }
      await sleep(100);
    }
  } finally {
    await agent.close();
  }
}
