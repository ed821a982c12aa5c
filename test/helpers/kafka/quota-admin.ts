/**
 * Raw Kafka quota administration for tests: no client on this machine speaks
 * Describe/AlterClientQuotas (python3-confluent-kafka 1.7, librdkafka, kafkajs have none), so
 * the frames are built with the gateway's schema codec from Kafka's message layouts and sent
 * after a real SASL/PLAIN login (SaslHandshake v1 + SaslAuthenticate v1).
 */
import { readResponse } from '../../../src/protocol/kafka/schema/frames.js';
import type { Msg, Value } from '../../../src/protocol/kafka/schema/message.js';
import { connectRaw, type RawClient } from '../raw-client.js';
import { authenticateV1, handshakeV1, plainToken, readAuthenticateV1 } from '../kafka-sasl-raw.js';
import { requestFrameOf } from '../../unit/adapters/kafka/authz/harness.js';

export interface RawKafkaSession {
  raw: RawClient;
  /** Sends one request (body defaults with `fields`) and decodes its answer. */
  call(key: number, version: number, fields?: Record<string, unknown>): Promise<Msg>;
  close(): void;
}

export async function saslPlainSession(port: number, user: string, password: string): Promise<RawKafkaSession> {
  const c = await connectRaw(port);
  c.send(handshakeV1(1, 'PLAIN'));
  await c.waitFrames(1, 20_000);
  c.send(authenticateV1(2, plainToken(user, password)));
  const frames = await c.waitFrames(2, 20_000);
  const auth = readAuthenticateV1(frames[1]);
  if (auth.errorCode !== 0) throw new Error(`login as ${user} failed: ${auth.message}`);
  let next = 3;
  return {
    raw: c,
    async call(key, version, fields = {}) {
      const id = next++;
      c.send(requestFrameOf(key, version, fields as Record<string, Value>, id));
      const got = await c.waitFrames(id, 20_000);
      return readResponse(got[id - 1], key, version).body;
    },
    close: () => c.close(),
  };
}

/** A request entity: `ent(['user', 'alice'], ['client-id', null])` (null = the default entity). */
export const ent = (...pairs: Array<[string, string | null]>) => pairs.map(([EntityType, EntityName]) => ({ EntityType, EntityName }));
/** An AlterClientQuotas op. */
export const op = (Key: string, Value: number, Remove = false) => ({ Key, Value, Remove });

/** DescribeClientQuotas entries as sorted `user=alice,client-id=null: key=value,...` lines. */
export const described = (m: Msg): string[] =>
  ((m.Entries as Msg[] | null) ?? [])
    .map(
      (e) =>
        `${(e.Entity as Msg[]).map((x) => `${x.EntityType as string}=${x.EntityName as string | null}`).join(',')}: ${(e.Values as Msg[]).map((v) => `${v.Key as string}=${v.Value as number}`).join(',')}`,
    )
    .sort();
