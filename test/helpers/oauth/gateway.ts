/**
 * OAUTHBEARER test fixtures: a Kafka gateway whose listener enables only OAUTHBEARER against a
 * TestIssuer, in front of the librdkafka mock cluster, and a raw KIP-255 client (SaslHandshake v1,
 * SaslAuthenticate v1 with the client first message, the ^A after an error challenge).
 */
import { Metrics } from '../../../src/metrics.js';
import { KafkaWriter } from '../../../src/protocol/kafka/writer.js';
import { KafkaReader } from '../../../src/protocol/kafka/reader.js';
import { oauthBearerMechanism } from '../../../src/sasl/oauthbearer.js';
import { remoteKeySource } from '../../../src/sasl/oauthbearer-jwks.js';
import type { JwtRules } from '../../../src/sasl/oauthbearer-jwt.js';
import { testPolicy } from '../auth.js';
import { startKafkaGateway, type KafkaTestGateway } from '../kafka/gateway.js';
import { startMockCluster, type MockCluster } from '../../../testkit/kafka/mock-cluster.js';
import { connectRaw, type RawClient } from '../raw-client.js';
import { startTestIssuer, type TestIssuer } from './issuer.js';
import type { TAP } from 'tap';

type Asserts = Pick<TAP, 'equal' | 'same' | 'ok' | 'notOk' | 'match'>;

export interface OAuthFixture {
  issuer: TestIssuer;
  cluster: MockCluster;
  gw: KafkaTestGateway;
  stop(): Promise<void>;
}

export async function startOAuthGateway(
  o: { rules?: Partial<JwtRules>; reauthenticateMs?: number; topics?: Array<{ name: string; partitions: number }>; tokenTtlSeconds?: number } = {},
): Promise<OAuthFixture> {
  const issuer = await startTestIssuer({ tokenTtlSeconds: o.tokenTtlSeconds });
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: o.topics ?? [{ name: 'oauth-t', partitions: 1 }] });
  const keys = remoteKeySource({ jwksUrl: issuer.jwksUrl, issuer: issuer.issuer });
  const rules: JwtRules = { issuer: issuer.issuer, audience: [issuer.audience], ...o.rules };
  const gw = await startKafkaGateway(cluster, {
    auth: async (m: Metrics) => ({
      ...(await testPolicy(m, { mechanisms: ['OAUTHBEARER'], reauthenticateMs: o.reauthenticateMs ?? null, throttle: null })),
      credentials: null,
      mechanismImpls: { OAUTHBEARER: oauthBearerMechanism({ rules, keys }) },
    }),
  });
  return {
    issuer,
    cluster,
    gw,
    stop: async () => {
      await gw.stop();
      await cluster.stop();
      await issuer.close();
    },
  };
}

export const clientFirst = (token: string, authzid = '') => Buffer.from(`n,${authzid ? `a=${authzid}` : ''},\u0001auth=Bearer ${token}\u0001\u0001`);
const handshake = (id: number) => new KafkaWriter(64).int16(17).int16(1).int32(id).nullableString('oauth-test').string('OAUTHBEARER').frame();
export const authenticate = (id: number, bytes: Buffer) => new KafkaWriter(bytes.length + 64).int16(36).int16(1).int32(id).nullableString('oauth-test').bytes(bytes).frame();

export interface AuthenticateAnswer {
  errorCode: number;
  message: string | null;
  authBytes: Buffer;
  sessionLifetimeMs: bigint;
}

export function readAuthenticate(frame: Buffer): AuthenticateAnswer {
  const r = new KafkaReader(frame, 4);
  r.int32();
  const errorCode = r.int16();
  const message = r.nullableString();
  const authBytes = r.bytes() ?? Buffer.alloc(0);
  return { errorCode, message, authBytes: Buffer.from(authBytes), sessionLifetimeMs: r.int64() };
}

/** Connects, sends SaslHandshake v1 (OAUTHBEARER) and the client first message; the first answer. */
export async function oauthLogin(port: number, token: string, authzid = ''): Promise<{ client: RawClient; first: AuthenticateAnswer }> {
  const client = await connectRaw(port);
  client.send(handshake(1));
  await client.waitFrames(1, 20_000);
  client.send(authenticate(2, clientFirst(token, authzid)));
  const frames = await client.waitFrames(2, 20_000);
  return { client, first: readAuthenticate(frames[1]) };
}

export interface Refusal {
  /** The answer to the client first message (error challenge, error code 0). */
  challenge: AuthenticateAnswer;
  /** The answer to the ^A (SASL_AUTHENTICATION_FAILED). */
  final: AuthenticateAnswer;
  /** The connection was closed by the gateway after the final answer. */
  closed: boolean;
}

/** The whole KIP-255 refusal: client first message, error challenge, ^A, failure, close. */
export async function refusedLogin(port: number, token: string): Promise<Refusal> {
  const { client, first } = await oauthLogin(port, token);
  client.send(authenticate(3, Buffer.from([0x01])));
  const frames = await client.waitFrames(3, 20_000);
  const closed = await Promise.race([client.closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5000))]);
  client.close();
  return { challenge: first, final: readAuthenticate(frames[2]), closed };
}

/**
 * Asserts the refusal a Kafka broker gives a bad token (error challenge, then
 * SASL_AUTHENTICATION_FAILED with the same JSON, connection closed), one SW_ERR_AUTH_FAILED log
 * line naming `reason`, and that the token never reaches the log.
 */
export async function expectRefused(t: Asserts, fx: OAuthFixture, token: string, reason: RegExp): Promise<void> {
  const before = fx.gw.lines.length;
  const r = await refusedLogin(fx.gw.port, token);
  t.equal(r.challenge.errorCode, 0, 'the first answer is an error challenge, not yet an error (KIP-255)');
  t.same(JSON.parse(r.challenge.authBytes.toString('utf8')), { status: 'invalid_token' }, 'challenge {"status":"invalid_token"}');
  t.equal(r.final.errorCode, 58, 'the ^A is answered with SASL_AUTHENTICATION_FAILED');
  t.equal(r.final.message, '{"status":"invalid_token"}', 'with the JSON as error message, as Kafka sends it');
  t.ok(r.closed, 'the gateway closes the connection');
  const failures = fx.gw.lines.slice(before).filter((l) => l.err === 'SW_ERR_AUTH_FAILED' && l.msg === 'authentication failed');
  t.equal(failures.length, 1, 'one authentication-failed log line');
  t.match(String(failures[0]?.reason), reason, 'naming why');
  const logged = JSON.stringify(fx.gw.lines);
  t.notOk(logged.includes(token.split('.')[2] || token), 'the token never reaches the log');
  t.notOk(
    fx.gw.lines.slice(before).some((l) => l.msg === 'authenticated'),
    'nobody logged in',
  );
}
