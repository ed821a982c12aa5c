// Attack: reach a SASL backend with the gateway's connection before the gateway has logged in
// on it. A client pipelines its own SaslHandshake, SaslAuthenticate and a Produce in ONE write;
// the Produce must reach the backend only after the gateway's SaslHandshake + SaslAuthenticate on
// that backend connection. The backend is a second streamward with a SASL listener (it refuses
// and closes on any request before login, SW_ERR_AUTH_REQUIRED); a recording proxy in between
// lists the api keys in the order they arrived.
import t from 'tap';
import { startMockCluster } from '../../testkit/kafka/mock-cluster.js';
import { KafkaWriter } from '../../src/protocol/kafka/writer.js';
import { connectRaw } from '../helpers/raw-client.js';
import { authenticateV1, handshakeV1, plainToken, readAuthenticateV1 } from '../helpers/kafka-sasl-raw.js';
import { BACKEND_USERS, CLIENT_USERS, backendPrincipals, startKafkaChain } from '../helpers/upstream/kafka-chain.js';

/** One magic-2 record batch header and body of `size` bytes (no real records; the backend may refuse its CRC, it must answer). */
function recordBatch(size: number): Buffer {
  const out = Buffer.alloc(size, 0x61);
  out.writeBigInt64BE(0n, 0);
  out.writeInt32BE(size - 12, 8);
  out.writeInt8(2, 16);
  out.writeInt16BE(0, 21);
  return out;
}

/** Produce v3, acks=1, one partition of `topic`. */
function produceV3(correlationId: number, topic: string): Buffer {
  return new KafkaWriter(256)
    .int16(0)
    .int16(3)
    .int32(correlationId)
    .nullableString('attacker')
    .nullableString(null)
    .int16(1)
    .int32(5000)
    .array([topic], (w, name) => {
      w.string(name).array([0], (p, index) => void p.int32(index).bytes(recordBatch(120)));
    })
    .frame();
}

t.test('a Produce pipelined with the client login reaches the backend only after the gateway logged in', async (t) => {
  const cluster = await startMockCluster({ brokers: 1, flavor: '2.0', topics: [{ name: 'pipelined', partitions: 1 }] });
  t.teardown(() => cluster.stop());
  const chain = await startKafkaChain({ cluster, backendSasl: '{ mechanism: SCRAM-SHA-512, identity: service, username: svc, password: "${P}" }', env: { P: BACKEND_USERS.svc } });
  t.teardown(() => chain.close());

  const c = await connectRaw(chain.a.listeners.get('a')!.boundPort);
  t.teardown(() => c.close());
  // before its own login the client may ask ApiVersions: answered from the backend's pre-auth
  // ApiVersions, on a connection where the gateway does NOT log in for the unauthenticated client
  c.send(new KafkaWriter(32).int16(18).int16(0).int32(0).nullableString('attacker').frame());
  await c.waitFrames(1, 20_000);
  c.send(Buffer.concat([handshakeV1(1, 'PLAIN'), authenticateV1(2, plainToken('alice', CLIENT_USERS.alice)), produceV3(3, 'pipelined')]));
  const frames = (await c.waitFrames(4, 20_000)).slice(1);
  t.equal(readAuthenticateV1(frames[1]).errorCode, 0, 'the client logged in to the gateway');
  t.equal(frames[2].readInt32BE(4), 3, 'the Produce was answered (by the backend, through the gateway)');
  const probes = chain.proxy.keys.filter((keys) => keys.includes(18));
  t.ok(probes.length >= 1, 'the pre-auth ApiVersions reached the backend on a probe connection');
  t.ok(
    probes.every((keys) => keys.every((k) => k === 18)),
    'with no login on it: the gateway never logs in on behalf of an unauthenticated client',
  );

  const produceConnections = chain.proxy.keys.filter((keys) => keys.includes(0));
  t.equal(produceConnections.length, 1, 'one backend connection carried the Produce');
  // SCRAM: SaslHandshake, then two SaslAuthenticate rounds, then the client's Produce
  t.same(produceConnections[0], [17, 36, 36, 0], 'the gateway login came first, the client frame after it');
  t.notOk(
    chain.bLines.some((l) => l.err === 'SW_ERR_AUTH_REQUIRED'),
    'the backend never saw a request before the login',
  );
  t.same([...new Set(backendPrincipals(chain))], ['User:svc']);
});
