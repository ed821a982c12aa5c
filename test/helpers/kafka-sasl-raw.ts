/**
 * Raw Kafka SASL/PLAIN over SaslHandshake v1 + SaslAuthenticate v1 (what librdkafka and the Java
 * client send), for tests that open many connections at once, and a credential store that counts
 * the password checks it really runs.
 */
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { KafkaReader } from '../../src/protocol/kafka/reader.js';
import { CredentialStore } from '../../src/sasl/credentials.js';
import { connectRaw, type RawClient } from './raw-client.js';

export const handshakeV1 = (id: number, mechanism: string) => new KafkaWriter(64).int16(17).int16(1).int32(id).nullableString('guesser').string(mechanism).frame();
export const authenticateV1 = (id: number, token: Buffer) => new KafkaWriter(token.length + 64).int16(36).int16(1).int32(id).nullableString('guesser').bytes(token).frame();
export const plainToken = (u: string, p: string) => Buffer.from(`\u0000${u}\u0000${p}`);

export interface AuthAnswer {
  errorCode: number;
  message: string | null;
}

export function readAuthenticateV1(frame: Buffer): AuthAnswer {
  const r = new KafkaReader(frame, 4);
  r.int32();
  const errorCode = r.int16();
  const message = r.nullableString();
  return { errorCode, message };
}

/** Connects and completes SaslHandshake v1 for PLAIN (from `localAddress` when given). */
export async function plainReady(port: number, localAddress?: string): Promise<RawClient> {
  const c = await connectRaw(port, localAddress ? { localAddress } : {});
  c.send(handshakeV1(1, 'PLAIN'));
  await c.waitFrames(1, 20_000);
  return c;
}

/** Sends one SaslAuthenticate and reads its answer (frame #2 on a plainReady connection). */
export async function plainAttempt(c: RawClient, user: string, password: string, timeoutMs = 30_000): Promise<AuthAnswer> {
  c.send(authenticateV1(2, plainToken(user, password)));
  const frames = await c.waitFrames(2, timeoutMs);
  return readAuthenticateV1(frames[1]);
}

/** A real credential store (cheap scrypt) whose PLAIN checks are counted. */
export async function countingStore(users: Record<string, string>): Promise<{ store: CredentialStore; checks: () => number }> {
  const store = CredentialStore.empty({ scrypt: { N: 1024, r: 8, p: 1 }, iterations: 4096 });
  for (const [u, p] of Object.entries(users)) await store.addUser(u, p, { mechanisms: ['PLAIN'] });
  let n = 0;
  // every PLAIN check (verifyPlain included) goes through matchPlain: count it there, once
  const match = store.matchPlain.bind(store);
  store.matchPlain = (u: string, p: string) => {
    n++;
    return match(u, p);
  };
  return { store, checks: () => n };
}
